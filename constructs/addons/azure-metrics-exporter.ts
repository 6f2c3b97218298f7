import type { AddOn } from "../argocd/add-on";
import { flexibleServerId, flexibleServerName } from "../azure/azure-names";
import { identityAnnotation } from "../cluster/registration";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "./restricted";
import { CHARTS } from "./versions";

/** Where it runs and as whom: the federated credential of its managed identity names them (azure-kit.ts). */
export const AZURE_METRICS_EXPORTER = { namespace: "azure-metrics-exporter", serviceAccount: "azure-metrics-exporter" } as const;

/** The series it writes: azure_postgresql{metric, aggregation, resourceName, ...}, one per flexible-server metric. */
export const AZURE_POSTGRESQL_SERIES = "azure_postgresql";

/** The flexible servers' metrics the alerts read (Azure Monitor's REST names, each with a one-minute grain). */
const SERVER_METRICS = ["cpu_percent", "storage_percent", "active_connections", "txlogs_storage_used", "backup_storage_used"];

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
    return {
      fullnameOverride: "azure-metrics-exporter",
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
          // One point per metric over the last 5 minutes (the samples of one timespan would share their labels).
          probes: [
            {
              name: "postgresql",
              path: "/probe/metrics/resource",
              params: { subscription: [subscription], target: targets, metric: SERVER_METRICS, interval: ["PT5M"], timespan: ["PT5M"], aggregation: ["average", "maximum"], name: [AZURE_POSTGRESQL_SERIES] },
            },
          ],
        },
      },
    };
  },
  // A managed identity's client id is known only after apply: it comes from the registration.
  registrationValues: {
    azure: `serviceAccount:\n  annotations:\n    azure.workload.identity/client-id: '{{index .metadata.annotations "${identityAnnotation("azure-metrics-exporter")}"}}'\n`,
  },
};
