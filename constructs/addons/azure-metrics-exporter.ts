import type { AddOn } from "../argocd/add-on";
import { flexibleServerId, flexibleServerName } from "../azure/azure-names";
import { azureClientIdValues } from "./azure-client-id";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "./restricted";
import { CHARTS } from "./versions";

/** Where it runs and as whom: the federated credential of its managed identity names them (azure-kit.ts). */
export const AZURE_METRICS_EXPORTER = { namespace: "azure-metrics-exporter", serviceAccount: "azure-metrics-exporter" } as const;

/** The series it writes: azure_postgresql{metric, aggregation, resourceName, ...}, one per flexible-server metric. */
export const AZURE_POSTGRESQL_SERIES = "azure_postgresql";

/**
 * The flexible servers' metrics the alerts read (Azure Monitor's REST names), in 5-minute buckets over the last
 * 15 (Azure reports minutes late: the last bucket with data wins, so the series never goes stale); backup
 * storage hourly, in a request of its own (Azure adjusts each request's grain to what all its metrics allow).
 */
const SERVER_METRICS = ["cpu_percent", "storage_percent", "active_connections", "txlogs_storage_used"];
const BACKUP_METRICS = ["backup_storage_used"];

/**
 * The PostgreSQL flexible servers' Azure Monitor metrics in the cluster's
 * Prometheus (and so on the hub): webdevops' azure-metrics-exporter, acting
 * as a managed identity that may only read monitoring data of the cluster's
 * resource group, on every AKS cluster that runs apps' databases. Its probes
 * are ServiceMonitors, so it syncs after Prometheus's operator.
 */
export const azureMetricsExporter: AddOn = {
  name: "azure-metrics-exporter",
  namespace: AZURE_METRICS_EXPORTER.namespace,
  ...CHARTS.azureMetricsExporter,
  syncWave: -10,
  podSecurity: "restricted",
  values(cluster, p) {
    const spec = cluster.spec;
    const subscription = spec.provider === "azure" ? spec.subscription : "";
    const targets = cluster.apps.filter((a) => a.spec.database).map((a) => flexibleServerId(subscription, cluster.name, flexibleServerName(p.name, cluster.name, a.name)));
    const probe = (name: string, metric: string[], interval: string, timespan: string) => ({
      name,
      path: "/probe/metrics/resource",
      params: { subscription: [subscription], target: targets, metric, interval: [interval], timespan: [timespan], aggregation: ["average", "maximum"], name: [AZURE_POSTGRESQL_SERIES] },
    });
    return {
      fullnameOverride: "azure-metrics-exporter",
      // A probe may take longer than the default 10 s to answer; Prometheus waits 60.
      env: { SERVER_TIMEOUT_WRITE: "55s" },
      serviceAccount: { create: true, name: AZURE_METRICS_EXPORTER.serviceAccount },
      // Azure Workload Identity's webhook gives labelled pods the federated token.
      podLabels: { "azure.workload.identity/use": "true" },
      securityContext: RESTRICTED_POD,
      containerSecurityContext: RESTRICTED_CONTAINER,
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "200Mi" } },
      // The chart's policy lets nothing in: Prometheus, in monitoring, may scrape it (its egress stays DNS and HTTPS).
      netpol: { ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }], ports: [{ port: 8080, protocol: "TCP" }] }] },
      prometheus: {
        metricProbes: {
          interval: "2m",
          scrapeTimeout: "60s",
          probes: [probe("postgresql", SERVER_METRICS, "PT5M", "PT15M"), probe("postgresql-backups", BACKUP_METRICS, "PT1H", "PT3H")],
        },
      },
    };
  },
  // A managed identity's client id is known only after apply: it comes from the registration.
  registrationValues: { azure: azureClientIdValues("azure-metrics-exporter") },
};
