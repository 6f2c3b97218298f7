import { leValue, matchers, num, type AlertingRule, type RuleGroup } from "./rules";
import { MISSING_ALERT, PAGE_ALERT, ratioRecord, TICKET_ALERT, type Slo } from "./slo";

/**
 * promtool unit tests for an SLO's burn-rate alerts, generated from the SLO
 * itself: a synthetic outage pages (and tickets), healthy traffic at half
 * the budget's rate stays quiet, and a slow burn at twice the rate opens a
 * ticket without paging. `promtool test rules` runs them against the very
 * rules the cluster gets.
 */
interface Scenario {
  readonly name: string;
  /** The bad fraction, as a multiple of the error budget. */
  readonly burn: number;
  readonly minutes: number;
  readonly checks: readonly { readonly at: string; readonly page: boolean; readonly ticket: boolean }[];
}

// Every series starts at time 0, so every range holds the same fraction: an hour shows each alert's verdict.
const SCENARIOS: readonly Scenario[] = [
  { name: "an outage at 20x the budget's rate pages and opens a ticket", burn: 20, minutes: 60, checks: [{ at: "30m", page: true, ticket: true }] },
  { name: "healthy traffic at half the budget's rate stays quiet", burn: 0.5, minutes: 60, checks: [{ at: "1h", page: false, ticket: false }] },
  { name: "a slow burn at twice the budget's rate opens a ticket and does not page", burn: 2, minutes: 60, checks: [{ at: "1h", page: false, ticket: true }] },
];

/** Requests a minute, and Applications, the synthetic series are made of. */
const REQUESTS = 1000;
const APPS = 200;

/**
 * The SLO's series with a steady bad fraction for `minutes`, then (idle) as many minutes flat, as counters stand
 * still when nobody calls. A bad fraction of 0 writes no bad series at all, as an app that never failed exports
 * none. `requests` a minute (REQUESTS unless told).
 */
export function sloSeries(slo: Slo, bad: number, minutes: number, after: { idle?: number; requests?: number } = {}): { series: string; values: string }[] {
  const f = slo.fixture;
  const perMinute = after.requests ?? REQUESTS;
  const steady = (n: number) => `0+${num(n)}x${minutes}${after.idle ? ` ${num(n * minutes)}+0x${after.idle}` : ""}`;
  if (f.kind === "requests") {
    return [
      { series: `${f.metric}${matchers({ ...f.labels, code: "200" })}`, values: steady(perMinute * (1 - bad)) },
      ...(bad > 0 ? [{ series: `${f.metric}${matchers({ ...f.labels, code: "503" })}`, values: steady(perMinute * bad) }] : []),
      // What the SLI must not count: another component's requests (the API behind the front door) and, where the
      // metric names its route, the health checks; all failing, so counting them would page.
      ...noise(f.metric, f.labels, minutes, { code: "503" }),
    ];
  }
  if (f.kind === "latency") {
    return [
      { series: `${f.metric}_bucket${matchers({ ...f.labels, le: leValue(f.threshold) })}`, values: steady(perMinute * (1 - bad)) },
      { series: `${f.metric}_bucket${matchers({ ...f.labels, le: "+Inf" })}`, values: steady(perMinute) },
      { series: `${f.metric}_count${matchers(f.labels)}`, values: steady(perMinute) },
      ...noise(`${f.metric}_count`, f.labels, minutes),
    ];
  }
  const outOfSync = Math.round(bad * APPS);
  return Array.from({ length: APPS }, (_, i) => ({
    series: `argocd_app_info{cluster="hub",namespace="argocd",name="app-${i}",sync_status="${i < outOfSync ? "OutOfSync" : "Synced"}",health_status="Healthy"}`,
    // Applications never idle: they keep reporting through the spell.
    values: `1x${minutes + (after.idle ?? 0)}`,
  }));
}

/** A stretch of a resolve scenario: so many minutes at a burn rate (a multiple of the budget). */
interface Phase {
  readonly minutes: number;
  readonly burn: number;
}

/**
 * How long a page outlasts an outage, as promtool shows it: after six healthy hours (half the budget's rate), an
 * outage at 20x for `outage` minutes, then health again. An hour's outage is paged by the 1h/5m pair alone, which
 * lets go within minutes; three hours also fill the 6-hour window, and its 30-minute partner holds the page. The
 * runbook states these times; a test holds it to them.
 */
export const RESOLVE = {
  short: { outage: 60, firingAt: 2, quietAt: 6 },
  long: { outage: 180, firingAt: 20, quietAt: 28 },
} as const;

function phased(slo: Slo, phases: readonly Phase[]): { series: string; values: string }[] {
  const f = slo.fixture;
  const counter = (perMinute: (burn: number) => number) => {
    let at = 0;
    return phases
      .map((ph) => {
        const seg = `${num(at)}+${num(perMinute(ph.burn))}x${ph.minutes}`;
        at += perMinute(ph.burn) * ph.minutes;
        return seg;
      })
      .join(" ");
  };
  const bad = (burn: number) => fraction(slo, burn);
  if (f.kind === "requests") {
    return [
      { series: `${f.metric}${matchers({ ...f.labels, code: "200" })}`, values: counter((b) => REQUESTS * (1 - bad(b))) },
      { series: `${f.metric}${matchers({ ...f.labels, code: "503" })}`, values: counter((b) => REQUESTS * bad(b)) },
    ];
  }
  if (f.kind === "latency") {
    return [
      { series: `${f.metric}_bucket${matchers({ ...f.labels, le: leValue(f.threshold) })}`, values: counter((b) => REQUESTS * (1 - bad(b))) },
      { series: `${f.metric}_count${matchers(f.labels)}`, values: counter(() => REQUESTS) },
    ];
  }
  // Applications: each is OutOfSync or Synced in each stretch; a series absent in a stretch writes _ there.
  return Array.from({ length: APPS }, (_, i) =>
    (["OutOfSync", "Synced"] as const).map((status) => ({
      series: `argocd_app_info{cluster="hub",namespace="argocd",name="app-${i}",sync_status="${status}",health_status="Healthy"}`,
      values: phases.map((ph) => `${(i < Math.round(bad(ph.burn) * APPS)) === (status === "OutOfSync") ? "1" : "_"}x${ph.minutes - 1}`).join(" "),
    })),
  ).flat();
}

/** Failing requests the SLI must leave out: a component behind the front door, and the health endpoints. */
function noise(metric: string, labels: Readonly<Record<string, string>>, minutes: number, failing: Record<string, string> = {}): { series: string; values: string }[] {
  const values = `0+${num(REQUESTS)}x${minutes}`;
  const out = [{ series: `${metric}${matchers({ ...labels, component: `${labels.component}-backend`, ...failing })}`, values }];
  const route = Object.keys(labels).find((k) => !["app", "component"].includes(k));
  if (route) out.push({ series: `${metric}${matchers({ ...labels, [route]: "/healthz", ...failing })}`, values });
  return out;
}

/** The bad fraction of a scenario, exact for the sync SLO's whole number of Applications. */
function fraction(slo: Slo, burn: number): number {
  const bad = Math.min(1, burn * ((100 - slo.objective) / 100));
  if (slo.fixture.kind !== "sync") return bad;
  const n = Math.round(bad * APPS);
  if (n === 0 || Math.abs(n / APPS - bad) / bad > 0.25) throw new Error(`${slo.name}: ${APPS} Applications cannot show a ${burn}x burn of a ${slo.objective}% objective`);
  return bad;
}

function expected(alert: AlertingRule | undefined, firing: boolean) {
  if (!alert || !firing) return [];
  return [{ exp_labels: { ...alert.labels }, exp_annotations: { ...alert.annotations } }];
}

/** The promtool test file of one SLO's rule group, written beside `ruleFile`. */
export function sloTests(slo: Slo, group: RuleGroup, ruleFile: string): Record<string, unknown> {
  const alerts = group.rules.filter((r): r is AlertingRule => "alert" in r);
  const page = alerts.find((a) => a.alert === PAGE_ALERT);
  const ticket = alerts.find((a) => a.alert === TICKET_ALERT);
  const missing = alerts.find((a) => a.alert === MISSING_ALERT);
  const sel = `{slo="${slo.name}"}`;
  const near = (expr: string, value: number) => ({ expr: `count(abs(${expr} - ${num(value)}) < 1e-9)`, eval_time: "", exp_samples: [{ labels: "{}", value: 1 }] });
  const healthy = fraction(slo, 0.5);
  return {
    rule_files: [ruleFile],
    evaluation_interval: "1m",
    tests: [
      ...SCENARIOS.map((s) => ({
        name: `${slo.name}: ${s.name}`,
        interval: "1m",
        input_series: sloSeries(slo, fraction(slo, s.burn), s.minutes),
        alert_rule_test: s.checks.flatMap((c) => [
          { eval_time: c.at, alertname: PAGE_ALERT, exp_alerts: expected(page, c.page) },
          { eval_time: c.at, alertname: TICKET_ALERT, exp_alerts: expected(ticket, c.ticket) },
        ]),
      })),
      // The resolve times belong to the window pairs, which every SLO shares: the availability SLOs' tests hold them.
      // Each of these hours-long cases costs promtool seconds in every file it is in (the sync SLO's 200 Applications
      // most), and a latency SLO's would show the same minutes.
      ...(slo.fixture.kind !== "requests" ? [] : (["short", "long"] as const)).map((kind) => {
        const r = RESOLVE[kind];
        const end = 360 + r.outage;
        return {
          name: `${slo.name}: after ${r.outage} minutes at 20x the page stays ${r.firingAt} minutes and is gone ${r.quietAt} minutes after recovery`,
          interval: "1m",
          input_series: phased(slo, [
            { minutes: 360, burn: 0.5 },
            { minutes: r.outage, burn: 20 },
            { minutes: 60, burn: 0.5 },
          ]),
          alert_rule_test: [
            { eval_time: `${end - 5}m`, alertname: PAGE_ALERT, exp_alerts: expected(page, true) },
            { eval_time: `${end + r.firingAt}m`, alertname: PAGE_ALERT, exp_alerts: expected(page, true) },
            { eval_time: `${end + r.quietAt}m`, alertname: PAGE_ALERT, exp_alerts: [] },
          ],
        };
      }),
      {
        // Before the first bad event there is no bad series: the SLI is 0, not absent, and nothing is missing.
        name: `${slo.name}: with only good events the SLI is 0, not absent`,
        interval: "1m",
        input_series: sloSeries(slo, 0, 60),
        promql_expr_test: [{ ...near(`${ratioRecord("5m")}${sel}`, 0), eval_time: "30m" }, { ...near(`${ratioRecord(slo.window)}${sel}`, 0), eval_time: "1h" }],
        alert_rule_test: [{ eval_time: "1h", alertname: MISSING_ALERT, exp_alerts: [] }],
      },
      {
        // Three idle hours after one busy one: the window's SLI keeps the busy hour's value (no 0/0), and stays quiet.
        name: `${slo.name}: an idle spell leaves the ${slo.window} SLI defined`,
        interval: "1m",
        input_series: sloSeries(slo, healthy, 60, { idle: 180 }),
        promql_expr_test: [{ ...near(`${ratioRecord(slo.window)}${sel}`, healthy), eval_time: "4h" }],
        alert_rule_test: [
          { eval_time: "4h", alertname: PAGE_ALERT, exp_alerts: [] },
          { eval_time: "4h", alertname: MISSING_ALERT, exp_alerts: [] },
        ],
      },
      {
        // The series end at 30 minutes (targets gone): the SLI goes blank 5 minutes later, the ticket fires 15 after.
        name: `${slo.name}: an SLI that vanishes opens a ticket`,
        interval: "1m",
        input_series: sloSeries(slo, healthy, 30),
        alert_rule_test: [
          { eval_time: "30m", alertname: MISSING_ALERT, exp_alerts: [] },
          { eval_time: "1h", alertname: MISSING_ALERT, exp_alerts: expected(missing, true) },
        ],
      },
    ],
  };
}
