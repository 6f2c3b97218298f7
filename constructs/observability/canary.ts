import type { ResolvedApp } from "../../lib/model/resolve";
import { BURN_RATES, type SloWindow } from "../../lib/model/slo";
import { num } from "./rules";
import { availabilitySlo, latencySlo, type Slo } from "./slo";

/** The argument Argo Rollouts fills with the canary's pod-template hash (`podTemplateHashValue: Latest`). */
export const CANARY_HASH_ARG = "canary-hash";
/** The label the app's PodMonitor copies from each pod's `rollouts-pod-template-hash`: a canary's requests, told apart. */
export const HASH_LABEL = "rollouts_pod_template_hash";
/** The cluster's own Prometheus (kube-prometheus-stack's Service), which each measurement queries. */
export const PROMETHEUS_URL = "http://kube-prometheus-stack-prometheus.monitoring.svc:9090";
/** The range a measurement reads: four of the PodMonitor's 30 s scrapes. */
export const CANARY_RANGE = "2m";
/**
 * Requests a second the canary must have served over the range (60 in two minutes) for a verdict: below it
 * the query gives no result and the minute passes, so an idle canary (0/0) or a single error among a handful
 * of requests does not roll it back.
 */
export const CANARY_MIN_RATE = 0.5;

/** One SLO of the app, measured over the canary's pods alone. */
export interface CanaryCheck {
  /** The metric's name in the AnalysisTemplate: availability or latency. */
  readonly name: string;
  /** The SLO, scoped to the cluster, the component and the pod-template hash `hash`. */
  slo(hash: string): Slo;
  /** The measurement: the canary's bad fraction over the range, or nothing below the minimum traffic. */
  query(hash: string): string;
  /** The bad fraction above which a measurement fails: the SLO's budget at the burn rate that pages. */
  readonly threshold: number;
}

/**
 * What judges a canary of `component`: each SLO of its app, counted over
 * the canary's own pods (the component's requests, its health endpoints
 * left out as the SLI leaves them), failing where the canary alone would
 * burn the error budget at the fastest rate that pages.
 */
export function canaryChecks(app: ResolvedApp, component: string, cluster: string): CanaryCheck[] {
  const s = app.spec.slo;
  const m = app.spec.metrics;
  if (!s || !m) return [];
  const window = s.window as SloWindow;
  const page = Math.max(...BURN_RATES[window].filter((f) => f.severity === "page").map((f) => f.factor));
  const scope = (hash: string) => ({
    app: app.name,
    component,
    route: m.route ? { label: m.route, exclude: [app.spec.health.liveness, app.spec.health.readiness] } : undefined,
    // The cluster's own: the hub's Prometheus also holds the spokes' series, which its remote-write receiver takes.
    labels: { cluster, [HASH_LABEL]: hash },
  });
  const threshold = (objective: number) => Number(((page * (100 - objective)) / 100).toPrecision(12));
  const check = (name: string, slo: (hash: string) => Slo, objective: number): CanaryCheck => ({
    name,
    slo,
    query: (hash) => {
      const e = slo(hash).events!;
      return `(${e.bad(CANARY_RANGE)} / ${e.all(CANARY_RANGE)}) and on () (${e.all(CANARY_RANGE)} >= ${num(CANARY_MIN_RATE)})`;
    },
    threshold: threshold(objective),
  });
  const out: CanaryCheck[] = [];
  if (s.availability !== undefined) out.push(check("availability", (h) => availabilitySlo(scope(h), app.team, m.requests!, s.availability!, window), s.availability));
  if (s.latency) {
    const l = s.latency;
    out.push(check("latency", (h) => latencySlo(scope(h), app.team, m.latency!, l.threshold, l.objective, window), l.objective));
  }
  return out;
}

/**
 * The AnalysisTemplate of a canary: one measurement a minute per SLO, for as
 * long as the rollout runs; three failed ones roll it back (one burst of
 * errors stays in the two-minute range for two measurements). A minute
 * without enough traffic gives no result, and passes.
 */
export function analysisTemplate(name: string, namespace: string, labels: Record<string, string>, checks: readonly { name: string; threshold: number; query: string }[]) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AnalysisTemplate",
    metadata: { name, namespace, labels },
    spec: {
      args: [{ name: CANARY_HASH_ARG }],
      metrics: checks.map((c) => ({
        name: c.name,
        interval: "1m",
        failureLimit: 2,
        successCondition: `len(result) == 0 || result[0] <= ${num(c.threshold)}`,
        provider: { prometheus: { address: PROMETHEUS_URL, query: c.query } },
      })),
    },
  };
}

/** The Rollout strategy of a canary: each share of the replicas held for `pause`, the analysis running from the first. */
export function canaryStrategy(canary: { readonly steps: readonly number[]; readonly pause: string }, template: string) {
  return {
    canary: {
      steps: canary.steps.flatMap((w) => [{ setWeight: w }, { pause: { duration: canary.pause } }]),
      analysis: {
        templates: [{ templateName: template }],
        startingStep: 1,
        args: [{ name: CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: "Latest" } }],
      },
    },
  };
}
