import type { Construct } from "constructs";
import * as cdktf from "cdktf";

/**
 * The bpg/proxmox release every binding here is written against, checked
 * against that tag's docs (docs/resources/*.md). Exact, so a provider upgrade
 * is a reviewed change to this line, not a surprise at init. Before v1.0 the
 * network and download resources also answer to short names (proxmox_*),
 * which we use; the long names of those three are deprecated.
 */
// renovate: datasource=terraform-provider depName=bpg/proxmox
export const PROXMOX_PROVIDER_VERSION = "0.111.1";

/** Shared by every proxmox resource so `required_providers` has one source of truth. */
export const PROXMOX_GENERATOR_METADATA: cdktf.TerraformProviderGeneratorMetadata = {
  providerName: "proxmox",
  providerVersionConstraint: PROXMOX_PROVIDER_VERSION,
};

export interface ProxmoxSsh {
  /** The node user the provider logs in as to upload snippets (required with an API token). */
  readonly username: string;
  /** Use the SSH agent of the machine running terraform (SSH_AUTH_SOCK): no key in the JSON. */
  readonly agent: boolean;
  /** How to reach each node by name. */
  readonly node: readonly { readonly name: string; readonly address: string }[];
}

export interface ProxmoxProviderConfig {
  /** The Proxmox VE API URL, such as https://pve.home.arpa:8006/. */
  readonly endpoint: string;
  /** SSH settings: snippet uploads (cloud-init user data) go over SSH, not the API. */
  readonly ssh: ProxmoxSsh;
  /**
   * Skip TLS verification of the API's certificate.
   * @default - unset: the provider verifies, or reads PROXMOX_VE_INSECURE
   */
  readonly insecure?: boolean | cdktf.IResolvable;
}

/**
 * The bpg/proxmox provider. Credentials are deliberately not configurable:
 * the provider reads PROXMOX_VE_API_TOKEN from the environment, so no secret
 * can end up in cdk.tf.json.
 */
export class ProxmoxProvider extends cdktf.TerraformProvider {
  public static readonly tfResourceType = "proxmox";

  private readonly _endpoint: string;
  private readonly _ssh: ProxmoxSsh;
  private readonly _insecure?: boolean | cdktf.IResolvable;

  constructor(scope: Construct, id: string, config: ProxmoxProviderConfig) {
    super(scope, id, {
      terraformResourceType: ProxmoxProvider.tfResourceType,
      terraformGeneratorMetadata: PROXMOX_GENERATOR_METADATA,
      terraformProviderSource: "bpg/proxmox",
    });
    this._endpoint = config.endpoint;
    this._ssh = config.ssh;
    this._insecure = config.insecure;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      endpoint: cdktf.stringToTerraform(this._endpoint),
      insecure: cdktf.booleanToTerraform(this._insecure),
      // An SDKv2 block of at most one item: a list of one object in JSON.
      ssh: [
        {
          username: this._ssh.username,
          agent: this._ssh.agent,
          node: this._ssh.node.map((n) => ({ name: n.name, address: n.address })),
        },
      ],
    };
  }
}
