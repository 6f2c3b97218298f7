import type { PlatformInput } from "../model/schema";

/**
 * The shipped description scaled by `factor` in clusters x apps: `factor`
 * times as many clusters (copies of the shipped ones, each in its own /16),
 * each running every app, the same teams.
 */
export function scaleDescription(base: PlatformInput, factor: number): PlatformInput {
  const count = base.clusters.length * factor;
  if (count > 250) throw new Error(`${count} clusters do not fit in 10.0.0.0/8 with one /16 each`);
  const clusters = Array.from({ length: count }, (_, i) => {
    const template = base.clusters[i % base.clusters.length];
    const octet = template.network.cidr.split(".")[1];
    // Every address of the copy moves into 10.<i+1>.0.0/16, the copy's own range.
    const text = JSON.stringify(template).replace(new RegExp(`"10\\.${octet}\\.`, "g"), `"10.${i + 1}.`);
    return { ...JSON.parse(text), name: `${template.provider}-${i}` };
  });
  return {
    ...base,
    platform: { ...base.platform, gitops: { ...base.platform.gitops, hub: clusters[0].name } },
    clusters,
    apps: (base.apps ?? []).map((a) => ({ ...a, clusters: "all" as const })),
  };
}
