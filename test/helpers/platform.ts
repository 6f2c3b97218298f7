import { CAPABILITIES } from "../../capabilities";
import { ConfigError } from "../../lib/model/errors";
import { parseDescription, parsePlatform } from "../../lib/model/load";
import { resolve, type Resolved } from "../../lib/model/resolve";
import type { Cluster } from "../../lib/model/schema";
import type { Capability } from "../../lib/capability";
import { App as Cdk8sApp } from "cdk8s";
import type { RenderedTree } from "../../lib/checks/finding";
import { gitopsFiles } from "../../lib/pipeline/gitops";
import { synthCharts } from "../../lib/pipeline/kubernetes";
import { buildTree, render, synthContext } from "../../lib/pipeline/render";
import { tempDir } from "./tree";

/** A small valid description, one cluster per provider; tests change one field at a time. */
export const SAMPLE = {
  platform: {
    name: "acme",
    domain: "acme.example",
    owner: "oncall",
    awsAccount: "111122223333",
    gitops: { repoURL: "https://git.example/acme/platform.git", hub: "aws-a" },
    state: {
      aws: { bucket: "acme-tfstate", region: "eu-west-1" },
      gcp: { bucket: "acme-tfstate-gcp", project: "acme-prod-1", location: "EU" },
      azure: { storageAccount: "acmetfstate", location: "westeurope", subscription: "00000000-0000-4000-8000-000000000002", writers: "00000000-0000-4000-8000-000000000001" },
    },
  },
  clusters: [
    { name: "aws-a", provider: "aws", region: "eu-west-1", network: { cidr: "10.10.0.0/16", zones: ["eu-west-1a", "eu-west-1b"] }, budget: { monthly: 1000 } },
    {
      name: "gcp-b",
      provider: "gcp",
      region: "europe-west4",
      project: "acme-prod-1",
      billingAccount: "012345-6789AB-CDEF01",
      network: { cidr: "10.20.0.0/16", zones: ["europe-west4-a", "europe-west4-b"] },
      budget: { monthly: 1000 },
    },
    {
      name: "azure-c",
      provider: "azure",
      region: "westeurope",
      subscription: "00000000-0000-4000-8000-000000000002",
      adminGroup: "00000000-0000-4000-8000-000000000001",
      network: { cidr: "10.30.0.0/16", zones: ["1", "2"] },
      budget: { monthly: 1000 },
    },
    {
      name: "home-d",
      provider: "proxmox",
      region: "home",
      endpoint: "https://pve.home.arpa:8006/",
      node: "pve1",
      ssh: { username: "root", address: "192.168.1.2" },
      sshKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ8d1pQ1Kx7bJ3n0r0bW0ZcXrjRk1m3N9oQwq3yqVZ8T test@acme",
      network: { cidr: "10.40.0.0/16", uplink: { interface: "eno1", vlan: 40 }, gateway: "10.40.0.1" },
      apiAddress: "10.40.0.5",
      loadBalancers: "10.40.0.240/28",
      secrets: { vault: { server: "https://vault.home.arpa:8200", path: "acme", role: "home-d" } },
      budget: { monthly: 50 },
      traffic: "drain",
    },
  ],
  teams: [{ name: "oncall", owners: ["oncall@acme.example"], quota: { cpu: "8", memory: "16Gi", pods: 50 }, alerts: { slack: "#oncall", pagerduty: true } }],
  guardrails: {
    registries: ["ghcr.io/acme", "ghcr.io/cloudnative-pg"],
    signatures: [{ name: "ci", images: "ghcr.io/acme/*", keyless: { issuer: "https://token.actions.githubusercontent.com", subject: "https://github.com/acme/triage/.github/workflows/release.yaml@refs/heads/main" } }],
  },
  apps: [
    {
      name: "triage",
      team: "oncall",
      image: `ghcr.io/acme/triage:1.4.0@sha256:${"4".repeat(64)}`,
      metrics: { requests: "http_requests_total", latency: "http_request_duration_seconds", buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
      slo: { availability: 99.9, latency: { threshold: 0.25, objective: 99 } },
    },
  ],
};

/** The issues of an invalid description, as "path: message". */
export function issuesOf(text: string): string[] {
  try {
    parsePlatform(text);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error("the description was accepted");
}

/** A deep copy of SAMPLE, changed by `edit`, as JSON text. */
export function sampleText(edit: (p: any) => void = () => {}): string {
  const p = JSON.parse(JSON.stringify(SAMPLE));
  edit(p);
  return JSON.stringify(p, null, 2);
}

export function sampleResolved(edit: (p: any) => void = () => {}): Resolved {
  return resolve(parsePlatform(sampleText(edit)));
}

export function sampleCluster(name: string): Cluster {
  const c = parsePlatform(sampleText()).clusters.find((x) => x.name === name);
  if (!c) throw new Error(`no sample cluster ${name}`);
  return c;
}

/** The whole rendering of the sample (both trees, checks run), in memory. */
export function renderSample(edit: (p: any) => void = () => {}) {
  return render(parseDescription(sampleText(edit), "platform.json"), CAPABILITIES, tempDir());
}

const trees = new Map<string, RenderedTree>();

/** A rendering of the sample of its own, for a test that changes the tree it checks. */
export function freshSampleTree(edit: (p: any) => void = () => {}): RenderedTree {
  return buildTree(parseDescription(sampleText(edit), "platform.json"), CAPABILITIES, tempDir());
}

/**
 * The sample's rendered tree (no checks run), with whatever extra capabilities add. A description is
 * rendered once per test file; extra capabilities that only add charts are laid over that rendering
 * (their charts, then every capability's files again), which is what a whole build would give.
 */
export function sampleTree(edit: (p: any) => void = () => {}, extra: Capability[] = []): RenderedTree {
  const text = sampleText(edit);
  const onlyCharts = extra.every((c) => !c.stacks && !c.addOns && !c.files && !c.checks);
  if (!onlyCharts) return buildTree(parseDescription(text, "platform.json"), [...CAPABILITIES, ...extra], tempDir());
  let base = trees.get(text);
  if (!base) {
    base = buildTree(parseDescription(text, "platform.json"), CAPABILITIES, tempDir());
    trees.set(text, base);
  }
  if (extra.length === 0) return base;
  const capabilities = [...CAPABILITIES, ...extra];
  const ctx = synthContext(base.description, capabilities);
  const app = new Cdk8sApp();
  for (const c of extra) c.charts?.(app, ctx);
  const charts = [...base.charts, ...synthCharts(app)];
  return { ...base, charts, gitops: gitopsFiles(charts, capabilities.flatMap((c) => c.files?.(ctx, charts) ?? [])) };
}
