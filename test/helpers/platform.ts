import type { Cluster } from "../../lib/model/schema";
import { parsePlatform } from "../../lib/model/load";

/** A small valid description; tests change one field at a time. */
export const SAMPLE = {
  platform: {
    name: "acme",
    domain: "acme.example",
    gitops: { repoURL: "https://git.example/acme/platform.git", hub: "aws-a" },
  },
  clusters: [
    { name: "aws-a", provider: "aws", region: "eu-west-1", network: { cidr: "10.10.0.0/16" } },
    { name: "gcp-b", provider: "gcp", region: "europe-west4", project: "acme-prod-1", network: { cidr: "10.20.0.0/16" } },
    { name: "azure-c", provider: "azure", region: "westeurope", network: { cidr: "10.30.0.0/16" } },
    {
      name: "home-d",
      provider: "proxmox",
      region: "home",
      endpoint: "https://pve.home.arpa:8006/",
      node: "pve1",
      network: { cidr: "10.40.0.0/16" },
    },
  ],
  teams: [{ name: "oncall", owners: ["oncall@acme.example"], quota: { cpu: "8", memory: "16Gi", pods: 50 } }],
  apps: [{ name: "triage", team: "oncall", image: "ghcr.io/acme/triage:1.4.0" }],
};

/** A deep copy of SAMPLE, changed by `edit`, as JSON text. */
export function sampleText(edit: (p: any) => void = () => {}): string {
  const p = JSON.parse(JSON.stringify(SAMPLE));
  edit(p);
  return JSON.stringify(p, null, 2);
}

export function sampleCluster(name: string): Cluster {
  const c = parsePlatform(sampleText()).clusters.find((x) => x.name === name);
  if (!c) throw new Error(`no sample cluster ${name}`);
  return c;
}
