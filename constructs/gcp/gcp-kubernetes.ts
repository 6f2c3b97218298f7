import { Construct } from "constructs";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import type { NodeSize } from "../cluster/cluster-infra";
import { POD_RANGE, SERVICE_RANGE } from "./gcp-network";

const MACHINE_TYPES: Record<NodeSize, string> = {
  small: "e2-standard-2",
  medium: "e2-standard-4",
  large: "e2-standard-8",
};

export interface GcpKubernetesProps {
  readonly name: string;
  readonly project: string;
  readonly region: string;
  readonly version: string;
  readonly networkId: string;
  readonly subnetworkId: string;
  /** A /28 that overlaps nothing in the VPC, for the Google-managed control plane. */
  readonly controlPlaneCidr: string;
  /** Nodes in each of the region's zones. */
  readonly nodeCount: number;
  readonly nodeSize: NodeSize;
  readonly labels: Record<string, string>;
}

/** A regional, private, VPC-native GKE cluster with one node pool. */
export class GcpKubernetes extends Construct {
  public readonly cluster: ContainerCluster;

  constructor(scope: Construct, id: string, props: GcpKubernetesProps) {
    super(scope, id);
    this.cluster = new ContainerCluster(this, "Resource", {
      name: props.name,
      location: props.region,
      network: props.networkId,
      subnetwork: props.subnetworkId,
      // Node pools are managed separately, so changing one never recreates the cluster.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: { clusterSecondaryRangeName: POD_RANGE, servicesSecondaryRangeName: SERVICE_RANGE },
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: false,
        masterIpv4CidrBlock: props.controlPlaneCidr,
      },
      releaseChannel: { channel: "REGULAR" },
      minMasterVersion: props.version,
      workloadIdentityConfig: { workloadPool: `${props.project}.svc.id.goog` },
      deletionProtection: true,
      // Set here as well: provider default_labels reach GKE clusters only in recent provider versions.
      resourceLabels: props.labels,
    });
    this.cluster.overrideLogicalId("cluster");

    const nodes = new ContainerNodePool(this, "nodes", {
      name: "default",
      cluster: this.cluster.id,
      location: props.region,
      nodeCount: props.nodeCount,
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: MACHINE_TYPES[props.nodeSize],
        labels: props.labels,
        resourceLabels: props.labels,
        // Access is governed by IAM; scopes narrower than this only add confusion.
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        workloadMetadataConfig: { mode: "GKE_METADATA" },
      },
    });
    nodes.overrideLogicalId("nodes");
  }
}
