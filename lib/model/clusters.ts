import { z } from "zod";
import { cidr, email, int, name, nodeSize, strict } from "./common";
import { named, unique, type Check } from "./check";
import { overlaps, parseCidr } from "./cidr";
import { DEFAULT_KUBERNETES_VERSION, supportProblem } from "./kubernetes-versions";
import { RESERVED_STACKS } from "./reserved";

/** GKE allows 40 characters and a leading letter; every provider gets the same rule so clusters can move. */
export const clusterName = name(40).regex(/^[a-z]/, "must start with a letter");

export function region(re: RegExp, example: string) {
  return z.string().regex(re, `must be a region name such as ${example}`);
}

const pool = (count: number) =>
  strict({
    count: int(1, 100).default(count),
    /** Mapped to each provider's machine types in the cluster constructs. */
    size: nodeSize.default("medium"),
  });

const workloadPool = (max: number) =>
  strict({
    /** Nodes the autoscaler keeps at least. */
    min: int(1, 100).default(2),
    /** Nodes the autoscaler may grow to. */
    max: int(1, 1000).default(max),
    size: nodeSize.default("medium"),
  });

/** The system pool runs the platform's add-ons; the workload pool scales with the apps. */
export function nodes(systemCount = 2, workloadMax = 6) {
  const system = { count: systemCount, size: "medium" as const };
  const workload = { min: 2, max: workloadMax, size: "medium" as const };
  return strict({ system: pool(systemCount).default(system), workload: workloadPool(workloadMax).default(workload) }).default({ system, workload });
}

export const budget = strict({
  /** US dollars a month for everything the cluster's stack creates. */
  monthly: int(1, 1_000_000),
  /** Percentages of `monthly` that notify, actual or forecast. */
  alerts: z.array(int(1, 500)).min(1, "list at least one percentage").default([80, 100]),
  /** Who is notified. @default the owning team's owners */
  notify: z.array(email).optional(),
});

export const kubernetesVersion = z
  .string()
  .regex(/^1\.\d{2}$/, "must be a minor version such as 1.35")
  .default(DEFAULT_KUBERNETES_VERSION);

/** Fields every provider's cluster has; each provider adds its own in providers/. */
export const clusterBase = {
  name: clusterName,
  region: z.string().min(1, "must not be empty"),
  /** active: the public entry point sends users here; drain: it does not (the DR drill switch). */
  traffic: z.enum(["active", "drain"], { error: "must be one of: active, drain" }).default("active"),
  kubernetesVersion,
  nodes: nodes(),
  budget,
};

/** The network of a cloud cluster: its range and the zones its subnets span. */
export function cloudNetwork<Z extends z.ZodType<string>>(zone: Z) {
  return strict({
    /** The cluster's private address space; it must not overlap any other cluster's. */
    cidr,
    /** Zones of the subnets and node pools, at least two; never looked up at plan time. */
    zones: z.array(zone).min(2, "list at least two zones, so a zone outage leaves the cluster running"),
    /** One NAT gateway per zone (true) or one for all (false, cheaper, one zone's outage cuts egress). */
    natPerZone: z.boolean().default(false),
  });
}

export const checkClusters: Check = (p, add) => {
  unique(p.clusters, "clusters", "cluster", add);
  for (const { name, i } of named(p.clusters)) {
    if (RESERVED_STACKS.includes(name)) add(`clusters[${i}].name`, `'${name}' is the name of the ${name} stack; pick another cluster name`);
  }
  const ranges = p.clusters.map((c) => (typeof c.network?.cidr === "string" ? parseCidr(c.network.cidr) : undefined));
  p.clusters.forEach((a, i) => {
    const ca = ranges[i];
    if (!ca) return;
    p.clusters.slice(0, i).forEach((b, j) => {
      const cb = ranges[j];
      if (cb && overlaps(ca, cb)) {
        add(`clusters[${i}].network.cidr`, `${a.network.cidr} overlaps ${b.network.cidr} of cluster '${b.name}' (clusters[${j}]); give each cluster its own range`);
      }
    });
    if (ca.prefix < 8 || ca.prefix > 20) {
      add(`clusters[${i}].network.cidr`, `has the prefix /${ca.prefix}; a cluster range must be /8 to /20, so its subnets fit`);
    }
    const v = a.kubernetesVersion;
    if (typeof v === "string" && /^1\.\d{2}$/.test(v) && typeof a.provider === "string") {
      const problem = supportProblem(a.provider, v);
      if (problem) add(`clusters[${i}].kubernetesVersion`, problem);
    }
  });
};
