import type { Construct } from "constructs";
import * as cdktf from "cdktf";
import { resourceConfig } from "./resource-config";

/** The hashicorp/vault release these bindings are written against. */
// renovate: datasource=terraform-provider depName=hashicorp/vault
export const VAULT_PROVIDER_VERSION = "5.10.1";

export const VAULT_METADATA: cdktf.TerraformProviderGeneratorMetadata = { providerName: "vault", providerVersionConstraint: VAULT_PROVIDER_VERSION };
const METADATA = VAULT_METADATA;

/**
 * The hashicorp/vault provider. Address and token come from VAULT_ADDR and
 * VAULT_TOKEN (or its login settings), never from the JSON.
 */
export class VaultProvider extends cdktf.TerraformProvider {
  public static readonly tfResourceType = "vault";

  constructor(scope: Construct, id: string, private readonly address: string) {
    super(scope, id, { terraformResourceType: VaultProvider.tfResourceType, terraformGeneratorMetadata: METADATA, terraformProviderSource: "hashicorp/vault" });
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { address: cdktf.stringToTerraform(this.address) };
  }
}

export interface VaultKvSecretV2Config extends cdktf.TerraformMetaArguments {
  /** The KV v2 mount, such as basecamp. */
  readonly mount: string;
  /** The secret's path below the mount. */
  readonly name: string;
  /** JSON; references only. */
  readonly dataJson?: string;
  /** JSON sent once and never kept in the state (write-only); bump dataJsonWoVersion to send it again. */
  readonly dataJsonWo?: string;
  readonly dataJsonWoVersion?: number;
}

/** vault_kv_secret_v2: one secret of a KV v2 mount. */
export class VaultKvSecretV2 extends cdktf.TerraformResource {
  public static readonly tfResourceType = "vault_kv_secret_v2";

  constructor(scope: Construct, id: string, private readonly config: VaultKvSecretV2Config) {
    super(scope, id, resourceConfig(VaultKvSecretV2.tfResourceType, METADATA, config));
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      mount: cdktf.stringToTerraform(this.config.mount),
      name: cdktf.stringToTerraform(this.config.name),
      data_json: cdktf.stringToTerraform(this.config.dataJson),
      data_json_wo: cdktf.stringToTerraform(this.config.dataJsonWo),
      data_json_wo_version: cdktf.numberToTerraform(this.config.dataJsonWoVersion),
    };
  }
}
