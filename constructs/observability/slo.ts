import { BURN_RATES, type SloWindow } from "../../lib/model/slo";
import { leValue, matchers, num, quote, type AlertingRule, type RecordingRule, type RuleGroup, type Severity } from "./rules";

/**
 * One service level objective: what fraction of events may be bad over the
 * window, and how to count the bad fraction over any range. Every SLO
 * becomes the same rules: one recording rule per range the factor set
 * uses, and a paging and a ticketing multi-window burn-rate alert.
 */
export interface Slo {
  /** The slo label: <app>-availability, <app>-latency, platform-sync. */
  readonly name: string;
  readonly team: string;
  readonly app?: string;
  /** Percent, below 100. */
  readonly objective: number;
  readonly window: SloWindow;
  /** What "good" means, for the alert's description. */
  readonly description: string;
  /** PromQL: the fraction of bad events over `range` (such as 1h); 0, not absent, before the first bad one. */
  errorRatio(range: string): string;
  /**
   * Request SLOs: bad and all events a second over `range`, so the window is counted from events (idle
   * spells add nothing, busy hours weigh by traffic). None for the sync SLO, whose events (Application-
   * minutes) come at a steady rate: its window averages the ratio.
   */
  readonly events?: { bad(range: string): string; all(range: string): string };
  /** Synthetic series with a constant bad fraction, for the promtool tests. */
  readonly fixture: SloFixture;
}

export type SloFixture =
  | { readonly kind: "requests"; readonly metric: string; readonly app: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: "latency"; readonly metric: string; readonly app: string; readonly threshold: number; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: "sync" };

/**
 * Which of an app's requests its SLIs count: those of its front door (one component, so a request the frontend
 * passes to the API counts once), without its health endpoints where the metric names the route.
 */
export interface SliScope {
  readonly app: string;
  readonly component: string;
  /** The metric's route label and the paths to leave out. @default every route */
  readonly route?: { readonly label: string; readonly exclude: readonly string[] };
  /** More labels the requests must carry, such as a canary's pod-template hash. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

function scopeMatchers(s: SliScope): { labels: Record<string, string>; extra: string[] } {
  const extra = s.route ? [`${s.route.label}!~${quote(s.route.exclude.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"))}`] : [];
  return { labels: { app: s.app, component: s.component, ...s.labels }, extra };
}

/** The labels of a request the scope counts, for the promtool fixtures. */
function scopeSample(s: SliScope): Record<string, string> {
  return { app: s.app, component: s.component, ...s.labels, ...(s.route ? { [s.route.label]: "/api/work" } : {}) };
}

export const ERROR_RATIO = "slo:error_ratio";

/** The recording rule of an SLO's error ratio over a range. */
export function ratioRecord(range: string): string {
  return `${ERROR_RATIO}:rate${range}`;
}

/** Availability: requests answered with a 5xx, of all requests. */
export function availabilitySlo(scope: SliScope, team: string, metric: string, objective: number, window: SloWindow): Slo {
  const app = scope.app;
  const m = scopeMatchers(scope);
  const sel = (extra: string[] = []) => `${metric}${matchers(m.labels, [...m.extra, ...extra])}`;
  // Before the first 5xx there is no 5xx series: the sum is empty, and counts as none.
  const events = { bad: (r: string) => `(sum(rate(${sel([`code=~"5.."`])}[${r}])) or vector(0))`, all: (r: string) => `sum(rate(${sel()}[${r}]))` };
  return {
    name: `${app}-availability`,
    team,
    app,
    objective,
    window,
    description: `${num(objective)}% of ${app}'s requests succeed (no 5xx)`,
    errorRatio: (r) => `${events.bad(r)} / ${events.all(r)}`,
    events,
    fixture: { kind: "requests", metric, app, labels: scopeSample(scope) },
  };
}

/**
 * Latency: requests slower than the threshold (a bucket boundary of the
 * histogram, its `le` written as Prometheus 3 stores it), of all requests.
 */
export function latencySlo(scope: SliScope, team: string, histogram: string, threshold: number, objective: number, window: SloWindow): Slo {
  const app = scope.app;
  const m = scopeMatchers(scope);
  const all = (r: string) => `sum(rate(${histogram}_count${matchers(m.labels, m.extra)}[${r}]))`;
  const fast = (r: string) => `(sum(rate(${histogram}_bucket${matchers({ ...m.labels, le: leValue(threshold) }, m.extra)}[${r}])) or vector(0))`;
  const events = { bad: (r: string) => `(${all(r)} - ${fast(r)})`, all };
  return {
    name: `${app}-latency`,
    team,
    app,
    objective,
    window,
    description: `${num(objective)}% of ${app}'s requests complete within ${num(threshold)}s`,
    errorRatio: (r) => `${events.bad(r)} / ${events.all(r)}`,
    events,
    fixture: { kind: "latency", metric: histogram, app, threshold, labels: scopeSample(scope) },
  };
}

/** Argo CD Applications that have been OutOfSync at every minute of the last five, of all Applications. */
export const OUT_OF_SYNC_RATIO = "argocd:app_out_of_sync_5m:ratio";

const APP = "cluster, namespace, name";

/**
 * The platform's own: Applications reach Synced within 5 minutes of a
 * change. Argo CD exports no commit-to-sync latency, so the bad events are
 * Application-minutes spent OutOfSync for more than five minutes running.
 */
export function syncSlo(team: string, objective: number): Slo {
  return {
    name: "platform-sync",
    team,
    objective,
    window: "30d",
    description: `Argo CD Applications reach Synced within 5 minutes of a change ${num(objective)}% of the time`,
    errorRatio: (r) => `avg_over_time(${OUT_OF_SYNC_RATIO}[${r}])`,
    fixture: { kind: "sync" },
  };
}

/** The Application-level ratio the sync SLO averages, recorded every minute. */
export function outOfSyncRecord(): RecordingRule {
  const outOfSync = `max by (${APP}) (argocd_app_info{sync_status="OutOfSync"})`;
  const all = `max by (${APP}) (argocd_app_info)`;
  return { record: OUT_OF_SYNC_RATIO, expr: `sum(min_over_time((${outOfSync} or ${all} * 0)[5m:1m])) / count(${all})` };
}

/** Ranges the factor set reads, shortest first. */
function ranges(window: SloWindow): string[] {
  const seconds = (r: string) => Number(r.slice(0, -1)) * { m: 60, h: 3600, d: 86400 }[r.slice(-1) as "m" | "h" | "d"];
  return [...new Set(BURN_RATES[window].flatMap((f) => [f.short, f.long]))].sort((a, b) => seconds(a) - seconds(b));
}

export const PAGE_ALERT = "SLOBudgetBurnPage";
/** The cluster label of an SLO's alerts: the SLO spans every cluster its app runs on. */
export const ALL_CLUSTERS = "all";
export const TICKET_ALERT = "SLOBudgetBurnTicket";
export const MISSING_ALERT = "SLIMissing";
/** Bad and all events a second over the shortest range, which the window's ratio sums. */
export const BAD_EVENTS = "slo:bad_events:rate";
export const ALL_EVENTS = "slo:events:rate";

/** The rules of one SLO: its error ratio over every range, and the two burn-rate alerts. */
export function sloRuleGroup(slo: Slo, runbookUrl: string): RuleGroup {
  const labels = { slo: slo.name, team: slo.team, ...(slo.app ? { app: slo.app } : {}) };
  // The SLO counts every cluster's events together; without a cluster label of its own, the hub's external label
  // would name the hub as the cluster at fault.
  const alertLabels = { ...labels, cluster: ALL_CLUSTERS };
  const budget = (100 - slo.objective) / 100;
  const short = ranges(slo.window);
  const sel = matchers({ slo: slo.name });
  const records: RecordingRule[] = [
    ...short.map((r) => ({ record: ratioRecord(r), expr: slo.errorRatio(r), labels })),
    // The whole window: from the events of the shortest range where the SLO counts events (an idle spell adds
    // nothing to either side, so the ratio stays defined and busy hours weigh by their traffic), else the average.
    ...(slo.events
      ? [
          { record: `${BAD_EVENTS}${short[0]}`, expr: slo.events.bad(short[0]), labels },
          { record: `${ALL_EVENTS}${short[0]}`, expr: slo.events.all(short[0]), labels },
          { record: ratioRecord(slo.window), expr: `sum_over_time(${BAD_EVENTS}${short[0]}${sel}[${slo.window}]) / sum_over_time(${ALL_EVENTS}${short[0]}${sel}[${slo.window}])`, labels },
        ]
      : [{ record: ratioRecord(slo.window), expr: `avg_over_time(${ratioRecord(short[0])}${sel}[${slo.window}])`, labels }]),
  ];
  const alert = (severity: Severity, name: string, forDuration: string): AlertingRule => {
    const pairs = BURN_RATES[slo.window].filter((f) => f.severity === severity);
    const expr = pairs
      .map((f) => `(${ratioRecord(f.long)}${matchers({ slo: slo.name })} > ${num(f.factor * budget)} and ${ratioRecord(f.short)}${matchers({ slo: slo.name })} > ${num(f.factor * budget)})`)
      .join(" or ");
    const how = pairs.map((f) => `${num(f.factor)}x over ${f.long} and ${f.short}`).join(", or ");
    return {
      alert: name,
      expr,
      for: forDuration,
      labels: { severity, ...alertLabels },
      annotations: {
        summary: `${slo.name}: the error budget burns ${severity === "page" ? "fast" : "steadily"}`,
        description: `SLO: ${slo.description} over ${slo.window}. The error budget (${num(budget * 100)}% of events) is burning at ${how}; left alone it runs out ${severity === "page" ? "within days" : "before the window ends"}.`,
        runbook_url: runbookUrl,
      },
    };
  };
  // An SLI that vanishes (its metric renamed, its targets gone) would silence both alerts: that is a ticket of its own.
  const missing: AlertingRule = {
    alert: MISSING_ALERT,
    expr: `absent(${ratioRecord(short[0])}${sel})`,
    for: "15m",
    labels: { severity: "ticket", ...alertLabels },
    annotations: {
      summary: `${slo.name}: the SLI has no data`,
      description: `SLO: ${slo.description}. Its error ratio has had no value for 15 minutes: the metric it reads is gone (targets down, renamed, or never scraped), so its burn-rate alerts cannot fire.`,
      runbook_url: runbookUrl,
    },
  };
  return { name: `slo-${slo.name}`, rules: [...records, alert("page", PAGE_ALERT, "2m"), alert("ticket", TICKET_ALERT, "15m"), missing] };
}

