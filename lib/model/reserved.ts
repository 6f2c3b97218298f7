/** The stacks that are not clusters; no cluster may take their names. */
export const GLOBAL_STACK = "global";
export const BOOTSTRAP_STACK = "bootstrap";
/** The state stores of other clouds get stacks of their own: each stack needs only its own provider. */
export const BOOTSTRAP_GCP_STACK = "bootstrap-gcp";
export const BOOTSTRAP_AZURE_STACK = "bootstrap-azure";
export const RESERVED_STACKS = [GLOBAL_STACK, BOOTSTRAP_STACK, BOOTSTRAP_GCP_STACK, BOOTSTRAP_AZURE_STACK];

/**
 * Namespaces the platform or Kubernetes owns. A team's namespace is named
 * after the team, so no team may take one of these (add-ons install here).
 */
export const RESERVED_NAMESPACES = [
  "default",
  "argocd",
  "argo-rollouts",
  "azure-metrics-exporter",
  "cert-manager",
  "cnpg-system",
  "cloudwatch-exporter",
  "stackdriver-exporter",
  "envoy-gateway-system",
  "external-dns",
  "external-secrets",
  "kube-vip",
  "kyverno",
  "logging",
  "monitoring",
  "opencost",
  "opentelemetry",
  "platform-system",
  "system-upgrade",
  "tracing",
];

export function isReservedNamespace(name: string): boolean {
  return RESERVED_NAMESPACES.includes(name) || name.startsWith("kube-");
}
