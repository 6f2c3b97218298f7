import { Construct } from "constructs";
import { NetworkLinuxBridge } from "./provider/network-linux-bridge";
import { NetworkLinuxVlan } from "./provider/network-linux-vlan";
import { bridgeName } from "./proxmox-layout";

export interface ProxmoxNetworkProps {
  /** The Proxmox node that gets the bridge. */
  readonly nodeName: string;
  /** The cluster's range; it names the bridge. */
  readonly cidr: string;
  /** The host's interface that carries the cluster's VLAN, such as eno1. */
  readonly uplink: string;
  readonly vlan: number;
  /** The cluster's name, for the comments. */
  readonly name: string;
}

/**
 * The cluster's VLAN on the host's uplink, and a bridge with that VLAN as its
 * only port: the VMs sit on the VLAN, and the router that serves it (the
 * gateway in platform.yaml) routes it to the rest of the network and NATs it
 * to the internet. The host itself takes no address on it.
 */
export class ProxmoxNetwork extends Construct {
  public readonly bridge: NetworkLinuxBridge;

  constructor(scope: Construct, id: string, props: ProxmoxNetworkProps) {
    super(scope, id);
    const vlan = new NetworkLinuxVlan(this, "vlan", { nodeName: props.nodeName, name: `${props.uplink}.${props.vlan}`, comment: `basecamp cluster ${props.name}`, autostart: true });
    vlan.overrideLogicalId("vlan");
    this.bridge = new NetworkLinuxBridge(this, "Resource", {
      nodeName: props.nodeName,
      name: bridgeName(props.cidr),
      ports: [vlan.name],
      comment: `basecamp cluster ${props.name}`,
      autostart: true,
    });
    this.bridge.overrideLogicalId("bridge");
  }
}
