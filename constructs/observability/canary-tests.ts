import { leValue, num } from "./rules";
import { CANARY_MIN_RATE, HASH_LABEL, type CanaryCheck } from "./canary";
import type { Slo } from "./slo";

/** Requests a minute each synthetic pod set serves. */
const PER_MINUTE = 1000;
const MINUTES = 15;
/** The hash of the new pods in the tests, and of the old ones. */
const CANARY = "canary";
const STABLE = "stable";

/**
 * Counter series of a pod set whose bad fraction is `bad`, in the SLO's own metric and labels: `perMinute`
 * requests a minute, or, with `idle`, that many for five minutes and none after.
 */
function series(slo: Slo, hash: string, bad: number, perMinute = PER_MINUTE, idle = false): { series: string; values: string }[] {
  const f = slo.fixture;
  const labels = (extra: Record<string, string>) => {
    const l = { ...(f.kind === "sync" ? {} : f.labels), [HASH_LABEL]: hash, ...extra };
    return `{${Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(",")}}`;
  };
  const counter = (n: number) => (idle ? `0+${n}x5 ${5 * n}x${MINUTES - 5}` : `0+${n}x${MINUTES}`);
  const badCount = Math.round(perMinute * bad);
  if (f.kind === "requests") {
    return [
      { series: `${f.metric}${labels({ code: "200" })}`, values: counter(perMinute - badCount) },
      ...(badCount > 0 ? [{ series: `${f.metric}${labels({ code: "500" })}`, values: counter(badCount) }] : []),
    ];
  }
  if (f.kind === "latency") {
    return [
      { series: `${f.metric}_count${labels({})}`, values: counter(perMinute) },
      { series: `${f.metric}_bucket${labels({ le: leValue(f.threshold) })}`, values: counter(perMinute - badCount) },
    ];
  }
  throw new Error("the sync SLO judges no canary");
}

/**
 * promtool tests of a canary's analysis queries, for `gitops-out/rule-tests/`:
 * a canary failing at twice the threshold fails the measurement, a healthy
 * one passes while the old pods fail (only the canary's requests count), and
 * one that has served nothing, gone idle, or served too few requests gives no
 * result, which passes the minute.
 */
export function canaryTests(workload: string, checks: readonly CanaryCheck[]): Record<string, unknown> {
  const at = `${MINUTES - 1}m`;
  return {
    rule_files: [],
    evaluation_interval: "1m",
    tests: checks.flatMap((c) => {
      const q = c.query(CANARY);
      const fails = `count((${q}) > ${num(c.threshold)})`;
      const slo = c.slo(CANARY);
      const others = c.slo(STABLE);
      return [
        {
          name: `${workload} ${c.name}: a canary at twice the threshold (${num(c.threshold)}) fails the measurement`,
          interval: "1m",
          input_series: [...series(slo, CANARY, 2 * c.threshold), ...series(others, STABLE, 0)],
          promql_expr_test: [{ expr: fails, eval_time: at, exp_samples: [{ labels: "{}", value: 1 }] }],
        },
        {
          name: `${workload} ${c.name}: a canary at half the threshold passes, though the old pods fail`,
          interval: "1m",
          input_series: [...series(slo, CANARY, c.threshold / 2), ...series(others, STABLE, 0.5)],
          promql_expr_test: [{ expr: fails, eval_time: at, exp_samples: [] }],
        },
        {
          name: `${workload} ${c.name}: a canary that has served nothing gives no result, and the minute passes`,
          interval: "1m",
          input_series: series(others, STABLE, 0.5),
          promql_expr_test: [{ expr: q, eval_time: at, exp_samples: [] }],
        },
        {
          name: `${workload} ${c.name}: a canary gone idle gives no result (not 0/0), and the minute passes`,
          interval: "1m",
          input_series: [...series(slo, CANARY, 0.5, PER_MINUTE, true), ...series(others, STABLE, 0)],
          promql_expr_test: [{ expr: q, eval_time: at, exp_samples: [] }],
        },
        {
          name: `${workload} ${c.name}: a canary below ${num(CANARY_MIN_RATE * 60)} requests a minute gives no verdict, though half fail`,
          interval: "1m",
          input_series: [...series(slo, CANARY, 0.5, Math.floor(CANARY_MIN_RATE * 60) - 2), ...series(others, STABLE, 0)],
          promql_expr_test: [{ expr: q, eval_time: at, exp_samples: [] }],
        },
      ];
    }),
  };
}
