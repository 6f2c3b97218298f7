/**
 * The registration contract between a cluster's Terraform stack and the
 * hub's Argo CD (the GitOps Bridge pattern, typed): everything the hub needs
 * to register the cluster, and nothing secret. Each cluster stack writes it
 * as JSON to its own secret backend and to the hub's registry; the hub's
 * External Secrets turn it into an Argo CD cluster Secret.
 */
export type AuthKind = "in-cluster" | "aws" | "gcp" | "azure" | "pull";

export interface Registration {
  readonly name: string;
  /** The API server URL; for the hub, Argo CD's own in-cluster address. */
  readonly server: string;
  /** Base64 PEM of the cluster CA; empty for pull-mode clusters, which the hub never dials. */
  readonly caData: string;
  readonly auth: RegistrationAuth;
  /** Labels of the Argo CD cluster Secret; ApplicationSets select on them. */
  readonly labels: Readonly<Record<string, string>>;
  /** Ids of the cloud identities of the cluster's controllers, for their Helm values (annotations on the cluster Secret). */
  readonly identities: Readonly<Record<string, string>>;
}

export type RegistrationAuth =
  | { readonly kind: "in-cluster" }
  | { readonly kind: "aws"; readonly clusterName: string }
  | { readonly kind: "gcp"; readonly credentialConfig: string }
  | { readonly kind: "azure"; readonly clientId: string; readonly tenantId: string }
  | { readonly kind: "pull" };

/** The hub's in-cluster API address: Argo CD deploys to its own cluster through it. */
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

/** Label keys of the cluster Secret, visible in the rendered tree. */
export const LABEL = {
  secretType: "argocd.argoproj.io/secret-type",
  provider: "basecamp.dev/provider",
  region: "basecamp.dev/region",
  environment: "basecamp.dev/environment",
  traffic: "basecamp.dev/traffic",
  hub: "basecamp.dev/hub",
} as const;

/** The label that sends an app to a cluster. */
export function appLabel(app: string): string {
  return `app.basecamp.dev/${app}`;
}

/** The label that enables an add-on on a cluster. */
export function enableLabel(addOn: string): string {
  return `enable_${addOn.replace(/-/g, "_")}`;
}

/** The annotation that carries a controller's cloud identity id. */
export function identityAnnotation(controller: string): string {
  return `basecamp.dev/identity-${controller}`;
}

export interface LabelSource {
  readonly provider: string;
  readonly region: string;
  readonly environment: string;
  readonly traffic: string;
  readonly isHub: boolean;
}

/** The cluster Secret's labels: where it is, which add-ons it runs, which apps. */
export function clusterLabels(c: LabelSource, addOns: readonly string[], apps: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {
    [LABEL.secretType]: "cluster",
    [LABEL.provider]: c.provider,
    [LABEL.region]: c.region,
    [LABEL.environment]: c.environment,
    [LABEL.traffic]: c.traffic,
    [LABEL.hub]: String(c.isHub),
  };
  for (const a of [...addOns].sort()) labels[enableLabel(a)] = "true";
  for (const a of [...apps].sort()) labels[appLabel(a)] = "true";
  return labels;
}

/** The controllers whose cloud identity ids each cloud's registration carries. */
export const CONTROLLER_IDENTITIES: Record<"aws" | "gcp" | "azure" | "proxmox", readonly string[]> = {
  aws: ["cert-manager", "cluster-autoscaler", "external-dns", "external-secrets"],
  gcp: ["cert-manager", "external-dns", "external-secrets"],
  azure: ["cert-manager", "external-dns", "external-secrets"],
  proxmox: [],
};

/** Controllers whose identity exists only where apps keep databases: the readers of the managed databases' metrics. */
export const DATABASE_METRICS_IDENTITY: Partial<Record<"aws" | "gcp" | "azure" | "proxmox", string>> = { azure: "azure-metrics-exporter" };

/** The identities a cluster's registration carries, by the cluster's cloud and whether it runs databases. */
export function controllerIdentities(provider: "aws" | "gcp" | "azure" | "proxmox", databases: boolean): string[] {
  const extra = databases ? DATABASE_METRICS_IDENTITY[provider] : undefined;
  return [...CONTROLLER_IDENTITIES[provider], ...(extra ? [extra] : [])].sort();
}
