import { Construct } from "constructs";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { formatCidr, host, overlaps, parseCidr } from "../../lib/model/cidr";
import type { NodeSize } from "../cluster/cluster-infra";

const VM_SIZES: Record<NodeSize, string> = {
  small: "Standard_D2s_v5",
  medium: "Standard_D4s_v5",
  large: "Standard_D8s_v5",
};

/**
 * Overlay pod and service ranges, the same in every AKS cluster: neither is
 * routed outside the cluster, so they only have to miss the VNet. Shared
 * address space (RFC 6598) keeps them clear of the RFC 1918 ranges VNets use.
 */
export const AKS_POD_CIDR = parseCidr("100.64.0.0/16")!;
export const AKS_SERVICE_CIDR = parseCidr("100.65.0.0/16")!;

export interface AzureKubernetesProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly version: string;
  /** The VNet's range, which the pod and service ranges must miss. */
  readonly vnetCidr: string;
  readonly nodeSubnetId: string;
  readonly nodeCount: number;
  readonly nodeSize: NodeSize;
  readonly tags: Record<string, string>;
}

/** An AKS cluster with Azure CNI Overlay and workload identity. */
export class AzureKubernetes extends Construct {
  public readonly cluster: KubernetesCluster;

  constructor(scope: Construct, id: string, props: AzureKubernetesProps) {
    super(scope, id);
    const vnet = parseCidr(props.vnetCidr)!;
    for (const [what, range] of [["pod", AKS_POD_CIDR], ["service", AKS_SERVICE_CIDR]] as const) {
      if (overlaps(vnet, range)) {
        throw new Error(
          `[${this.node.path}] network.cidr (${props.vnetCidr}) overlaps the AKS ${what} range ${formatCidr(range)}; ` +
            `choose a cluster range outside 100.64.0.0/15`,
        );
      }
    }

    this.cluster = new KubernetesCluster(this, "Resource", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      dnsPrefix: props.name,
      kubernetesVersion: props.version,
      defaultNodePool: {
        name: "system",
        vmSize: VM_SIZES[props.nodeSize],
        nodeCount: props.nodeCount,
        vnetSubnetId: props.nodeSubnetId,
        zones: ["1", "2", "3"],
        // Lets a vm_size change rotate the pool instead of replacing the cluster.
        temporaryNameForRotation: "systemtmp",
        tags: props.tags,
      },
      identity: { type: "SystemAssigned" },
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        podCidr: formatCidr(AKS_POD_CIDR),
        serviceCidr: formatCidr(AKS_SERVICE_CIDR),
        // .10 by convention; .1 is the kubernetes service.
        dnsServiceIp: host(AKS_SERVICE_CIDR, 10),
      },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      tags: props.tags,
    });
    this.cluster.overrideLogicalId("cluster");
  }
}
