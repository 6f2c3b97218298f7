import { num, type AlertingRule, type RuleGroup } from "./rules";
import { PAGE_ALERT, TICKET_ALERT, type Slo } from "./slo";

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

function series(slo: Slo, bad: number, minutes: number): { series: string; values: string }[] {
  const f = slo.fixture;
  const steady = (perMinute: number) => `0+${num(perMinute)}x${minutes}`;
  if (f.kind === "requests") {
    return [
      { series: `${f.metric}{app="${f.app}",code="200"}`, values: steady(REQUESTS * (1 - bad)) },
      { series: `${f.metric}{app="${f.app}",code="503"}`, values: steady(REQUESTS * bad) },
    ];
  }
  if (f.kind === "latency") {
    return [
      { series: `${f.metric}_bucket{app="${f.app}",le="${num(f.threshold)}"}`, values: steady(REQUESTS * (1 - bad)) },
      { series: `${f.metric}_bucket{app="${f.app}",le="+Inf"}`, values: steady(REQUESTS) },
      { series: `${f.metric}_count{app="${f.app}"}`, values: steady(REQUESTS) },
    ];
  }
  const outOfSync = Math.round(bad * APPS);
  return Array.from({ length: APPS }, (_, i) => ({
    series: `argocd_app_info{cluster="hub",namespace="argocd",name="app-${i}",sync_status="${i < outOfSync ? "OutOfSync" : "Synced"}",health_status="Healthy"}`,
    values: `1x${minutes}`,
  }));
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
  return {
    rule_files: [ruleFile],
    evaluation_interval: "1m",
    tests: SCENARIOS.map((s) => ({
      name: `${slo.name}: ${s.name}`,
      interval: "1m",
      input_series: series(slo, fraction(slo, s.burn), s.minutes),
      alert_rule_test: s.checks.flatMap((c) => [
        { eval_time: c.at, alertname: PAGE_ALERT, exp_alerts: expected(page, c.page) },
        { eval_time: c.at, alertname: TICKET_ALERT, exp_alerts: expected(ticket, c.ticket) },
      ]),
    })),
  };
}
