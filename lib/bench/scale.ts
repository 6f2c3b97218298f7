import type { PlatformInput } from "../model/schema";

const PROVIDERS = ["aws", "gcp", "azure", "proxmox"] as const;
const REGION = { aws: "eu-west-1", gcp: "europe-west4", azure: "westeurope", proxmox: "home" };

/**
 * The shipped description scaled by `factor` in clusters x apps: `factor`
 * times as many clusters, each running every app, the same teams.
 */
export function scaleDescription(base: PlatformInput, factor: number): PlatformInput {
  const count = base.clusters.length * factor;
  if (count > 250) throw new Error(`${count} clusters do not fit in 10.0.0.0/8 with one /16 each`);
  const clusters = Array.from({ length: count }, (_, i) => {
    const provider = PROVIDERS[i % PROVIDERS.length];
    const common = { name: `${provider}-${i}`, region: REGION[provider], network: { cidr: `10.${i + 1}.0.0/16` } };
    if (provider === "gcp") return { ...common, provider, project: "bench-project-1" };
    if (provider === "proxmox") return { ...common, provider, endpoint: "https://pve.bench.arpa:8006/", node: "pve1" };
    return { ...common, provider };
  });
  return {
    ...base,
    platform: { ...base.platform, gitops: { ...base.platform.gitops, hub: clusters[0].name } },
    clusters,
    apps: (base.apps ?? []).map((a) => ({ ...a, clusters: "all" as const })),
  };
}
