import { parseCidr, type Cidr } from "./cidr";
import type { App, Cluster, Platform, Provider, Team } from "./schema";
import { workloadNames } from "./apps";

/**
 * The description resolved once into what every consumer needs: which apps
 * and teams run where, parsed ranges, names and tags. Constructs read this,
 * never the raw strings of platform.yaml.
 */
export interface Resolved {
  readonly platform: Platform;
  readonly name: string;
  readonly domain: string;
  /** <entry.host>.<domain>: the one public name. */
  readonly entryFqdn: string;
  readonly hub: ResolvedCluster;
  readonly clusters: readonly ResolvedCluster[];
  readonly teams: readonly Team[];
  readonly apps: readonly ResolvedApp[];
  cluster(name: string): ResolvedCluster;
}

export interface ResolvedCluster {
  readonly spec: Cluster;
  readonly name: string;
  readonly provider: Provider;
  readonly index: number;
  readonly range: Cidr;
  readonly isHub: boolean;
  /** push: the hub's Argo CD deploys here; pull: the cluster's own Argo CD reads the rendered branch. */
  readonly delivery: "push" | "pull";
  readonly active: boolean;
  /** Apps that run here, in description order. */
  readonly apps: readonly ResolvedApp[];
  /** Teams with at least one app here; each gets its namespace. */
  readonly teams: readonly Team[];
  /** Tags (labels on GCP) of every cloud resource of the cluster's stack. */
  readonly tags: Readonly<Record<string, string>>;
  /** Who budget alerts go to. */
  readonly notify: readonly string[];
  /** The DNS zone the cluster's own records live in: <cluster>.<domain>. */
  readonly zone: string;
}

export interface Workload {
  /** The Deployment and Service name. */
  readonly name: string;
  readonly component: string;
  readonly image: string;
  readonly port: number;
  /** Rolled out as a canary: the replicas' percentages in turn, and how long each is held. */
  readonly canary?: { readonly steps: readonly number[]; readonly pause: string };
}

export interface ResolvedApp {
  readonly spec: App;
  readonly name: string;
  readonly team: string;
  readonly namespace: string;
  readonly clusters: readonly string[];
  readonly workloads: readonly Workload[];
  /** The component users reach first (the entry's, else the first): its requests are the app's, counted once. */
  readonly frontDoor: string;
  /** One writer: the clusters whose databases are one PostgreSQL, in failover order. */
  readonly failover?: Failover;
}

export interface Failover {
  /** Every cluster with a copy, in the description's order (drained ones too: they keep replaying). */
  readonly order: readonly string[];
  /** The first that is not drained: the entry name's first cluster, and the copy that is to take the writes. */
  readonly primary: string;
  /** The copy that holds the writes as of the last hand-over (switchover.to, else the first listed). */
  readonly holder: string;
  /** The old primary's demotion token, when the last hand-over went to `primary` with one. */
  readonly token?: string;
  /** The first listed: its database was made first (initdb); every other one began as a copy of it. */
  readonly origin: string;
  /** Whether the writer has ever been handed over (switchover is set): the origin then restores like any copy. */
  readonly handedOver: boolean;
}

/**
 * The primary each copy's Cluster names: `primary` everywhere once the
 * holder is the primary; while they differ (a drain, before the hand-over
 * is recorded), the holder names the primary (it demotes and replays) and
 * every other copy still names the holder, so nobody promotes without its
 * token.
 */
export function primaryOf(f: Failover, copy: string): string {
  if (f.holder === f.primary) return f.primary;
  return copy === f.holder ? f.primary : f.holder;
}

export function resolve(platform: Platform): Resolved {
  const p = platform.platform;
  const all = platform.clusters.map((c) => c.name);
  const apps: ResolvedApp[] = platform.apps.map((a) => {
    const names = workloadNames(a);
    const components = a.components ?? [{ name: a.name }];
    const entry = p.entry?.app === a.name ? p.entry.component : undefined;
    return {
      spec: a,
      name: a.name,
      team: a.team,
      namespace: a.team,
      clusters: a.clusters === "all" ? all : all.filter((c) => a.clusters.includes(c)),
      workloads: components.map((c, i) => ({
        name: names[i],
        component: c.name,
        image: ("image" in c && c.image) || a.image,
        port: ("port" in c && c.port) || a.port,
        ...("canary" in c && c.canary ? { canary: c.canary } : {}),
      })),
      frontDoor: entry ?? components[0].name,
      ...(a.failover && a.database ? { failover: failoverOf(a.failover, a.switchover, platform) } : {}),
    };
  });
  const owner = platform.teams.find((t) => t.name === p.owner);
  const clusters = platform.clusters.map((c, index): ResolvedCluster => {
    const here = apps.filter((a) => a.clusters.includes(c.name));
    return {
      spec: c,
      name: c.name,
      provider: c.provider,
      index,
      range: parseCidr(c.network.cidr)!,
      isHub: c.name === p.gitops.hub,
      delivery: c.provider === "proxmox" ? c.delivery : "push",
      active: c.traffic === "active",
      apps: here,
      teams: platform.teams.filter((t) => here.some((a) => a.team === t.name)),
      tags: {
        managed_by: "basecamp",
        platform: p.name,
        cluster: c.name,
        environment: p.environment,
        owner: p.owner,
      },
      notify: c.budget.notify ?? owner?.owners ?? [],
      zone: `${c.name}.${p.domain}`,
    };
  });
  const byName = new Map(clusters.map((c) => [c.name, c]));
  return {
    platform,
    name: p.name,
    domain: p.domain,
    entryFqdn: `${p.entry.host}.${p.domain}`,
    hub: byName.get(p.gitops.hub)!,
    clusters,
    teams: platform.teams,
    apps,
    cluster(name) {
      const c = byName.get(name);
      if (!c) throw new Error(`no cluster '${name}'`);
      return c;
    },
  };
}

function failoverOf(order: readonly string[], switchover: App["switchover"], platform: Platform): Failover {
  const active = new Set(platform.clusters.filter((c) => c.traffic === "active").map((c) => c.name));
  const primary = order.find((c) => active.has(c)) ?? order[0];
  const holder = switchover?.to ?? order[0];
  const token = switchover?.to === primary ? switchover.token : undefined;
  return { order, primary, holder, origin: order[0], handedOver: switchover !== undefined, ...(token ? { token } : {}) };
}

/** Tags of the stacks that belong to no cluster (global, bootstrap). */
export function platformTags(platform: Platform, stack: string): Record<string, string> {
  const p = platform.platform;
  return { managed_by: "basecamp", platform: p.name, cluster: stack, environment: p.environment, owner: p.owner };
}

/** Whether an app's database on a cluster is CloudNativePG's: always on Proxmox, and on every cluster of its failover order. */
export function cnpgHere(cluster: ResolvedCluster, app: ResolvedApp): boolean {
  return app.spec.database !== undefined && (cluster.provider === "proxmox" || (app.failover?.order.includes(cluster.name) ?? false));
}

/**
 * Whether a cluster's Gateway serves the entry name: every cloud cluster (the homelab never can). A drained
 * one keeps serving it until the DNS has moved, which is a later step (the global stack's apply) than the sync
 * that would otherwise drop its route and certificate first.
 */
export function servesEntryName(cluster: ResolvedCluster): boolean {
  return cluster.provider !== "proxmox";
}
