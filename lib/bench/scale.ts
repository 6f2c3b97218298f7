import type { PlatformInput } from "../model/schema";

/**
 * The shipped description scaled: `factor` times as many clusters (copies
 * of the shipped ones, each in its own /16; past the first, drained when the
 * entry's app has one writer), each running every app, the
 * same teams; with `apps`, that many apps (copies of the shipped ones,
 * named <app>-<i> past the first) on every cluster.
 */
export function scaleDescription(base: PlatformInput, factor: number, apps?: number): PlatformInput {
  const count = base.clusters.length * factor;
  if (count > 250) throw new Error(`${count} clusters do not fit in 10.0.0.0/8 with one /16 each`);
  // Behind a one-writer entry app only its order's copies may be active: the other copies are drained (they render
  // all the same, only the entry's records leave them out).
  const oneWriter = base.apps?.some((a) => a.name === base.platform.entry?.app && a.failover);
  const clusters = Array.from({ length: count }, (_, i) => {
    const template = base.clusters[i % base.clusters.length];
    const octet = template.network.cidr.split(".")[1];
    // Every address of the copy moves into 10.<i+1>.0.0/16, the copy's own range.
    const text = JSON.stringify(template).replace(new RegExp(`"10\\.${octet}\\.`, "g"), `"10.${i + 1}.`);
    return { ...JSON.parse(text), name: `${template.provider}-${i}`, ...(oneWriter && i >= base.clusters.length ? { traffic: "drain" as const } : {}) };
  });
  return {
    ...base,
    platform: { ...base.platform, gitops: { ...base.platform.gitops, hub: clusters[0].name } },
    clusters,
    // A failover order names the first copies of the clusters it listed; every other copy keeps a database of its own.
    apps: scaleApps(base.apps ?? [], apps).map((a) => ({ ...a, clusters: "all" as const, ...(a.failover ? { failover: a.failover.map((n) => clusters[base.clusters.findIndex((c) => c.name === n)]?.name ?? n) } : {}) })),
  };
}

function scaleApps(apps: NonNullable<PlatformInput["apps"]>, count: number | undefined): NonNullable<PlatformInput["apps"]> {
  if (count === undefined || apps.length === 0) return apps;
  return Array.from({ length: count }, (_, i) => ({ ...apps[i % apps.length], name: i < apps.length ? apps[i].name : `${apps[i % apps.length].name}-${i}` }));
}
