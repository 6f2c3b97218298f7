import type { AddOn } from "../argocd/add-on";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "./restricted";
import { CHARTS } from "./versions";

/** Where it runs and as whom: the Pod Identity association of its IAM role names them (aws-kit.ts). */
export const CLOUDWATCH_EXPORTER = { namespace: "cloudwatch-exporter", serviceAccount: "cloudwatch-exporter" } as const;

/** The RDS metrics it reads, with the statistic each alert uses: yace exports aws_rds_<metric>_<statistic>. */
const RDS_METRICS = [
  { name: "CPUUtilization", statistics: ["Average"] },
  { name: "FreeStorageSpace", statistics: ["Minimum"] },
  { name: "DatabaseConnections", statistics: ["Maximum"] },
  { name: "FreeableMemory", statistics: ["Minimum"] },
  { name: "TransactionLogsDiskUsage", statistics: ["Maximum"] },
];

/**
 * The RDS instances' CloudWatch metrics in the cluster's Prometheus (and so
 * on the hub): yet-another-cloudwatch-exporter, with a read-only Pod Identity
 * role, on every EKS cluster that runs apps' databases. It syncs after
 * Prometheus's operator, so the chart's ServiceMonitor finds its CRD.
 */
export const cloudwatchExporter: AddOn = {
  name: "cloudwatch-exporter",
  namespace: CLOUDWATCH_EXPORTER.namespace,
  ...CHARTS.cloudwatchExporter,
  syncWave: -10,
  podSecurity: "restricted",
  values(cluster) {
    const region = cluster.spec.region;
    const config = {
      apiVersion: "v1alpha1",
      "sts-region": region,
      discovery: {
        jobs: [{ type: "AWS/RDS", regions: [region], period: 300, length: 300, metrics: RDS_METRICS }],
      },
    };
    return {
      // Its objects named plainly (the chart would call them cloudwatch-exporter-prometheus-yet-another-...).
      fullnameOverride: "cloudwatch-exporter",
      serviceAccount: { name: CLOUDWATCH_EXPORTER.serviceAccount },
      // The namespace enforces Pod Security restricted; the chart sets no context of its own.
      podSecurityContext: RESTRICTED_POD,
      securityContext: RESTRICTED_CONTAINER,
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
      // No Helm test pod: Argo CD would not run it, and it would not pass Pod Security.
      testConnection: false,
      serviceMonitor: { enabled: true, interval: "2m" },
      config: JSON.stringify(config, null, 2),
    };
  },
};
