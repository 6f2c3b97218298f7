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
}

export const TRAITS: Readonly<Record<Provider, ClusterTraits>> = {
  aws: { storageClass: "gp3", rendersStorageClass: true, enforcesNetworkPolicy: true },
  gcp: { storageClass: "standard-rwo", rendersStorageClass: false, enforcesNetworkPolicy: true },
  azure: { storageClass: "managed-csi", rendersStorageClass: false, enforcesNetworkPolicy: true },
  proxmox: { storageClass: "local-path", rendersStorageClass: false, enforcesNetworkPolicy: true },
};

/** The class a volume on a cluster of `provider` names. */
export function storageClassOf(provider: Provider): string {
  return TRAITS[provider].storageClass;
}
