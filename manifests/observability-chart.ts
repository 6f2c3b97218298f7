import { HASH_LABEL } from "../constructs/observability/canary";
import { ApiObject, type App } from "cdk8s";
import { backendKey } from "../constructs/cluster/secret-keys";
import { REGISTRY_STORE } from "../constructs/argocd/cluster-secret";
import { GATEWAY_NAMESPACE } from "../constructs/addons/envoy-gateway";
import { GRAFANA_ADMIN_SECRET } from "../constructs/addons/kube-prometheus-stack";
import { CLUSTER_STORE, externalSecret } from "../constructs/k8s/secret-store";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { HEARTBEAT_FILE, HEARTBEAT_KEY, pagerdutyKey, RECEIVERS_SECRET, slackKey, UNSET_RECEIVERS, unsetReceiversTemplate } from "../constructs/observability/alertmanager";
import type { Dashboard } from "../constructs/observability/dashboards";
import { hubRoutes, INGEST_CLIENTS_SECRET } from "../constructs/observability/hub-routes";
import type { RuleGroup } from "../constructs/observability/rules";
import { HEARTBEAT, INGEST_TOKEN_KEY, INGEST_TOKEN_SECRET, MONITORING, OTEL, registryTokenKey, spokes } from "../constructs/observability/signals";
import { clusterBaseDir, clusterPlatformDir } from "../lib/layout";
import { cnpgHere, type Resolved, type ResolvedCluster } from "../lib/model/resolve";

/** A PrometheusRule of the hub: one group set, with where it comes from in the description. */
export interface RuleObject {
  readonly name: string;
  readonly groups: readonly RuleGroup[];
  readonly source: string;
}

/**
 * What every cluster needs to be observed, beside its platform folder: the
 * scrape of its apps' metrics and of its Gateway's proxies. On the hub also
 * the rules (SLOs and the platform's alerts), the dashboards, and the ingest
 * route that accepts the spokes' tokens.
 */
export class ObservabilityChart extends RenderedChart {
  constructor(scope: App, p: Resolved, cluster: ResolvedCluster, labels: Record<string, string>, hub?: { rules: readonly RuleObject[]; dashboards: readonly Dashboard[] }) {
    super(scope, `${cluster.name}--observability`, clusterPlatformDir(cluster.name), cluster.name, labels);

    for (const app of cluster.apps.filter((a) => a.spec.metrics)) {
      const m = app.spec.metrics!;
      const monitor = new ApiObject(this, `scrape-${app.name}`, {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name: app.name, namespace: app.namespace, labels: { ...labels, "basecamp.dev/team": app.team, "basecamp.dev/app": app.name } },
        spec: {
          selector: { matchLabels: { "basecamp.dev/app": app.name } },
          podMetricsEndpoints: [
            {
              portNumber: m.port ?? app.spec.port,
              path: m.path,
              interval: "30s",
              relabelings: [
                { sourceLabels: ["__meta_kubernetes_pod_label_basecamp_dev_app"], targetLabel: "app" },
                { sourceLabels: ["__meta_kubernetes_pod_label_basecamp_dev_team"], targetLabel: "team" },
                // The SLIs count the front door's requests only: which component served it.
                { sourceLabels: ["__meta_kubernetes_pod_label_app_kubernetes_io_component"], targetLabel: "component" },
                // A canary's analysis counts its own pods' requests: Argo Rollouts labels each pod with its template's hash.
                ...(app.workloads.some((w) => w.canary) ? [{ sourceLabels: ["__meta_kubernetes_pod_label_rollouts_pod_template_hash"], targetLabel: HASH_LABEL }] : []),
              ],
            },
          ],
        },
      });
      describedBy(monitor, `apps[${p.apps.indexOf(app)}].metrics`);
    }
    new ApiObject(this, "scrape-gateway", {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: "envoy-proxies", namespace: GATEWAY_NAMESPACE, labels },
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" } },
        podMetricsEndpoints: [{ port: "metrics", path: "/stats/prometheus", interval: "30s" }],
      },
    });

    // The platform's own dependencies: Kyverno (every team pod passes its webhook) and External Secrets (receivers'
    // and databases' credentials). Their charts' own ServiceMonitors would come before the monitoring CRDs (they sync
    // at wave -25, Prometheus's operator at -20), so the monitors are here, in the platform folder.
    new ApiObject(this, "scrape-kyverno", {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: "kyverno", namespace: "kyverno", labels },
      // The admission controller names its port metrics-port; the background, cleanup and reports controllers metrics.
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/part-of": "kyverno", "app.kubernetes.io/instance": "kyverno" } },
        podMetricsEndpoints: [
          { port: "metrics-port", interval: "30s" },
          { port: "metrics", interval: "30s" },
        ],
      },
    });
    new ApiObject(this, "scrape-cert-manager", {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: "cert-manager", namespace: "cert-manager", labels },
      // The metrics name the Certificate's own namespace: honoured, so CertificateExpiring points at it.
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "controller" } },
        podMetricsEndpoints: [{ port: "http-metrics", interval: "60s", honorLabels: true }],
      },
    });
    new ApiObject(this, "scrape-external-secrets", {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: { name: "external-secrets", namespace: "external-secrets", labels },
      // The metrics name the ExternalSecret's own namespace: honoured, or they would become exported_namespace.
      spec: { selector: { matchLabels: { "app.kubernetes.io/name": "external-secrets", "app.kubernetes.io/instance": "external-secrets" } }, podMetricsEndpoints: [{ port: "metrics", interval: "30s", honorLabels: true }] },
    });

    // CloudNativePG's instances (Proxmox, and a failover order's copies): one PodMonitor in each team namespace that
    // holds one. Their metrics' own `cluster` label (the database's) becomes exported_cluster beside the platform's.
    {
      for (const ns of [...new Set(cluster.apps.filter((a) => cnpgHere(cluster, a)).map((a) => a.namespace))]) {
        new ApiObject(this, `scrape-postgres-${ns}`, {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "PodMonitor",
          metadata: { name: "postgres", namespace: ns, labels },
          spec: { selector: { matchLabels: { "cnpg.io/podRole": "instance" } }, podMetricsEndpoints: [{ port: "metrics", interval: "30s" }] },
        });
      }
    }

    if (!cluster.isHub) {
      // The spoke's heartbeat: recorded by its own Prometheus and remote-written like every series, so the hub sees the
      // write path itself (not one exporter) and ClusterUnreachable reads it.
      new ApiObject(this, "heartbeat", {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: "heartbeat", namespace: MONITORING, labels },
        spec: { groups: [{ name: "heartbeat", interval: "1m", rules: [{ record: HEARTBEAT, expr: "vector(1)" }] }] },
      });
    }

    if (!hub) return;

    for (const r of hub.rules) {
      const rule = new ApiObject(this, `rules-${r.name}`, {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: r.name, namespace: MONITORING, labels },
        spec: { groups: r.groups },
      });
      describedBy(rule, r.source);
    }
    for (const d of hub.dashboards) {
      new ApiObject(this, `dashboard-${d.uid}`, {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: `dashboard-${d.uid}`, namespace: MONITORING, labels: { ...labels, grafana_dashboard: "1" }, annotations: { grafana_folder: "basecamp" } },
        data: { [`${d.uid}.json`]: `${JSON.stringify(d, null, 2)}\n` },
      });
    }
    new ApiObject(
      this,
      "ingest-clients",
      externalSecret(INGEST_CLIENTS_SECRET, MONITORING, { kind: "ClusterSecretStore", name: REGISTRY_STORE }, spokes(p).map((c) => ({ secretKey: c.name, key: registryTokenKey(p, c.name), property: "token" })), labels),
    );
    hubRoutes(this, p, labels);
  }
}

/**
 * The Secrets the signals' add-ons read as they start, in the cluster's base
 * folder (synced before them): on a spoke its ingest token, for Prometheus
 * and the collector; on the hub the receivers' credentials and Grafana's login.
 */
export class ObservabilitySecretsChart extends RenderedChart {
  constructor(scope: App, p: Resolved, cluster: ResolvedCluster, labels: Record<string, string>) {
    super(scope, `${cluster.name}--observability-secrets`, clusterBaseDir(cluster.name), cluster.name, labels);
    const store = { kind: "ClusterSecretStore", name: CLUSTER_STORE };
    if (!cluster.isHub) {
      for (const ns of [MONITORING, OTEL]) {
        new ApiObject(this, `ingest-token-${ns}`, externalSecret(INGEST_TOKEN_SECRET, ns, store, [{ secretKey: "token", key: backendKey(p.name, cluster, INGEST_TOKEN_KEY), property: "token" }], labels));
      }
      return;
    }
    const teams = p.teams.filter((t) => t.alerts);
    const alerting = (team: string) => backendKey(p.name, cluster, `alerting/${team}`);
    new ApiObject(
      this,
      "receivers",
      externalSecret(
        RECEIVERS_SECRET,
        MONITORING,
        store,
        [
          ...teams.flatMap((t) => [
            { secretKey: slackKey(t.name), key: alerting(t.name), property: "slack-webhook-url" },
            ...(t.alerts!.pagerduty ? [{ secretKey: pagerdutyKey(t.name), key: alerting(t.name), property: "pagerduty-routing-key" }] : []),
          ]),
          { secretKey: HEARTBEAT_FILE, key: backendKey(p.name, cluster, HEARTBEAT_KEY), property: "url" },
        ],
        labels,
        { [UNSET_RECEIVERS]: unsetReceiversTemplate([...teams.flatMap((t) => [slackKey(t.name), ...(t.alerts!.pagerduty ? [pagerdutyKey(t.name)] : [])]), HEARTBEAT_FILE]) },
      ),
    );
    new ApiObject(
      this,
      "grafana-admin",
      externalSecret(GRAFANA_ADMIN_SECRET, MONITORING, store, ["admin-user", "admin-password"].map((k) => ({ secretKey: k, key: backendKey(p.name, cluster, "grafana"), property: k })), labels),
    );
  }
}
