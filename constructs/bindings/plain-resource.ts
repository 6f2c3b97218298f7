import type { Construct } from "constructs";
import * as cdktf from "cdktf";
import { resourceConfig } from "./resource-config";

/**
 * A resource of a provider basecamp has no generated classes for, written as
 * the attributes Terraform reads (snake_case, blocks as lists of objects).
 * The bindings of such providers build on it; each names its provider's
 * release, and the stack must hold that provider.
 */
export class PlainResource extends cdktf.TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    type: string,
    metadata: cdktf.TerraformProviderGeneratorMetadata,
    private readonly attributes: Record<string, unknown>,
    meta: cdktf.TerraformMetaArguments = {},
  ) {
    super(scope, id, resourceConfig(type, metadata, meta));
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return this.attributes;
  }
}

/** A provider basecamp has no generated classes for, with its settings as Terraform reads them. */
export class PlainProvider extends cdktf.TerraformProvider {
  constructor(scope: Construct, id: string, source: string, metadata: cdktf.TerraformProviderGeneratorMetadata, private readonly settings: Record<string, unknown> = {}) {
    super(scope, id, { terraformResourceType: metadata.providerName, terraformGeneratorMetadata: metadata, terraformProviderSource: source });
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return this.settings;
  }
}

/** A data source of a provider basecamp has no generated classes for (see PlainResource). */
export class PlainDataSource extends cdktf.TerraformDataSource {
  constructor(
    scope: Construct,
    id: string,
    type: string,
    metadata: cdktf.TerraformProviderGeneratorMetadata,
    private readonly attributes: Record<string, unknown>,
    meta: cdktf.TerraformMetaArguments = {},
  ) {
    super(scope, id, resourceConfig(type, metadata, meta));
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return this.attributes;
  }
}
