import type { Construct } from "constructs";
import * as cdktf from "cdktf";
import { PROXMOX_GENERATOR_METADATA } from "./proxmox-provider";
import { resourceConfig } from "./resource-config";

export interface VirtualEnvironmentNetworkLinuxBridgeConfig extends cdktf.TerraformMetaArguments {
  /** The Proxmox node the bridge is created on. */
  readonly nodeName: string;
  /** vmbr<N> with 0 <= N <= 4094, or at most 10 letters, digits and '_'. */
  readonly name: string;
  /** The bridge's own IPv4 address in CIDR notation. @default - none */
  readonly address?: string;
  /** @default - none */
  readonly comment?: string;
  /** @default true (the provider's default) */
  readonly autostart?: boolean | cdktf.IResolvable;
}

/** proxmox_virtual_environment_network_linux_bridge */
export class VirtualEnvironmentNetworkLinuxBridge extends cdktf.TerraformResource {
  public static readonly tfResourceType = "proxmox_virtual_environment_network_linux_bridge";

  private readonly _nodeName: string;
  private readonly _name: string;
  private readonly _address?: string;
  private readonly _comment?: string;
  private readonly _autostart?: boolean | cdktf.IResolvable;

  constructor(scope: Construct, id: string, config: VirtualEnvironmentNetworkLinuxBridgeConfig) {
    super(scope, id, resourceConfig(VirtualEnvironmentNetworkLinuxBridge.tfResourceType, PROXMOX_GENERATOR_METADATA, config));
    this._nodeName = config.nodeName;
    this._name = config.name;
    this._address = config.address;
    this._comment = config.comment;
    this._autostart = config.autostart;
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
    return {
      node_name: cdktf.stringToTerraform(this._nodeName),
      name: cdktf.stringToTerraform(this._name),
      address: cdktf.stringToTerraform(this._address),
      comment: cdktf.stringToTerraform(this._comment),
      autostart: cdktf.booleanToTerraform(this._autostart),
    };
  }
}
