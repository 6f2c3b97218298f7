import type * as cdktf from "cdktf";

/** The TerraformResource config of a binding: its type and provider metadata, plus the meta-arguments a caller gave. */
export function resourceConfig(
  terraformResourceType: string,
  terraformGeneratorMetadata: cdktf.TerraformProviderGeneratorMetadata,
  meta: cdktf.TerraformMetaArguments,
): cdktf.TerraformResourceConfig {
  return {
    terraformResourceType,
    terraformGeneratorMetadata,
    provider: meta.provider,
    dependsOn: meta.dependsOn,
    count: meta.count,
    lifecycle: meta.lifecycle,
    provisioners: meta.provisioners,
    connection: meta.connection,
    forEach: meta.forEach,
  };
}
