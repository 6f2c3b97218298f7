import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { GATEWAY_CONTROLLER, GATEWAY_NAMESPACE } from "../addons/envoy-gateway";

/** The one Gateway of every cluster, which apps' HTTPRoutes attach to. */
export const PUBLIC_GATEWAY = { name: "public", namespace: GATEWAY_NAMESPACE };
const TLS_SECRET = "public-tls";

export interface PublicGatewayProps {
  /** Annotations of the load balancer Service: its kind per cloud, its DNS name for ExternalDNS. */
  readonly serviceAnnotations: Record<string, string>;
  /** Names the certificate covers: the cluster's own, and the entry name where it serves it. */
  readonly dnsNames: readonly string[];
  /** ACME DNS-01 in Route 53 (clouds), or a self-signed issuer (a home network, which no ACME server reaches). */
  readonly issuer: { readonly kind: "acme"; readonly email: string } | { readonly kind: "self-signed" };
  readonly labels: Record<string, string>;
  /** Names of the platform's own (such as the hub's ingest), each routed from one platform namespace only. @default none */
  readonly platformNames?: readonly { readonly listener: string; readonly hostname: string; readonly namespace: string }[];
}

/**
 * The cluster's ingress: Envoy Gateway's GatewayClass, a Gateway whose load
 * balancer the cloud (or kube-vip) provides, with an HTTPS listener (its
 * certificate from cert-manager) that routes from team namespaces only, and
 * a redirect from HTTP to HTTPS.
 */
export class PublicGateway extends Construct {
  constructor(scope: Construct, id: string, props: PublicGatewayProps) {
    super(scope, id);
    const { namespace } = PUBLIC_GATEWAY;
    const labels = props.labels;
    new ApiObject(this, "class", {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "GatewayClass",
      metadata: { name: "envoy", labels },
      spec: { controllerName: GATEWAY_CONTROLLER },
    });
    const issuer =
      props.issuer.kind === "acme"
        ? {
            acme: {
              server: "https://acme-v02.api.letsencrypt.org/directory",
              email: props.issuer.email,
              privateKeySecretRef: { name: "letsencrypt-account" },
              // Ambient credentials: Pod Identity on EKS, the web identity role elsewhere; the role may change these names only.
              solvers: [{ dns01: { route53: { region: "us-east-1" } } }],
            },
          }
        : { selfSigned: {} };
    new ApiObject(this, "issuer", { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "public", labels }, spec: issuer });
    new ApiObject(this, "certificate", {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "public", namespace, labels },
      spec: { secretName: TLS_SECRET, issuerRef: { kind: "ClusterIssuer", name: "public" }, dnsNames: [...props.dnsNames] },
    });
    new ApiObject(this, "Resource", {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: PUBLIC_GATEWAY.name, namespace, labels },
      spec: {
        gatewayClassName: "envoy",
        // Envoy Gateway puts these on the load balancer Service it makes for the Gateway.
        infrastructure: { annotations: props.serviceAnnotations },
        listeners: [
          { name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } },
          {
            name: "https",
            protocol: "HTTPS",
            port: 443,
            tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: TLS_SECRET }] },
            // Only team namespaces may attach routes.
            allowedRoutes: { namespaces: { from: "Selector", selector: { matchExpressions: [{ key: "basecamp.dev/team", operator: "Exists" }] } } },
          },
          // A more specific name than the listener above: its routes come from its platform namespace alone.
          ...(props.platformNames ?? []).map((n) => ({
            name: n.listener,
            protocol: "HTTPS",
            port: 443,
            hostname: n.hostname,
            tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: TLS_SECRET }] },
            allowedRoutes: { namespaces: { from: "Selector", selector: { matchLabels: { "kubernetes.io/metadata.name": n.namespace } } } },
          })),
        ],
      },
    });
    new ApiObject(this, "redirect", {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "https-redirect", namespace, labels },
      spec: {
        parentRefs: [{ name: PUBLIC_GATEWAY.name, sectionName: "http" }],
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
      },
    });
  }
}

/** An app's route through the cluster's Gateway, for the given names. */
export function appRoute(scope: Construct, id: string, props: { name: string; namespace: string; hostnames: string[]; service: string; labels: Record<string, string> }): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
    spec: {
      parentRefs: [{ name: PUBLIC_GATEWAY.name, namespace: PUBLIC_GATEWAY.namespace, sectionName: "https" }],
      hostnames: props.hostnames,
      rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: props.service, port: 80 }] }],
    },
  });
}
