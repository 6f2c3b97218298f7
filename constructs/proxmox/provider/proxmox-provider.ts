import type { Construct } from "constructs";
import * as cdktf from "cdktf";

/**
 * The bpg/proxmox release every binding here is written against. Exact, so a
 * provider upgrade is a reviewed change to this line, not a surprise at init.
 */
export const PROXMOX_PROVIDER_VERSION = "0.81.0";

/** Shared by every proxmox resource so `required_providers` has one source of truth. */
export const PROXMOX_GENERATOR_METADATA: cdktf.TerraformProviderGeneratorMetadata = {
  providerName: "proxmox",
  providerVersionConstraint: PROXMOX_PROVIDER_VERSION,
};

export interface ProxmoxProviderConfig {
  /** The Proxmox VE API URL, such as https://pve.home.arpa:8006/. */
  readonly endpoint: string;
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
  private readonly _insecure?: boolean | cdktf.IResolvable;

  constructor(scope: Construct, id: string, config: ProxmoxProviderConfig) {
    super(scope, id, {
      terraformResourceType: ProxmoxProvider.tfResourceType,
      terraformGeneratorMetadata: PROXMOX_GENERATOR_METADATA,
      terraformProviderSource: "bpg/proxmox",
    });
    this._endpoint = config.endpoint;
    this._insecure = config.insecure;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      endpoint: cdktf.stringToTerraform(this._endpoint),
      insecure: cdktf.booleanToTerraform(this._insecure),
    };
  }
}
