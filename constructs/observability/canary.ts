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

/** One SLO of the app, measured over the canary's pods alone. */
export interface CanaryCheck {
  /** The metric's name in the AnalysisTemplate: availability or latency. */
  readonly name: string;
  /** The SLO, scoped to the component and the pod-template hash `hash`. */
  slo(hash: string): Slo;
  /** The bad fraction above which a measurement fails: the SLO's budget at the burn rate that pages. */
  readonly threshold: number;
}

/**
 * What judges a canary of `component`: each SLO of its app, counted over
 * the canary's own pods (the component's requests, its health endpoints
 * left out as the SLI leaves them), failing where the canary alone would
 * burn the error budget at the fastest rate that pages.
 */
export function canaryChecks(app: ResolvedApp, component: string): CanaryCheck[] {
  const s = app.spec.slo;
  const m = app.spec.metrics;
  if (!s || !m) return [];
  const window = s.window as SloWindow;
  const page = Math.max(...BURN_RATES[window].filter((f) => f.severity === "page").map((f) => f.factor));
  const scope = (hash: string) => ({
    app: app.name,
    component,
    route: m.route ? { label: m.route, exclude: [app.spec.health.liveness, app.spec.health.readiness] } : undefined,
    labels: { [HASH_LABEL]: hash },
  });
  const threshold = (objective: number) => Number(((page * (100 - objective)) / 100).toPrecision(12));
  const out: CanaryCheck[] = [];
  if (s.availability !== undefined) {
    out.push({ name: "availability", slo: (h) => availabilitySlo(scope(h), app.team, m.requests!, s.availability!, window), threshold: threshold(s.availability) });
  }
  if (s.latency) {
    const l = s.latency;
    out.push({ name: "latency", slo: (h) => latencySlo(scope(h), app.team, m.latency!, l.threshold, l.objective, window), threshold: threshold(l.objective) });
  }
  return out;
}

/**
 * The AnalysisTemplate of a canary: one measurement a minute per SLO, for as
 * long as the rollout runs; two failed ones roll it back. A canary that has
 * served nothing yet (no result) passes the minute.
 */
export function analysisTemplate(name: string, namespace: string, labels: Record<string, string>, checks: readonly CanaryCheck[]) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AnalysisTemplate",
    metadata: { name, namespace, labels },
    spec: {
      args: [{ name: CANARY_HASH_ARG }],
      metrics: checks.map((c) => ({
        name: c.name,
        interval: "1m",
        failureLimit: 1,
        successCondition: `len(result) == 0 || result[0] <= ${num(c.threshold)}`,
        provider: { prometheus: { address: PROMETHEUS_URL, query: c.slo(`{{args.${CANARY_HASH_ARG}}}`).errorRatio(CANARY_RANGE) } },
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
