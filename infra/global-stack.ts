import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { CeCostAllocationTag } from "@cdktf/provider-aws/lib/ce-cost-allocation-tag";
import { COST_TAG, RequiredTags } from "../constructs/cluster/required-tags";
import { Aspects, TerraformStack } from "cdktf";
import { s3Backend } from "../constructs/aws/aws-kit";

import { GLOBAL_STACK } from "../lib/model/reserved";
import { platformTags, type Resolved } from "../lib/model/resolve";
import { output } from "./cluster-stack";
import { requireTerraform, stateLocation } from "./state";

/**
 * The single public entry point: the platform's zone, a health check per
 * active cluster, and weighted records so <entry>.<domain> reaches every
 * healthy active cluster. A cluster with traffic: drain has no record and no
 * check: draining it is one commit. Each cluster's ExternalDNS publishes
 * ingress.<cluster>.<domain> itself, so this stack needs nothing from theirs.
 */
export class GlobalStack extends TerraformStack {
  public readonly zone: Route53Zone;

  constructor(scope: Construct, p: Resolved) {
    super(scope, GLOBAL_STACK);
    s3Backend(this, stateLocation(p.platform, GLOBAL_STACK, "aws"));
    requireTerraform(this);
    // Route 53 is a global service; its API lives in us-east-1.
    new AwsProvider(this, "aws", { region: "us-east-1", defaultTags: [{ tags: platformTags(p.platform, GLOBAL_STACK) }] });
    // A new zone has new name servers: the site is down until the registrar is changed again.
    this.zone = new Route53Zone(this, "zone", { name: p.domain, comment: `Public entry point of ${p.name}, managed by basecamp`, lifecycle: { preventDestroy: true } });
    this.zone.overrideLogicalId("zone");
    const caa = new Route53Record(this, "caa", { zoneId: this.zone.zoneId, name: p.domain, type: "CAA", ttl: 3600, records: ['0 issue "letsencrypt.org"', '0 iodef "mailto:security@' + p.domain + '"'] });
    caa.overrideLogicalId("caa");

    const { healthPath } = p.platform.platform.entry;
    for (const c of p.clusters.filter((x) => x.active)) {
      const slug = c.name.replace(/-/g, "_");
      const ingress = `ingress.${c.name}.${p.domain}`;
      const check = new Route53HealthCheck(this, `health-${c.name}`, {
        type: "HTTPS",
        fqdn: ingress,
        port: 443,
        resourcePath: healthPath,
        enableSni: true,
        requestInterval: 30,
        failureThreshold: 3,
        measureLatency: true,
        tags: { Name: `${p.entryFqdn} via ${c.name}` },
      });
      check.overrideLogicalId(`health_${slug}`);
      const record = new Route53Record(this, `entry-${c.name}`, {
        zoneId: this.zone.zoneId,
        name: p.entryFqdn,
        type: "CNAME",
        ttl: 60,
        records: [ingress],
        setIdentifier: c.name,
        weightedRoutingPolicy: { weight: 100 },
        healthCheckId: check.id,
      });
      record.overrideLogicalId(`entry_${slug}`);
    }
    // The budgets filter on the cluster tag, which Cost Explorer counts only once activated (and not retroactively).
    if (p.platform.platform.activateCostTag) {
      const costTag = new CeCostAllocationTag(this, "cost-tag", { tagKey: COST_TAG, status: "Active" });
      costTag.overrideLogicalId("cost_allocation_tag");
    }
    output(this, "zone_id", this.zone.zoneId, "The public zone; delegate the domain to its name servers.");
    output(this, "name_servers", this.zone.nameServers, "Name servers to set at the registrar.");
    output(this, "entry", p.entryFqdn, "The one public name.");
    Aspects.of(this).add(new RequiredTags());
  }
}
