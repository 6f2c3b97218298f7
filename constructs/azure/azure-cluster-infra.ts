import { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import type { ClusterInfra, ClusterInfraProps } from "../cluster/cluster-infra";
import { AzureKubernetes } from "./azure-kubernetes";
import { AzureNetwork } from "./azure-network";

/** AKS in its own resource group and VNet. */
export class AzureClusterInfra extends Construct implements ClusterInfra {
  public readonly networkId: string;
  public readonly clusterName: string;
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: ClusterInfraProps) {
    super(scope, id);
    const { cluster } = props;
    if (cluster.provider !== "azure") throw new Error(`AzureClusterInfra got a ${cluster.provider} cluster`);

    // The subscription comes from ARM_SUBSCRIPTION_ID, so the description names no account.
    new AzurermProvider(this, "provider", { features: [{}] });

    // azurerm has no provider-level default tags: each resource gets props.tags.
    const network = new AzureNetwork(this, "network", {
      cidr: cluster.network.cidr,
      location: cluster.region,
      name: cluster.name,
      tags: props.tags,
    });
    const k8s = new AzureKubernetes(this, "kubernetes", {
      name: cluster.name,
      location: cluster.region,
      resourceGroupName: network.resourceGroup.name,
      version: cluster.kubernetesVersion,
      vnetCidr: cluster.network.cidr,
      nodeSubnetId: network.nodeSubnet.id,
      nodeCount: cluster.nodes.count,
      nodeSize: cluster.nodes.size,
      tags: props.tags,
    });
    this.networkId = network.vnet.id;
    this.clusterName = k8s.cluster.name;
    // AKS gives a bare host name; a URL matches what EKS gives.
    this.endpoint = `https://${k8s.cluster.fqdn}`;
  }
}
