import type { Construct } from "constructs";
import * as cdktf from "cdktf";
import { resourceConfig } from "../../bindings/resource-config";
import { PROXMOX_GENERATOR_METADATA } from "./proxmox-provider";

export interface NetworkLinuxBridgeConfig extends cdktf.TerraformMetaArguments {
  /** The Proxmox node the bridge is created on. */
  readonly nodeName: string;
  /** vmbr<N>, at most 10 characters. */
  readonly name: string;
  /** Interfaces enslaved to the bridge, such as a VLAN interface of the uplink. @default none */
  readonly ports?: string[];
  /** @default - none */
  readonly comment?: string;
  /** @default true (the provider's default) */
  readonly autostart?: boolean | cdktf.IResolvable;
}

/** proxmox_network_linux_bridge (the short name of proxmox_virtual_environment_network_linux_bridge). */
export class NetworkLinuxBridge extends cdktf.TerraformResource {
  public static readonly tfResourceType = "proxmox_network_linux_bridge";

  constructor(scope: Construct, id: string, private readonly config: NetworkLinuxBridgeConfig) {
    super(scope, id, resourceConfig(NetworkLinuxBridge.tfResourceType, PROXMOX_GENERATOR_METADATA, config));
  }

  /** `<node name>:<iface>`. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** The interface name, as a reference so users depend on the bridge. */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return {
      node_name: cdktf.stringToTerraform(c.nodeName),
      name: cdktf.stringToTerraform(c.name),
      ports: cdktf.listMapper(cdktf.stringToTerraform, false)(c.ports),
      comment: cdktf.stringToTerraform(c.comment),
      autostart: cdktf.booleanToTerraform(c.autostart),
    };
  }
}
