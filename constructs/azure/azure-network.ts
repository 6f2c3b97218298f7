import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { azureResourceGroup } from "./azure-names";
import { formatCidr, parseCidr, subnet } from "../../lib/model/cidr";

export interface AzureNetworkProps {
  /** The VNet's range, in /+4 blocks: nodes, then the database subnet. */
  readonly cidr: string;
  readonly location: string;
  /** The cluster name; resource names follow Azure's abbreviations (rg-, vnet-, snet-, ng-). */
  readonly name: string;
  readonly tags: Record<string, string>;
}

/**
 * The cluster's resource group, a VNet with a node subnet whose egress goes
 * through a NAT gateway on a static address, and a subnet delegated to
 * PostgreSQL flexible servers.
 */
export class AzureNetwork extends Construct {
  public readonly resourceGroup: ResourceGroup;
  public readonly vnet: VirtualNetwork;
  public readonly nodeSubnet: Subnet;
  public readonly databaseSubnet: Subnet;
  public readonly natGateway: NatGateway;
  public readonly egressAddresses: string[];
  /** The NAT gateway's address and subnet associations: the node subnet has no egress before both exist. */
  public readonly egressReady: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    const range = parseCidr(props.cidr)!;
    const tags = props.tags;
    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: azureResourceGroup(props.name), location: props.location, tags });
    this.resourceGroup.overrideLogicalId("resource_group");
    const rg = { resourceGroupName: this.resourceGroup.name, location: props.location };

    this.vnet = new VirtualNetwork(this, "Resource", { name: `vnet-${props.name}`, ...rg, addressSpace: [props.cidr], tags });
    this.vnet.overrideLogicalId("network");

    this.nodeSubnet = new Subnet(this, "nodes", {
      name: "snet-nodes",
      resourceGroupName: this.resourceGroup.name,
      virtualNetworkName: this.vnet.name,
      addressPrefixes: [formatCidr(subnet(range, 4, 0))],
      defaultOutboundAccessEnabled: false,
    });
    this.nodeSubnet.overrideLogicalId("nodes");
    this.databaseSubnet = new Subnet(this, "database", {
      name: "snet-database",
      resourceGroupName: this.resourceGroup.name,
      virtualNetworkName: this.vnet.name,
      addressPrefixes: [formatCidr(subnet(range, 4, 1))],
      defaultOutboundAccessEnabled: false,
      delegation: [{ name: "postgresql", serviceDelegation: { name: "Microsoft.DBforPostgreSQL/flexibleServers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } }],
    });
    this.databaseSubnet.overrideLogicalId("database");

    const ip = new PublicIp(this, "nat-address", { name: `pip-${props.name}-nat`, ...rg, allocationMethod: "Static", sku: "Standard", zones: ["1", "2", "3"], tags });
    ip.overrideLogicalId("nat_address");
    this.natGateway = new NatGateway(this, "nat", { name: `ng-${props.name}`, ...rg, skuName: "Standard", idleTimeoutInMinutes: 10, tags });
    this.natGateway.overrideLogicalId("nat");
    const ipAssoc = new NatGatewayPublicIpAssociation(this, "nat-address-association", { natGatewayId: this.natGateway.id, publicIpAddressId: ip.id });
    ipAssoc.overrideLogicalId("nat_address_association");
    const subnetAssoc = new SubnetNatGatewayAssociation(this, "nat-association", { subnetId: this.nodeSubnet.id, natGatewayId: this.natGateway.id });
    subnetAssoc.overrideLogicalId("nat_association");
    this.egressAddresses = [ip.ipAddress];
    this.egressReady = [ipAssoc, subnetAssoc];
  }
}
