/**
 * Standard support of Kubernetes minor versions per provider: the first and
 * last day a provider supports a version without extended-support charges.
 * Checked on AS_OF against each provider's published calendar; revisit when
 * a provider publishes a new minor version. Proxmox runs K3s, which follows
 * upstream's patch support.
 */
export const AS_OF = "2026-11-22";

type Window = { readonly from: string; readonly until: string };

export const SUPPORT: Record<string, Record<"aws" | "gcp" | "azure" | "proxmox", Window>> = {
  // EKS: awsdocs kubernetes-versions.adoc; GKE: Regular channel, release schedule;
  // AKS: supported-kubernetes-versions.md (a month means its last day); K3s: upstream end of life.
  "1.34": {
    aws: { from: "2025-10-02", until: "2026-12-02" },
    gcp: { from: "2025-09-30", until: "2026-10-01" },
    azure: { from: "2025-11-01", until: "2026-11-30" },
    proxmox: { from: "2025-08-27", until: "2026-10-27" },
  },
  "1.35": {
    aws: { from: "2026-01-27", until: "2027-03-27" },
    gcp: { from: "2026-02-11", until: "2027-04-11" },
    azure: { from: "2026-03-01", until: "2027-03-31" },
    proxmox: { from: "2025-12-17", until: "2027-02-28" },
  },
  "1.36": {
    aws: { from: "2026-06-02", until: "2027-08-02" },
    gcp: { from: "2026-06-09", until: "2027-08-09" },
    azure: { from: "2026-06-01", until: "2027-06-30" },
    proxmox: { from: "2026-04-22", until: "2027-06-28" },
  },
};

/** A version every provider supports on AS_OF, whose add-on versions (EKS, K3s) are pinned. */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

/** Why `version` is not a good choice on `provider` today, or undefined. */
export function supportProblem(provider: string, version: string, today = new Date().toISOString().slice(0, 10)): string | undefined {
  const row = SUPPORT[version];
  const known = Object.keys(SUPPORT).join(", ");
  if (!row) return `${version} is not in basecamp's support table (lib/model/kubernetes-versions.ts, as of ${AS_OF}); allowed: ${known}`;
  const w = row[provider as keyof typeof row];
  if (!w) return undefined;
  if (today > w.until) return `${version} left standard support on ${provider} on ${w.until}; upgrade to ${DEFAULT_KUBERNETES_VERSION}`;
  if (today < w.from) return `${version} is not offered on ${provider} before ${w.from}`;
  return undefined;
}
