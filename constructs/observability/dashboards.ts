import { HOURS_PER_MONTH } from "../../lib/cost/prices";
import { num } from "./rules";
import { ratioRecord, type Slo } from "./slo";

/** A Grafana dashboard as JSON (schema of Grafana 10 and later), its panels laid out two to a row. */
export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly schemaVersion: number;
  readonly time: { readonly from: string; readonly to: string };
  readonly refresh: string;
  readonly templating: { readonly list: readonly unknown[] };
  readonly panels: readonly Panel[];
}

export interface Panel {
  readonly id: number;
  readonly type: "timeseries" | "stat";
  readonly title: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource: { readonly type: "prometheus"; readonly uid: "prometheus" };
  readonly fieldConfig: { readonly defaults: { readonly unit: string }; readonly overrides: readonly unknown[] };
  readonly targets: readonly { readonly refId: string; readonly expr: string; readonly legendFormat: string }[];
}

type PanelSpec = { type: Panel["type"]; title: string; unit: string; queries: { expr: string; legend?: string }[] };

function dashboard(uid: string, title: string, specs: PanelSpec[]): Dashboard {
  return {
    uid,
    title,
    tags: ["basecamp"],
    schemaVersion: 39,
    time: { from: "now-7d", to: "now" },
    refresh: "1m",
    templating: { list: [] },
    panels: specs.map((s, i) => ({
      id: i + 1,
      type: s.type,
      title: s.title,
      gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
      datasource: { type: "prometheus", uid: "prometheus" },
      fieldConfig: { defaults: { unit: s.unit }, overrides: [] },
      targets: s.queries.map((q, k) => ({ refId: String.fromCharCode(65 + k), expr: q.expr, legendFormat: q.legend ?? "" })),
    })),
  };
}

/** Per SLO: the SLI over its window, the error budget left, and how fast it burns. */
function sloPanels(slo: Slo): PanelSpec[] {
  const sel = `{slo="${slo.name}"}`;
  const budget = num((100 - slo.objective) / 100);
  const window = ratioRecord(slo.window);
  return [
    { type: "stat", title: `${slo.name}: SLI over ${slo.window} (objective ${num(slo.objective)}%)`, unit: "percentunit", queries: [{ expr: `1 - ${window}${sel}` }] },
    { type: "stat", title: `${slo.name}: error budget left`, unit: "percentunit", queries: [{ expr: `1 - ${window}${sel} / ${budget}` }] },
    {
      type: "timeseries",
      title: `${slo.name}: burn rate (1 = the budget lasts exactly the window)`,
      unit: "none",
      queries: [
        { expr: `${ratioRecord("1h")}${sel} / ${budget}`, legend: "1h" },
        { expr: `${ratioRecord("6h")}${sel} / ${budget}`, legend: "6h" },
        { expr: `${ratioRecord("3d")}${sel} / ${budget}`, legend: "3d" },
      ],
    },
  ];
}

/** Team and app labels of OpenCost's allocation, from the namespaces' and pods' basecamp labels. */
const CPU_COST = "sum by (cluster, namespace, pod, node) (container_cpu_allocation) * on (cluster, node) group_left () max by (cluster, node) (node_cpu_hourly_cost)";
const RAM_COST = "sum by (cluster, namespace, pod, node) (container_memory_allocation_bytes) / 1073741824 * on (cluster, node) group_left () max by (cluster, node) (node_ram_hourly_cost)";
const POD_COST = `(${CPU_COST} + ${RAM_COST})`;

function monthlyBy(label: "team" | "app"): string {
  const source = label === "team" ? "kube_namespace_labels" : "kube_pod_labels";
  const keys = label === "team" ? "cluster, namespace" : "cluster, namespace, pod";
  const k8sLabel = label === "team" ? "label_basecamp_dev_team" : "label_basecamp_dev_app";
  const joined = `${POD_COST} * on (${keys}) group_left (${k8sLabel}) max by (${keys}, ${k8sLabel}) (${source})`;
  return `sum by (${label}) (label_replace(${joined}, "${label}", "$1", "${k8sLabel}", "(.+)")) * ${HOURS_PER_MONTH}`;
}

/** The three dashboards of the hub's Grafana. */
export function dashboards(slos: readonly Slo[]): Dashboard[] {
  const sync = slos.find((s) => s.name === "platform-sync");
  return [
    dashboard("basecamp-slos", "SLOs and error budgets", slos.filter((s) => s !== sync).flatMap(sloPanels)),
    dashboard("basecamp-platform", "Platform", [
      ...(sync ? sloPanels(sync) : []),
      { type: "timeseries", title: "Applications out of sync, by cluster", unit: "none", queries: [{ expr: 'sum by (cluster) (argocd_app_info{sync_status="OutOfSync"})', legend: "{{cluster}}" }] },
      { type: "timeseries", title: "Applications degraded, by cluster", unit: "none", queries: [{ expr: 'sum by (cluster) (argocd_app_info{health_status="Degraded"})', legend: "{{cluster}}" }] },
      {
        type: "timeseries",
        title: "Mean sync duration",
        unit: "s",
        queries: [{ expr: 'sum by (cluster) (rate(argocd_app_sync_duration_seconds_total[1h])) / sum by (cluster) (rate(argocd_app_sync_total{phase="Succeeded"}[1h]))', legend: "{{cluster}}" }],
      },
      { type: "stat", title: "Clusters reporting", unit: "none", queries: [{ expr: 'count by (cluster) (up{job="kube-state-metrics"} == 1)', legend: "{{cluster}}" }] },
      { type: "timeseries", title: "Nodes Ready, by cluster", unit: "none", queries: [{ expr: 'sum by (cluster) (kube_node_status_condition{condition="Ready",status="true"})', legend: "{{cluster}}" }] },
      {
        type: "timeseries",
        title: "Ingress 5xx ratio, by cluster",
        unit: "percentunit",
        queries: [{ expr: 'sum by (cluster) (rate(envoy_http_downstream_rq_xx{envoy_response_code_class="5"}[5m])) / sum by (cluster) (rate(envoy_http_downstream_rq_total[5m]))', legend: "{{cluster}}" }],
      },
    ]),
    dashboard("basecamp-cost", "Cost", [
      { type: "timeseries", title: "Nodes, monthly rate by cluster (USD)", unit: "currencyUSD", queries: [{ expr: `sum by (cluster) (node_total_hourly_cost) * ${HOURS_PER_MONTH}`, legend: "{{cluster}}" }] },
      { type: "timeseries", title: "Workloads, monthly rate by team (USD)", unit: "currencyUSD", queries: [{ expr: monthlyBy("team"), legend: "{{team}}" }] },
      { type: "timeseries", title: "Workloads, monthly rate by app (USD)", unit: "currencyUSD", queries: [{ expr: monthlyBy("app"), legend: "{{app}}" }] },
      { type: "timeseries", title: "Persistent volumes, monthly rate by cluster (USD)", unit: "currencyUSD", queries: [{ expr: `sum by (cluster) (pv_hourly_cost * on (cluster, persistentvolume) group_left () max by (cluster, persistentvolume) (kube_persistentvolume_capacity_bytes) / 1073741824) * ${HOURS_PER_MONTH}`, legend: "{{cluster}}" }] },
    ]),
  ];
}
