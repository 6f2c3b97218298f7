import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Fn, TerraformStack } from "cdktf";
import { GLOBAL_STACK } from "../lib/model/references";
import type { Platform } from "../lib/model/schema";
import { output, stateBackend } from "./cluster-stack";
import { platformTags } from "./tags";


/** The single public entry point: the platform's DNS zone, whatever cloud the clusters run on. */
export class GlobalStack extends TerraformStack {
  public readonly zone: Route53Zone;

  constructor(scope: Construct, platform: Platform) {
    super(scope, GLOBAL_STACK);
    stateBackend(this, GLOBAL_STACK);
    // Route 53 is a global service; its API lives in us-east-1.
    new AwsProvider(this, "provider", {
      region: "us-east-1",
      defaultTags: [{ tags: platformTags(platform, GLOBAL_STACK) }],
    });
    this.zone = new Route53Zone(this, "zone", {
      name: platform.platform.domain,
      comment: `Public entry point of ${platform.platform.name}, managed by basecamp`,
    });
    this.zone.overrideLogicalId("zone");
    output(this, "zone_id", this.zone.zoneId, "The public zone; delegate the domain to its name servers.");
    output(this, "name_servers", Fn.join(",", this.zone.nameServers), "Name servers to set at the registrar.");
  }
}
