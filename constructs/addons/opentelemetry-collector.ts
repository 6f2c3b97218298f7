import type { Resolved, ResolvedCluster } from "../../lib/model/resolve";
import { ingestHost, INGEST_PATHS, INGEST_TOKEN_SECRET, LOKI, LOGGING, OTEL, TEMPO, TRACING } from "../observability/signals";
import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";

/**
 * An OpenTelemetry collector on every node: it receives the apps' traces
 * and logs over OTLP, reads every container's log from the node (so its
 * namespace is privileged: it mounts /var/log/pods), adds the cluster and
 * the pod's Kubernetes attributes, and sends both to the hub: directly on
 * the hub, through the hub's Gateway with the cluster's token elsewhere.
 */
export const opentelemetryCollector: AddOn = {
  name: "opentelemetry-collector",
  namespace: OTEL,
  ...CHARTS.otelCollector,
  syncWave: -10,
  podSecurity: "privileged",
  secrets: (cluster) => (cluster.isHub ? [] : [INGEST_TOKEN_SECRET]),
  values: (cluster, p) => ({
    mode: "daemonset",
    image: { repository: "otel/opentelemetry-collector-k8s" },
    // The in-cluster OTLP endpoint of the apps.
    service: { enabled: true },
    presets: { logsCollection: { enabled: true }, kubernetesAttributes: { enabled: true } },
    ports: { "jaeger-compact": { enabled: false }, "jaeger-thrift": { enabled: false }, "jaeger-grpc": { enabled: false }, zipkin: { enabled: false } },
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    ...(cluster.isHub ? {} : { extraEnvs: [{ name: "INGEST_TOKEN", valueFrom: { secretKeyRef: { name: INGEST_TOKEN_SECRET, key: "token" } } }] }),
    config: collectorConfig(cluster, p),
  }),
};

function collectorConfig(cluster: ResolvedCluster, p: Resolved) {
  const exporters = cluster.isHub
    ? {
        "otlp_grpc/traces": { endpoint: `${TEMPO.service}.${TRACING}.svc:4317`, tls: { insecure: true } },
        "otlp_http/logs": { endpoint: `http://${LOKI.service}.${LOGGING}.svc/otlp` },
      }
    : {
        "otlp_http/traces": { traces_endpoint: `https://${ingestHost(p)}${INGEST_PATHS.traces}`, headers: { Authorization: "Bearer ${env:INGEST_TOKEN}" } },
        "otlp_http/logs": { logs_endpoint: `https://${ingestHost(p)}${INGEST_PATHS.logs}`, headers: { Authorization: "Bearer ${env:INGEST_TOKEN}" } },
      };
  const [traces] = Object.keys(exporters);
  const processors = ["memory_limiter", "resource/cluster", "batch"];
  return {
    receivers: { jaeger: null, zipkin: null, prometheus: null },
    processors: {
      "resource/cluster": {
        attributes: [
          { key: "k8s.cluster.name", value: cluster.name, action: "upsert" },
          { key: "deployment.environment.name", value: p.platform.platform.environment, action: "upsert" },
        ],
      },
    },
    exporters: { debug: null, ...exporters },
    service: {
      pipelines: {
        traces: { receivers: ["otlp"], processors, exporters: [traces] },
        logs: { receivers: ["otlp"], processors, exporters: ["otlp_http/logs"] },
        metrics: null,
      },
    },
  };
}
