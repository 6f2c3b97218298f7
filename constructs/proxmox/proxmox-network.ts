import { Construct } from "constructs";
import { formatCidr, host, parseCidr, subnet, type Cidr } from "../../lib/model/cidr";
import { VirtualEnvironmentNetworkLinuxBridge } from "./provider/virtual-environment-network-linux-bridge";

/** The VMs' subnet: the first /24 of the cluster's range. */
export function nodeSubnet(cidr: string): Cidr {
  const range = parseCidr(cidr);
  if (!range) throw new Error(`'cidr' (${cidr}) must be an IPv4 CIDR such as 10.40.0.0/16`);
  return subnet(range, 24 - range.prefix, 0);
}

/**
 * vmbr<1000 + second octet>: the platform keeps cluster ranges apart, and they
 * mostly differ in the second octet; 1000+ stays clear of vmbr0 (the host's
 * uplink) and of the low numbers people create by hand, and within vmbr4094.
 */
export function bridgeName(cidr: string): string {
  return `vmbr${1000 + Number(cidr.split(".")[1])}`;
}

export interface ProxmoxNetworkProps {
  /** The Proxmox node that gets the bridge. */
  readonly nodeName: string;
  /** The cluster's range; the bridge takes the first address of its first /24. */
  readonly cidr: string;
  /** The cluster's name, for the bridge's comment. */
  readonly name: string;
}

/**
 * A Linux bridge per cluster with no physical ports: the VMs' private L2
 * segment, with the node itself as the gateway.
 */
export class ProxmoxNetwork extends Construct {
  public readonly bridge: VirtualEnvironmentNetworkLinuxBridge;
  /** The VMs' subnet, such as 10.40.0.0/24. */
  public readonly subnet: string;
  /** The bridge's address, the VMs' default gateway. */
  public readonly gateway: string;

  constructor(scope: Construct, id: string, props: ProxmoxNetworkProps) {
    super(scope, id);
    const nodes = nodeSubnet(props.cidr);
    this.subnet = formatCidr(nodes);
    this.gateway = host(nodes, 1);

    this.bridge = new VirtualEnvironmentNetworkLinuxBridge(this, "Resource", {
      nodeName: props.nodeName,
      name: bridgeName(props.cidr),
      address: `${this.gateway}/${nodes.prefix}`,
      comment: `basecamp cluster ${props.name}`,
      autostart: true,
    });
    this.bridge.overrideLogicalId("bridge");
  }
}
