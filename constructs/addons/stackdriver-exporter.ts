import type { AddOn } from "../argocd/add-on";
import { accountId } from "../gcp/gcp-kit";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "./restricted";
import { CHARTS } from "./versions";

/** Where it runs and as whom: Workload Identity binds this Kubernetes service account (gcp-kit.ts). */
export const STACKDRIVER_EXPORTER = { namespace: "stackdriver-exporter", serviceAccount: "stackdriver-exporter" } as const;

/**
 * The Cloud SQL instances' metrics in the cluster's Prometheus (and so on
 * the hub): stackdriver_exporter with a Workload Identity account that may
 * only read Cloud Monitoring, on every GKE cluster that runs apps' databases.
 * It syncs after Prometheus's operator, so the chart's ServiceMonitor finds
 * its CRD.
 */
export const stackdriverExporter: AddOn = {
  name: "stackdriver-exporter",
  namespace: STACKDRIVER_EXPORTER.namespace,
  ...CHARTS.stackdriverExporter,
  syncWave: -10,
  podSecurity: "restricted",
  values(cluster) {
    const spec = cluster.spec;
    const project = spec.provider === "gcp" ? spec.project : "";
    return {
      fullnameOverride: "stackdriver-exporter",
      serviceAccount: { create: true, name: STACKDRIVER_EXPORTER.serviceAccount, annotations: { "iam.gke.io/gcp-service-account": `${accountId(spec.name, "metrics")}@${project}.iam.gserviceaccount.com` } },
      // The namespace enforces Pod Security restricted; the chart sets no context of its own.
      securityContext: RESTRICTED_POD,
      containerSecurityContext: RESTRICTED_CONTAINER,
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
      stackdriver: { projectId: project, metrics: { typePrefixes: "cloudsql.googleapis.com/database/", interval: "5m" } },
      // In its own namespace (the chart's default is monitoring, where its Service is not), on the scrape's clock: the
      // exporter stamps samples with Cloud Monitoring's (minutes old), which staleness would then drop between scrapes.
      serviceMonitor: { enabled: true, namespace: STACKDRIVER_EXPORTER.namespace, interval: "2m", scrapeTimeout: "60s", honorTimestamps: false },
    };
  },
};
