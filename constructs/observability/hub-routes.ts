import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import type { Resolved } from "../../lib/model/resolve";
import { PUBLIC_GATEWAY } from "../k8s/gateway";
import { ingestHost, INGEST_PATHS, LOKI, LOGGING, MONITORING, PROMETHEUS, TEMPO, TRACING } from "./signals";
import { ARGOCD_NAMESPACE } from "../argocd/types";

/** The Secret on the hub whose keys are the spokes' names and values their ingest tokens. */
export const INGEST_CLIENTS_SECRET = "ingest-clients";
const GRAFANA = { service: "kube-prometheus-stack-grafana", port: 80 };

/** The hub's Gateway listeners for its own names, each routed from the monitoring namespace only. */
/** Where people (and git webhooks) reach the hub's Argo CD. */
export function argocdHost(p: Resolved): string {
  return `argocd.${p.hub.zone}`;
}

/** The Service of the hub's Argo CD server, as chart argo-cd names it for release argo-cd; plain HTTP behind the Gateway. */
export const ARGOCD_SERVER = { service: "argo-cd-argocd-server", port: 80 };

export function hubNames(p: Resolved) {
  return [
    { listener: "ingest", hostname: ingestHost(p), namespace: MONITORING },
    { listener: "grafana", hostname: `grafana.${p.hub.zone}`, namespace: MONITORING },
    // Argo CD's UI, its SSO callback and its git webhook (/api/webhook).
    { listener: "argocd", hostname: argocdHost(p), namespace: ARGOCD_NAMESPACE },
  ];
}

/**
 * The hub's ingest: one name through its Gateway, three paths (Prometheus
 * remote write, Loki's OTLP logs, Tempo's OTLP traces), every request
 * authenticated by a spoke's bearer token (Envoy Gateway's API key auth,
 * which strips "Bearer "), the token itself not passed on. And Grafana,
 * behind its own login.
 */
export function hubRoutes(scope: Construct, p: Resolved, labels: Record<string, string>): void {
  const parent = (listener: string) => ({ name: PUBLIC_GATEWAY.name, namespace: PUBLIC_GATEWAY.namespace, sectionName: listener });
  const rule = (path: string, name: string, namespace: string, port: number) => ({
    matches: [{ path: { type: "PathPrefix", value: path } }],
    backendRefs: [{ name, ...(namespace === MONITORING ? {} : { namespace }), port }],
  });
  new ApiObject(scope, "ingest-route", {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "ingest", namespace: MONITORING, labels },
    spec: {
      parentRefs: [parent("ingest")],
      hostnames: [ingestHost(p)],
      rules: [
        rule(INGEST_PATHS.metrics, PROMETHEUS.service, MONITORING, PROMETHEUS.port),
        rule(INGEST_PATHS.logs, LOKI.service, LOGGING, LOKI.port),
        rule(INGEST_PATHS.traces, TEMPO.service, TRACING, TEMPO.otlpHttp),
      ],
    },
  });
  // The route in monitoring may send to Loki's and Tempo's Services.
  for (const [ns, service] of [[LOGGING, LOKI.service], [TRACING, TEMPO.service]] as const) {
    new ApiObject(scope, `grant-${ns}`, {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "ReferenceGrant",
      metadata: { name: "ingest-from-monitoring", namespace: ns, labels },
      spec: { from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: MONITORING }], to: [{ group: "", kind: "Service", name: service }] },
    });
  }
  new ApiObject(scope, "ingest-auth", {
    apiVersion: "gateway.envoyproxy.io/v1alpha1",
    kind: "SecurityPolicy",
    metadata: { name: "ingest", namespace: MONITORING, labels },
    spec: {
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "ingest" }],
      apiKeyAuth: {
        credentialRefs: [{ group: "", kind: "Secret", name: INGEST_CLIENTS_SECRET }],
        extractFrom: [{ headers: ["authorization"] }],
        forwardClientIDHeader: "x-basecamp-cluster",
        sanitize: true,
      },
    },
  });
  new ApiObject(scope, "grafana-route", {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "grafana", namespace: MONITORING, labels },
    spec: { parentRefs: [parent("grafana")], hostnames: [`grafana.${p.hub.zone}`], rules: [rule("/", GRAFANA.service, MONITORING, GRAFANA.port)] },
  });
  new ApiObject(scope, "argocd-route", {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "argocd", namespace: ARGOCD_NAMESPACE, labels },
    spec: { parentRefs: [parent("argocd")], hostnames: [argocdHost(p)], rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: ARGOCD_SERVER.service, port: ARGOCD_SERVER.port }] }] },
  });
}
