import { num } from "./rules";
import { CANARY_MIN_RATE, type CanaryCheck } from "./canary";
import { sloSeries } from "./rule-tests";

/** Minutes of synthetic series; the verdict is read at the last but one. */
const MINUTES = 15;
/** The hash of the new pods in the tests, and of the old ones. */
const CANARY = "canary";
const STABLE = "stable";

/**
 * promtool tests of a canary's analysis queries, for `gitops-out/rule-tests/`:
 * a canary failing at twice the threshold fails the measurement, a healthy
 * one passes while the old pods fail (only the canary's requests count), and
 * one that has served nothing, gone idle, or served too few requests gives no
 * result, which passes the minute. The series are the SLO tests' own, with
 * the pods' template hash among their labels.
 */
export function canaryTests(workload: string, checks: readonly CanaryCheck[]): Record<string, unknown> {
  const at = `${MINUTES - 1}m`;
  return {
    rule_files: [],
    evaluation_interval: "1m",
    tests: checks.flatMap((c) => {
      const q = c.query(CANARY);
      const fails = `count((${q}) > ${num(c.threshold)})`;
      const canary = (bad: number, after: { idle?: number; requests?: number } = {}) => sloSeries(c.slo(CANARY), bad, after.idle ? 5 : MINUTES, after);
      const stable = (bad: number) => sloSeries(c.slo(STABLE), bad, MINUTES);
      return [
        {
          name: `${workload} ${c.name}: a canary at twice the threshold (${num(c.threshold)}) fails the measurement`,
          interval: "1m",
          input_series: [...canary(2 * c.threshold), ...stable(0)],
          promql_expr_test: [{ expr: fails, eval_time: at, exp_samples: [{ labels: "{}", value: 1 }] }],
        },
        {
          name: `${workload} ${c.name}: a canary at half the threshold passes, though the old pods fail`,
          interval: "1m",
          input_series: [...canary(c.threshold / 2), ...stable(0.5)],
          promql_expr_test: [{ expr: fails, eval_time: at, exp_samples: [] }],
        },
        {
          name: `${workload} ${c.name}: a canary that has served nothing gives no result, and the minute passes`,
          interval: "1m",
          input_series: stable(0.5),
          promql_expr_test: [{ expr: q, eval_time: at, exp_samples: [] }],
        },
        {
          name: `${workload} ${c.name}: a canary gone idle gives no result (not 0/0), and the minute passes`,
          interval: "1m",
          input_series: [...canary(0.5, { idle: MINUTES - 5 }), ...stable(0)],
          promql_expr_test: [{ expr: q, eval_time: at, exp_samples: [] }],
        },
        {
          name: `${workload} ${c.name}: a canary below ${num(CANARY_MIN_RATE * 60)} requests a minute gives no verdict, though half fail`,
          interval: "1m",
          input_series: [...canary(0.5, { requests: CANARY_MIN_RATE * 60 - 2 }), ...stable(0)],
          promql_expr_test: [{ expr: q, eval_time: at, exp_samples: [] }],
        },
      ];
    }),
  };
}
