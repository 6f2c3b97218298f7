import { Construct } from "constructs";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { formatCidr, parseCidr, subnet } from "../../lib/model/cidr";

export interface AzureNetworkProps {
  /** The VNet's range; nodes take its lower half, the upper half stays free. */
  readonly cidr: string;
  readonly location: string;
  /** The cluster name; resource names follow Azure's abbreviations (rg-, vnet-, snet-). */
  readonly name: string;
  readonly tags: Record<string, string>;
}

/** The cluster's resource group and a VNet with one subnet for nodes. */
export class AzureNetwork extends Construct {
  public readonly resourceGroup: ResourceGroup;
  public readonly vnet: VirtualNetwork;
  public readonly nodeSubnet: Subnet;

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    this.resourceGroup = new ResourceGroup(this, "resource-group", {
      name: `rg-${props.name}`,
      location: props.location,
      tags: props.tags,
    });
    this.resourceGroup.overrideLogicalId("resource_group");

    this.vnet = new VirtualNetwork(this, "Resource", {
      name: `vnet-${props.name}`,
      location: props.location,
      resourceGroupName: this.resourceGroup.name,
      addressSpace: [props.cidr],
      tags: props.tags,
    });
    this.vnet.overrideLogicalId("network");

    this.nodeSubnet = new Subnet(this, "nodes", {
      name: "snet-nodes",
      resourceGroupName: this.resourceGroup.name,
      virtualNetworkName: this.vnet.name,
      addressPrefixes: [formatCidr(subnet(parseCidr(props.cidr)!, 1, 0))],
    });
    this.nodeSubnet.overrideLogicalId("nodes");
  }
}
