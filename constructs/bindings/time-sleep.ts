import type { Construct } from "constructs";
import * as cdktf from "cdktf";
import { resourceConfig } from "./resource-config";

/** The hashicorp/time release this binding is written against. */
// renovate: datasource=terraform-provider depName=hashicorp/time
export const TIME_PROVIDER_VERSION = "0.13.1";

const METADATA: cdktf.TerraformProviderGeneratorMetadata = { providerName: "time", providerVersionConstraint: TIME_PROVIDER_VERSION };

/** The hashicorp/time provider; it has no settings. */
export class TimeProvider extends cdktf.TerraformProvider {
  public static readonly tfResourceType = "time";

  constructor(scope: Construct, id: string) {
    super(scope, id, { terraformResourceType: TimeProvider.tfResourceType, terraformGeneratorMetadata: METADATA, terraformProviderSource: "hashicorp/time" });
  }
}

export interface TimeSleepConfig extends cdktf.TerraformMetaArguments {
  /** How long to wait after what it depends on is created, such as "60s". */
  readonly createDuration: string;
}

/**
 * time_sleep: a pause in the apply, for what a cloud makes eventually
 * consistent (an API just enabled, a role just assigned). The stack adds
 * its provider where it uses one (needsTime).
 */
export class TimeSleep extends cdktf.TerraformResource {
  public static readonly tfResourceType = "time_sleep";

  constructor(scope: Construct, id: string, private readonly config: TimeSleepConfig) {
    super(scope, id, resourceConfig(TimeSleep.tfResourceType, METADATA, config));
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { create_duration: cdktf.stringToTerraform(this.config.createDuration) };
  }
}
