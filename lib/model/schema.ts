import { z } from "zod";
import { parseCidr } from "./cidr";

/**
 * The schema of platform.yaml. Every object is strict: an unknown key is a
 * typo until proven otherwise, and the error lists the keys that are allowed.
 */
function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `unknown key${iss.keys.length > 1 ? "s" : ""} ${iss.keys.map((k) => `'${k}'`).join(", ")}; allowed: ${allowed}`
        : undefined,
  });
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function dnsLabel(max = 63) {
  return z
    .string()
    .regex(DNS_LABEL, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit")
    .max(max, `must be at most ${max} characters`);
}

/** GKE allows 40 characters and a leading letter; every provider gets the same rule so clusters can move. */
const clusterName = dnsLabel(40).regex(/^[a-z]/, "must start with a letter");

const domain = z
  .string()
  .max(253)
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/,
    "must be a lowercase DNS name such as example.com",
  );

const cidr = z.string().refine((v) => parseCidr(v) !== undefined, {
  message: "must be an IPv4 CIDR with its host bits zero, such as 10.10.0.0/16",
}).refine((v) => {
  const c = parseCidr(v);
  return c === undefined || (c.prefix >= 8 && c.prefix <= 20);
}, { message: "prefix length must be between /8 and /20, so the cluster's subnets fit" });

const IMAGE =
  /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;

export const image = z
  .string()
  .regex(IMAGE, "must be registry/repo:tag or registry/repo@sha256:<64 hex digits>, with the registry host named")
  .refine((v) => !v.endsWith(":latest"), { message: "the 'latest' tag moves under you; pin a version tag or a digest" });

const quantity = (what: string, re: RegExp, example: string) =>
  z.string().regex(re, `must be a Kubernetes ${what} quantity such as ${example}`);

const network = strict({
  /** The cluster's private address space; it must not overlap any other cluster's. */
  cidr,
});

const nodes = strict({
  count: z.number().int().min(1).max(100).default(3),
  /** Mapped to each provider's machine types in the cluster constructs. */
  size: z.enum(["small", "medium", "large"]).default("medium"),
});

const clusterBase = {
  name: clusterName,
  region: z.string().min(1, "must not be empty"),
  network,
  traffic: z.enum(["active", "drain"]).default("active"),
  kubernetesVersion: z.string().regex(/^1\.\d{2}$/, "must be a minor version such as 1.32").default("1.32"),
  nodes: nodes.default({ count: 3, size: "medium" }),
};

const region = (re: RegExp, example: string) =>
  z.string().regex(re, `must be a region name such as ${example}`);

const awsCluster = strict({
  ...clusterBase,
  provider: z.literal("aws"),
  region: region(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "eu-west-1"),
});

const gcpCluster = strict({
  ...clusterBase,
  provider: z.literal("gcp"),
  region: region(/^[a-z]+-[a-z]+\d+$/, "europe-west4"),
  /** The GCP project the cluster lives in. */
  project: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, "must be a GCP project id: 6-30 lowercase letters, digits or '-'"),
});

const azureCluster = strict({
  ...clusterBase,
  provider: z.literal("azure"),
  region: region(/^[a-z]+[a-z0-9]*$/, "westeurope"),
});

const proxmoxCluster = strict({
  ...clusterBase,
  provider: z.literal("proxmox"),
  /** A site name for the homelab, such as "home". */
  region: dnsLabel(),
  /** The Proxmox VE API endpoint. */
  endpoint: z.string().regex(/^https:\/\/[^\s/]+(:\d+)?\/?$/, "must be an https:// URL such as https://pve.home.arpa:8006/"),
  /** The Proxmox node that hosts the VMs. */
  node: dnsLabel(),
});

export const PROVIDERS = ["aws", "gcp", "azure", "proxmox"] as const;

const cluster = z.discriminatedUnion("provider", [awsCluster, gcpCluster, azureCluster, proxmoxCluster], {
  error: (iss) =>
    iss.code === "invalid_union" ? `'provider' must be one of: ${PROVIDERS.join(", ")}` : undefined,
});

const team = strict({
  name: dnsLabel(),
  /** Who answers for the team: e-mail addresses. */
  owners: z.array(z.email("must be an e-mail address")).min(1, "a team needs at least one owner"),
  quota: strict({
    cpu: quantity("CPU", /^\d+(\.\d+)?m?$/, "8 or 500m"),
    memory: quantity("memory", /^\d+(Ki|Mi|Gi|Ti)?$/, "16Gi"),
    pods: z.number().int().min(1).max(10000),
  }),
});

const component = strict({
  name: dnsLabel(),
  /** @default the app's image */
  image: image.optional(),
  /** @default the app's port */
  port: z.number().int().min(1).max(65535).optional(),
});

const app = strict({
  name: dnsLabel(),
  /** The team that owns the app; its namespace is the team's. */
  team: dnsLabel(),
  image,
  /** Where it runs: "all", or a list of cluster names. */
  clusters: z.union([z.literal("all"), z.array(clusterName).min(1, "list at least one cluster, or say all")], {
    error: () => "must be 'all' or a list of cluster names",
  }).default("all"),
  replicas: z.number().int().min(1).max(50).default(2),
  port: z.number().int().min(1).max(65535).default(8080),
  /** HTTP paths of the health endpoints every component serves. */
  health: strict({
    liveness: z.string().regex(/^\//, "must be a path starting with /").default("/healthz"),
    readiness: z.string().regex(/^\//, "must be a path starting with /").default("/readyz"),
  }).default({ liveness: "/healthz", readiness: "/readyz" }),
  /** Deployments of the app; one named like the app when left out. */
  components: z.array(component).min(1).optional(),
});

export const platformSchema = strict({
  platform: strict({
    name: dnsLabel(),
    /** The public domain of the single entry point. */
    domain,
    gitops: strict({
      /** Git URL of this repository, which Argo CD reads. */
      repoURL: z.string().regex(/^(https:\/\/|ssh:\/\/|git@)\S+$/, "must be an https://, ssh:// or git@ URL"),
      /** The branch `npm run publish` writes the rendered tree to. */
      branch: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "must be a git branch name").default("rendered-manifests"),
      /** The cluster that runs Argo CD. */
      hub: clusterName,
    }),
  }),
  clusters: z.array(cluster).min(1, "describe at least one cluster"),
  teams: z.array(team).default([]),
  apps: z.array(app).default([]),
});

/** platform.yaml as written (before defaults). */
export type PlatformInput = z.input<typeof platformSchema>;
/** platform.yaml after validation and defaults. */
export type Platform = z.output<typeof platformSchema>;
export type Cluster = Platform["clusters"][number];
export type Team = Platform["teams"][number];
export type App = Platform["apps"][number];
export type Provider = Cluster["provider"];
