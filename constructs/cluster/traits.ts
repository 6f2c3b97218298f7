import type { Provider } from "../../lib/model/schema";

/**
 * What a cluster of each provider brings, as data: the charts, policies and
 * checks read it instead of assuming (a default StorageClass, NetworkPolicy
 * enforcement). A kit that changes what it provides changes it here.
 */
export interface ClusterTraits {
  /** The default StorageClass, which every volume basecamp asks for names. */
  readonly storageClass: string;
  /** basecamp renders that class in the cluster's platform folder (EKS has no default since 1.30). */
  readonly rendersStorageClass: boolean;
  /** NetworkPolicies are enforced (the VPC CNI's network policy agent, Dataplane V2, Cilium, K3s's kube-router). */
  readonly enforcesNetworkPolicy: boolean;
  /** Namespaces the provider runs its own components in: never a team's, and left alone by the guardrails. */
  readonly managedNamespaces: readonly string[];
}

export const TRAITS: Readonly<Record<Provider, ClusterTraits>> = {
  aws: { storageClass: "gp3", rendersStorageClass: true, enforcesNetworkPolicy: true, managedNamespaces: ["amazon-cloudwatch", "amazon-guardduty"] },
  gcp: {
    storageClass: "standard-rwo",
    rendersStorageClass: false,
    enforcesNetworkPolicy: true,
    managedNamespaces: ["gke-gmp-system", "gmp-public", "gke-managed-system", "gke-managed-cim", "gke-managed-dpv2-observability", "gke-managed-filestorecsi", "gke-managed-parallelstorecsi"],
  },
  azure: { storageClass: "managed-csi", rendersStorageClass: false, enforcesNetworkPolicy: true, managedNamespaces: ["gatekeeper-system", "app-routing-system", "aks-command"] },
  proxmox: { storageClass: "local-path", rendersStorageClass: false, enforcesNetworkPolicy: true, managedNamespaces: [] },
};

/** The class a volume on a cluster of `provider` names. */
export function storageClassOf(provider: Provider): string {
  return TRAITS[provider].storageClass;
}
