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
import { platformTags, type Resolved, type ResolvedCluster } from "../lib/model/resolve";
import { DatabaseArchive } from "../constructs/aws/database-archive";
import { output } from "./cluster-stack";
import { requireTerraform, stateLocation } from "./state";

/**
 * The single public entry point: the platform's zone, a health check per
 * cluster it may send users to, and the entry's records: weighted over every
 * healthy active cluster, or, for an app with one writer, failover in its
 * order. A cluster with traffic: drain has no record and no check: draining
 * it is one commit. The databases' archive of the failover orders is here too. Each cluster's ExternalDNS publishes
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

    const entryApp = p.apps.find((a) => a.name === p.platform.platform.entry.app);
    const check = (c: ResolvedCluster) => this.healthCheck(p, c);
    if (entryApp?.failover) this.failover(p, entryApp.failover.order.map((n) => p.cluster(n)).filter((c) => c.active), check);
    else this.weighted(p, p.clusters.filter((x) => x.active), check);
    const archived = p.apps.filter((a) => a.failover);
    if (archived.length > 0 && p.platform.platform.archive) {
      const provider = new AwsProvider(this, "aws-hub", { alias: "hub", region: p.hub.spec.region, defaultTags: [{ tags: platformTags(p.platform, GLOBAL_STACK) }] });
      new DatabaseArchive(this, "archive", { platform: p.name, bucket: p.platform.platform.archive.bucket, provider, orders: archived.map((a) => ({ app: a.name, clusters: a.failover!.order })) });
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

  /** HTTPS to the entry's health path through the cluster's own ingress name, every 30 s from Route 53's checkers. */
  private healthCheck(p: Resolved, c: ResolvedCluster): Route53HealthCheck {
    const check = new Route53HealthCheck(this, `health-${c.name}`, {
      type: "HTTPS",
      fqdn: ingressName(p, c),
      port: 443,
      resourcePath: p.platform.platform.entry.healthPath,
      enableSni: true,
      requestInterval: 30,
      failureThreshold: 3,
      measureLatency: true,
      tags: { Name: `${p.entryFqdn} via ${c.name}` },
    });
    check.overrideLogicalId(`health_${slug(c.name)}`);
    return check;
  }

  /** A stateless entry app: one weighted record per active cluster, each answered only while its check passes. */
  private weighted(p: Resolved, clusters: readonly ResolvedCluster[], check: (c: ResolvedCluster) => Route53HealthCheck): void {
    for (const c of clusters) {
      const record = new Route53Record(this, `entry-${c.name}`, {
        zoneId: this.zone.zoneId,
        name: p.entryFqdn,
        type: "CNAME",
        ttl: 60,
        records: [ingressName(p, c)],
        setIdentifier: c.name,
        weightedRoutingPolicy: { weight: 100 },
        healthCheckId: check(c).id,
      });
      record.overrideLogicalId(`entry_${slug(c.name)}`);
    }
  }

  /**
   * One writer: the entry answers with the first cluster of the failover
   * order whose check passes. Route 53 fails over between two records of a
   * name, so a longer order nests: the secondary of each name is an alias of
   * the next one (standby-<n>.<entry>). Records are named by position, not
   * by cluster: a drain changes their targets in place.
   */
  private failover(p: Resolved, chain: readonly ResolvedCluster[], check: (c: ResolvedCluster) => Route53HealthCheck): void {
    const checks = chain.map(check);
    const level = (k: number) => (k === 0 ? p.entryFqdn : `standby-${k}.${p.entryFqdn}`);
    const id = (k: number) => (k === 0 ? "entry" : `entry_standby_${k}`);
    const target = (i: number) => ({ ttl: 60, records: [ingressName(p, chain[i])], healthCheckId: checks[i].id });
    const levels = Math.max(1, chain.length - 1);
    // Deepest first: an alias is refused until the records it names exist.
    let below: Route53Record[] = [];
    for (let k = levels - 1; k >= 0; k--) {
      const records = [new Route53Record(this, `${id(k)}-primary`, { zoneId: this.zone.zoneId, name: level(k), type: "CNAME", setIdentifier: "primary", failoverRoutingPolicy: { type: "PRIMARY" }, ...target(k) })];
      records[0].overrideLogicalId(`${id(k)}_primary`);
      if (chain.length >= k + 2) {
        const next = k + 2 === chain.length ? target(k + 1) : { alias: { name: level(k + 1), zoneId: this.zone.zoneId, evaluateTargetHealth: true }, dependsOn: below };
        const secondary = new Route53Record(this, `${id(k)}-secondary`, { zoneId: this.zone.zoneId, name: level(k), type: "CNAME", setIdentifier: "secondary", failoverRoutingPolicy: { type: "SECONDARY" }, ...next });
        secondary.overrideLogicalId(`${id(k)}_secondary`);
        records.push(secondary);
      }
      below = records;
    }
  }

}

/** A cluster's own ingress name, which its ExternalDNS publishes. */
function ingressName(p: Resolved, c: ResolvedCluster): string {
  return `ingress.${c.name}.${p.domain}`;
}

function slug(name: string): string {
  return name.replace(/-/g, "_");
}
