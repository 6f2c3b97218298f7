import type { Cluster } from "../../lib/model/schema";

/**
 * The contract every provider's cluster construct meets: the same props in,
 * the same outputs out, so stacks never branch on which cloud they got.
 */
export interface ClusterInfraProps {
  /** The cluster as described in platform.yaml. */
  readonly cluster: Cluster;
  /** Tags (labels on GCP) put on everything the construct creates. */
  readonly tags: Record<string, string>;
}

export interface ClusterInfra {
  /** The provider's id of the cluster's network (VPC, VNet, bridge). */
  readonly networkId: string;
  /** The Kubernetes cluster's name at the provider. */
  readonly clusterName: string;
  /** The Kubernetes API endpoint. */
  readonly endpoint: string;
}

/** Node sizes mapped per provider, so platform.yaml never names a machine type. */
export type NodeSize = Cluster["nodes"]["size"];
