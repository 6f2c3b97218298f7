import type { Resolved } from "../../lib/model/resolve";
import { alertmanagerConfig, RECEIVERS_SECRET, UNSET_RECEIVERS } from "../observability/alertmanager";
import { externalLabels, ingestHost, INGEST_PATHS, INGEST_TOKEN_SECRET, LOKI, LOGGING, MONITORING, spokes, TEMPO, TRACING } from "../observability/signals";
import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";
import { storageClassOf } from "../cluster/traits";
import { ALL_CLUSTERS } from "../observability/slo";

/** Disk of each Prometheus: the hub keeps every cluster's series for 30 days, a spoke its own for 2. */
export const PROMETHEUS_STORAGE_GB = { hub: 100, spoke: 20 };
/** The Secret with Grafana's admin login, from the hub's secret backend. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";

/**
 * kube-prometheus-stack on every cluster: Prometheus with the cluster's
 * labels on every series, kube-state-metrics (with the team, app and
 * environment labels of namespaces and pods) and node-exporter (host
 * access: its namespace is privileged). A spoke remote-writes to the hub;
 * the hub receives, keeps 30 days, evaluates the rules and runs
 * Alertmanager and Grafana. The chart's mixin rules run on the hub; its
 * dashboards are off: basecamp renders dashboards of its own.
 */
export const kubePrometheusStack: AddOn = {
  name: "kube-prometheus-stack",
  namespace: MONITORING,
  ...CHARTS.kubePrometheusStack,
  syncWave: -20,
  provides: ["monitoring.coreos.com"],
  podSecurity: "privileged",
  serverSideApply: true,
  secrets: (cluster) => (cluster.isHub ? [RECEIVERS_SECRET, GRAFANA_ADMIN_SECRET] : [INGEST_TOKEN_SECRET]),
  values(cluster, p) {
    const hub = cluster.isHub;
    const labels = externalLabels(p, cluster);
    return {
      crds: { enabled: true },
      // The kube-prometheus mixin's rules, on the hub only (it holds every cluster's series and runs Alertmanager;
      // the chart's rules already aggregate by cluster): Prometheus's and Alertmanager's own failures, TargetDown, pods not ready, quotas,
      // node filesystems. Not the groups of components managed clusters and K3s do not expose, nor the Watchdog and
      // crash-loop alerts basecamp renders itself, nor its InfoInhibitor, which groups by namespace only (basecamp's is per cluster).
      defaultRules: hub
        ? {
            create: true,
            rules: { etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false, windows: false },
            disabled: { Watchdog: true, KubePodCrashLooping: true, InfoInhibitor: true },
          }
        : { create: false },
      // Not scraped: the control plane's components are the provider's (or K3s's, embedded) and expose nothing, so
      // their targets would be down for ever. GKE answers DNS with kube-dns, which has no CoreDNS metrics.
      kubeEtcd: { enabled: false },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeProxy: { enabled: false },
      ...(cluster.provider === "gcp" ? { coreDns: { enabled: false } } : {}),
      prometheus: {
        prometheusSpec: {
          externalLabels: labels,
          // External labels reach only what leaves Prometheus; the hub's rules also read its own series by cluster, so
          // every scrape carries the same labels (the default scrape class applies to every monitor).
          scrapeClasses: [
            {
              name: "cluster-labels",
              default: true,
              relabelings: Object.entries(labels).map(([targetLabel, replacement]) => ({ action: "replace", targetLabel, replacement })),
            },
          ],
          retention: hub ? "30d" : "2d",
          // Every rule and monitor in every namespace, not only the chart's own.
          ruleSelectorNilUsesHelmValues: false,
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          enableRemoteWriteReceiver: hub,
          // A spoke back from an outage sends its backlog from its WAL (about two hours): older than the hub's head
          // accepts in order, so the hub takes samples up to two hours out of order instead of dropping them.
          ...(hub ? { tsdb: { outOfOrderTimeWindow: "2h" } } : {}),
          // The hub evaluates every cluster's alerts and would stamp its own provider and region on those that lost them
          // in an aggregation: each alert gets its cluster's, and an SLO's (cluster "all") none.
          ...(hub ? { additionalAlertRelabelConfigs: alertPlaceLabels(p) } : {}),
          remoteWrite: hub ? [] : [remoteWrite(p)],
          // The hub holds every cluster's series: a gigabyte of memory each, on top of its own.
          resources: { requests: { cpu: hub ? "500m" : "200m", memory: `${hub ? 1 + spokes(p).length : 1}Gi` }, limits: { memory: `${hub ? 2 * (1 + spokes(p).length) : 2}Gi` } },
          storageSpec: {
            volumeClaimTemplate: { spec: { storageClassName: storageClassOf(cluster.provider), accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${hub ? PROMETHEUS_STORAGE_GB.hub : PROMETHEUS_STORAGE_GB.spoke}Gi` } } } },
          },
        },
      },
      alertmanager: hub
        ? {
            enabled: true,
            config: alertmanagerConfig(p),
            alertmanagerSpec: { replicas: 2, secrets: [RECEIVERS_SECRET], resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } } },
          }
        : { enabled: false },
      grafana: hub ? grafana() : { enabled: false },
      "kube-state-metrics": {
        metricLabelsAllowlist: ["namespaces=[basecamp.dev/team,basecamp.dev/environment]", "pods=[basecamp.dev/team,basecamp.dev/app,basecamp.dev/environment]"],
        // Which alert receivers still hold their placeholder (ReceiversUnset).
        metricAnnotationsAllowList: [`secrets=[${UNSET_RECEIVERS}]`],
      },
    };
  },
};

/**
 * Alert relabelling on the hub, in Prometheus's own format (the chart puts it in a Secret as is): provider and
 * region from the alert's cluster, which the hub's external labels cannot know. Cluster names are DNS labels.
 */
export function alertPlaceLabels(p: Resolved): Record<string, unknown>[] {
  const set = (cluster: string, label: string, value: string) => ({ source_labels: ["cluster"], regex: cluster, target_label: label, replacement: value, action: "replace" });
  return [
    ...p.clusters.flatMap((c) => [set(c.name, "provider", c.provider), set(c.name, "region", c.spec.region)]),
    set(ALL_CLUSTERS, "provider", ""),
    set(ALL_CLUSTERS, "region", ""),
  ];
}

function remoteWrite(p: Resolved) {
  return {
    name: "hub",
    url: `https://${ingestHost(p)}${INGEST_PATHS.metrics}`,
    authorization: { type: "Bearer", credentials: { name: INGEST_TOKEN_SECRET, key: "token" } },
    queueConfig: { maxSamplesPerSend: 2000, maxShards: 10 },
  };
}

function grafana() {
  return {
    enabled: true,
    // The chart's dashboards read recording rules basecamp does not render.
    defaultDashboardsEnabled: false,
    admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
    sidecar: { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL", folderAnnotation: "grafana_folder", provider: { foldersFromFilesStructure: true } } },
    additionalDataSources: [
      { name: "Loki", type: "loki", uid: "loki", access: "proxy", url: `http://${LOKI.service}.${LOGGING}.svc` },
      { name: "Tempo", type: "tempo", uid: "tempo", access: "proxy", url: `http://${TEMPO.service}.${TRACING}.svc:${TEMPO.query}` },
    ],
  };
}
