import type { Construct } from "constructs";
import * as cdktf from "cdktf";
import { resourceConfig } from "../../bindings/resource-config";
import { PROXMOX_GENERATOR_METADATA } from "./proxmox-provider";

export interface NetworkLinuxVlanConfig extends cdktf.TerraformMetaArguments {
  readonly nodeName: string;
  /** <interface>.<vlan>, such as eno1.40: the name says both. */
  readonly name: string;
  /** @default - none */
  readonly comment?: string;
  /** @default true (the provider's default) */
  readonly autostart?: boolean | cdktf.IResolvable;
}

/** proxmox_network_linux_vlan (the short name of proxmox_virtual_environment_network_linux_vlan). */
export class NetworkLinuxVlan extends cdktf.TerraformResource {
  public static readonly tfResourceType = "proxmox_network_linux_vlan";

  constructor(scope: Construct, id: string, private readonly config: NetworkLinuxVlanConfig) {
    super(scope, id, resourceConfig(NetworkLinuxVlan.tfResourceType, PROXMOX_GENERATOR_METADATA, config));
  }

  /** The interface name, as a reference so a bridge that enslaves it depends on it. */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return {
      node_name: cdktf.stringToTerraform(c.nodeName),
      name: cdktf.stringToTerraform(c.name),
      comment: cdktf.stringToTerraform(c.comment),
      autostart: cdktf.booleanToTerraform(c.autostart),
    };
  }
}
