import type { Resolved, ResolvedCluster } from "../../lib/model/resolve";

/**
 * Where every signal goes. Each cluster keeps a short-lived Prometheus of
 * its own (OpenCost and debugging read it) and remote-writes to the hub's,
 * which holds 30 days, evaluates the rules and alerts; logs go to the hub's
 * Loki and traces to its Tempo. Spokes reach the hub through its Gateway at
 * one name, ingest.<hub zone>, with a bearer token of their own.
 */
export const MONITORING = "monitoring";
export const LOGGING = "logging";
export const TRACING = "tracing";
export const OTEL = "opentelemetry";

export const PROMETHEUS = { service: "kube-prometheus-stack-prometheus", port: 9090 };
export const ALERTMANAGER = { service: "kube-prometheus-stack-alertmanager", port: 9093 };
export const LOKI = { service: "loki-gateway", port: 80 };
export const TEMPO = { service: "tempo", otlpHttp: 4318, query: 3200 };
/** The in-cluster OTLP endpoint apps send traces and logs to. */
export const OTEL_COLLECTOR = { service: "opentelemetry-collector", grpc: 4317, http: 4318 };

/** The paths the hub's ingest name routes, and to what. */
export const INGEST_PATHS = {
  metrics: "/api/v1/write",
  logs: "/otlp/v1/logs",
  traces: "/v1/traces",
} as const;

/** The hub's ingest name. */
export function ingestHost(p: Resolved): string {
  return `ingest.${p.hub.zone}`;
}

/** The Secret (in monitoring and opentelemetry on a spoke) that holds the cluster's ingest token, key `token`. */
export const INGEST_TOKEN_SECRET = "ingest-token";
/** Where a spoke's stack writes its token: its own secret backend, and the hub's registry. */
export const INGEST_TOKEN_KEY = "ingest-token";

export function registryTokenKey(p: Resolved, cluster: string): string {
  return `${p.name}/${cluster}/${INGEST_TOKEN_KEY}`;
}

/** The labels every series of a cluster carries, also on the hub. */
export function externalLabels(p: Resolved, c: ResolvedCluster): Record<string, string> {
  return { cluster: c.name, provider: c.provider, region: c.spec.region, environment: p.platform.platform.environment };
}

/** The series every spoke's Prometheus records each minute and remote-writes: the hub's sign that the spoke's write path works. */
export const HEARTBEAT = "basecamp:heartbeat";

/** Clusters that send their signals to the hub (every one but the hub). */
export function spokes(p: Resolved): ResolvedCluster[] {
  return p.clusters.filter((c) => !c.isHub);
}
