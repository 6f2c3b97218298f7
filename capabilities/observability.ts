import { azureMetricsExporter } from "../constructs/addons/azure-metrics-exporter";
import { cloudwatchExporter } from "../constructs/addons/cloudwatch-exporter";
import { stackdriverExporter } from "../constructs/addons/stackdriver-exporter";
import { kubePrometheusStack } from "../constructs/addons/kube-prometheus-stack";
import { loki } from "../constructs/addons/loki";
import { opencost } from "../constructs/addons/opencost";
import { opentelemetryCollector } from "../constructs/addons/opentelemetry-collector";
import { tempo } from "../constructs/addons/tempo";
import { canaryChecks } from "../constructs/observability/canary";
import { canaryTests } from "../constructs/observability/canary-tests";
import { dashboards } from "../constructs/observability/dashboards";
import { platformAlertGroups, runbookUrl, RUNBOOKS } from "../constructs/observability/platform-alerts";
import { sloTests } from "../constructs/observability/rule-tests";
import { platformAlertTests } from "../constructs/observability/platform-alert-tests";
import { availabilitySlo, latencySlo, outOfSyncRecord, sloRuleGroup, syncSlo, type Slo } from "../constructs/observability/slo";
import type { Capability, ExtraFile } from "../lib/capability";
import { costLabels } from "../lib/checks/cost-labels";
import { prometheusFits } from "../lib/checks/prometheus-fits";
import { RULE_TESTS_DIR } from "../lib/layout";
import type { Resolved } from "../lib/model/resolve";
import { HEADER } from "../lib/pipeline/gitops";
import { PLAIN_STYLE, toYaml } from "../lib/pipeline/yaml";
import { commonLabels } from "../manifests/labels";
import { ObservabilityChart, ObservabilitySecretsChart, type RuleObject } from "../manifests/observability-chart";

/** The platform's own SLO: Argo CD Applications synced within 5 minutes, 99% of the time. */
export const PLATFORM_SYNC_OBJECTIVE = 99;

/** Every SLO of the description, and the platform's. */
export function slos(p: Resolved): Slo[] {
  const out: Slo[] = [];
  for (const a of p.apps) {
    const s = a.spec.slo;
    if (!s) continue;
    const window = s.window as Slo["window"];
    const m = a.spec.metrics!;
    const scope = { app: a.name, component: a.frontDoor, route: m.route ? { label: m.route, exclude: [a.spec.health.liveness, a.spec.health.readiness] } : undefined };
    if (s.availability !== undefined) out.push(availabilitySlo(scope, a.team, m.requests!, s.availability, window));
    if (s.latency) out.push(latencySlo(scope, a.team, m.latency!, s.latency.threshold, s.latency.objective, window));
  }
  out.push(syncSlo(p.platform.platform.owner, PLATFORM_SYNC_OBJECTIVE));
  return out;
}

/** The hub's PrometheusRules: one per SLO (its ratios and burn-rate alerts), and the platform's alerts. */
export function ruleObjects(p: Resolved): RuleObject[] {
  const url = runbookUrl(p, RUNBOOKS.SLOBudgetBurn);
  return [
    ...slos(p).map((s) => ({
      name: `slo-${s.name}`,
      groups: s.fixture.kind === "sync" ? [{ name: "argocd-sync", interval: "1m", rules: [outOfSyncRecord()] }, sloRuleGroup(s, url)] : [sloRuleGroup(s, url)],
      source: s.app ? `apps[${p.apps.findIndex((a) => a.name === s.app)}].slo` : "platform.gitops",
    })),
    ...platformAlertGroups(p).map((g) => ({ name: g.name, groups: [g], source: "clusters" })),
  ];
}

/**
 * Signals, SLOs and cost: Prometheus, an OpenTelemetry collector and
 * OpenCost on every cluster, sending to the hub's Prometheus, Loki and
 * Tempo; the SLOs' recording rules and burn-rate alerts, the platform's
 * alerts, Alertmanager's routing and the dashboards on the hub; and the
 * promtool unit tests of the rules beside the rendered tree.
 */
export const observability: Capability = {
  name: "observability",
  addOns: (cluster) => [
    kubePrometheusStack,
    opentelemetryCollector,
    opencost,
    ...(cluster.isHub ? [loki, tempo] : []),
    // The managed databases' metrics, where there are any.
    ...(cluster.provider === "aws" && cluster.apps.some((a) => a.spec.database) ? [cloudwatchExporter] : []),
    ...(cluster.provider === "gcp" && cluster.apps.some((a) => a.spec.database) ? [stackdriverExporter] : []),
    ...(cluster.provider === "azure" && cluster.apps.some((a) => a.spec.database) ? [azureMetricsExporter] : []),
  ],
  charts(app, ctx) {
    const p = ctx.resolved;
    for (const cluster of ctx.clusters) {
      const labels = { ...commonLabels(p), "basecamp.dev/cluster": cluster.name };
      new ObservabilityChart(app, p, cluster, labels, cluster.isHub ? { rules: ruleObjects(p), dashboards: dashboards(slos(p)) } : undefined);
      new ObservabilitySecretsChart(app, p, cluster, labels);
    }
  },
  files(ctx): ExtraFile[] {
    if (!ctx.shared) return [];
    const p = ctx.resolved;
    const objects = ruleObjects(p);
    const file = (path: string, content: object, owner: string): ExtraFile => ({ path: `${RULE_TESTS_DIR}/${path}`, content: HEADER + toYaml(content, PLAIN_STYLE), owner });
    const rules = objects.map((o) => file(`${o.name}.rules.yaml`, { groups: o.groups }, `rule-tests/${o.name}`));
    const tests = slos(p).map((s) => {
      const o = objects.find((x) => x.name === `slo-${s.name}`)!;
      return file(`slo-${s.name}.test.yaml`, sloTests(s, o.groups[o.groups.length - 1], `slo-${s.name}.rules.yaml`), `rule-tests/slo-${s.name}/test`);
    });
    const platformTests = objects
      .filter((o) => o.source === "clusters")
      .flatMap((o) => Object.entries(platformAlertTests(p, o.groups[0], `${o.name}.rules.yaml`)).map(([name, spec]) => file(`${name}.test.yaml`, spec, `rule-tests/${name}/test`)));
    // Each canary's analysis queries, on the series a good and a bad canary would give.
    const canaries = p.apps.flatMap((a) =>
      a.workloads.filter((w) => w.canary).map((w) => file(`canary-${w.name}.test.yaml`, canaryTests(w.name, canaryChecks(a, w.component, a.clusters[0])), `rule-tests/canary-${w.name}`)),
    );
    return [...rules, ...tests, ...platformTests, ...canaries];
  },
  checks: [costLabels, prometheusFits],
};
