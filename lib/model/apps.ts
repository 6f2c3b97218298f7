import { z } from "zod";
import { httpPath, image, int, name, nodeSize, quantity, strict } from "./common";
import { clusterName } from "./clusters";
import { named, unique, type Check } from "./check";
import { appMetrics, appSlo } from "./slo";

/**
 * Rolled out as a canary (Argo Rollouts) and judged by the app's SLOs: a new
 * version's pods take these percentages of the replicas in turn, each share
 * held for `pause`; a canary that burns the error budget at the rate that
 * pages is rolled back.
 */
const canary = strict({
  steps: z.array(int(1, 99)).min(1, "list at least one percentage").default([25, 50]),
  pause: z.string().regex(/^[1-9]\d*[mh]$/, "must be minutes or hours, such as 5m or 1h").default("5m"),
});

const component = strict({
  name: name(),
  /** @default the app's image */
  image: image.optional(),
  /** @default the app's port */
  port: int(1, 65535).optional(),
  /** @default a plain Deployment, every pod replaced at once */
  canary: canary.optional(),
});

/** PostgreSQL for the app on every cluster it runs on: the cloud's managed one, or CloudNativePG's (Proxmox, and the copies of a failover order). */
const database = strict({
  /** Mapped per cloud to an instance class; on Proxmox to CloudNativePG resources. */
  size: nodeSize.default("small"),
  /** GiB of storage. */
  storage: int(20, 16384).default(20),
  /** A standby in a second zone (Multi-AZ, regional, zone-redundant; three instances for CloudNativePG). */
  ha: z.boolean().default(false),
});

export const app = strict({
  name: name(),
  /** The team that owns the app; its namespace is the team's. */
  team: name(),
  image,
  /** Where it runs: "all", or a list of cluster names. */
  clusters: z
    .union([z.literal("all"), z.array(clusterName).min(1, "list at least one cluster, or say all")], {
      error: () => "must be 'all' or a list of cluster names",
    })
    .default("all"),
  replicas: int(1, 50).default(2),
  /**
   * Scaled on CPU by a HorizontalPodAutoscaler per workload, from `replicas` (on a cluster, its perCluster
   * replicas) up to `max`: the workloads then leave their replica count to it. @default a fixed count
   */
  autoscale: strict({
    max: int(1, 100),
    /** The average CPU use, in % of the pods' requests, the autoscaler keeps them at. */
    cpu: int(10, 95).default(70),
  }).optional(),
  /**
   * What differs on one cluster, by its name (a cluster the app runs on): the chart renders each cluster from
   * these over the defaults, and writes the result to clusters/<cluster>/values/app-<app>.yaml for review.
   */
  perCluster: z.record(z.string(), strict({ replicas: int(1, 50).optional() })).optional(),
  port: int(1, 65535).default(8080),
  /** HTTP paths of the health endpoints every component serves. */
  health: strict({
    liveness: httpPath.default("/healthz"),
    readiness: httpPath.default("/readyz"),
  }).default({ liveness: "/healthz", readiness: "/readyz" }),
  /** Deployments of the app; one named like the app when left out. */
  components: z.array(component).min(1).optional(),
  database: database.optional(),
  /**
   * One writer: the clusters whose databases are one PostgreSQL, the primary first, then the standbys in the
   * order they take over. Each runs CloudNativePG; the primary archives to platform.archive and the standbys
   * replay it. The entry name sends users to the first of them that is not drained, and to the next while its
   * health check fails. Draining the primary starts the hand-over to the next one (see switchover). @default none
   */
  failover: z.array(clusterName).min(1, "list the primary cluster, then its standbys").optional(),
  /**
   * The last hand-over of the writer between two copies of the failover order, once the old primary has
   * demoted: its demotion token (`status.demotionToken` of its Cluster), with which the new one promotes
   * without losing a write; or `lost: true` when the old primary is gone and cannot hand one over. Until it
   * names the first active cluster of the order, that cluster waits and only the old primary demotes.
   * @default none: the first listed holds the writes
   */
  switchover: strict({
    from: clusterName,
    to: clusterName,
    token: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be the old primary's status.demotionToken, as kubectl prints it (base64)").optional(),
    lost: z.literal(true, { error: "must be true, or left out" }).optional(),
  }).optional(),
  /**
   * Redis in the app's namespace on every cluster it runs on, for state that is lost without harm (triage's
   * active pages): one instance, append-only on a volume, a generated password, reached only by the
   * components behind the front door (or the app's one component). Its image comes from docker.io/library,
   * which guardrails.registries must list. @default none
   */
  redis: strict({
    /** Its memory (request and limit); Redis keeps three quarters of it for data and refuses writes beyond. */
    memory: quantity("memory", /^[1-9]\d*(Mi|Gi)$/, "256Mi").default("256Mi"),
    /** GiB of its volume. */
    storage: int(1, 100).default(1),
  }).optional(),
  /** Prometheus metrics the app serves; every cluster it runs on scrapes them. */
  metrics: appMetrics.optional(),
  /** Service level objectives, over every cluster the app runs on. */
  slo: appSlo.optional(),
});

export type App = z.output<typeof app>;

/** The official Redis image, by its tag (7.4.6 fixes CVE-2025-49844); its registry must be a listed one. */
export const REDIS_REGISTRY = "docker.io/library";
export const REDIS_IMAGE = `${REDIS_REGISTRY}/redis:7.4.6-alpine`;

/** The Kubernetes name of each of an app's workloads: the app's, or app-component. */
export function workloadNames(a: { name: string; components?: readonly { name: string }[] }): string[] {
  return a.components ? a.components.map((c) => `${a.name}-${c.name}`) : [a.name];
}

export const checkApps: Check = (p, add) => {
  unique(p.apps, "apps", "app", add);
  const teams = named(p.teams).map((t) => t.name);
  const clusters = named(p.clusters).map((c) => c.name);
  const workloads = new Map<string, string>();
  p.apps.forEach((a, i) => {
    if (typeof a.team === "string" && !teams.includes(a.team)) {
      add(`apps[${i}].team`, `'${a.team}' is not a team; allowed: ${teams.join(", ") || "(no teams are described)"}`);
    }
    if (Array.isArray(a.clusters)) {
      a.clusters.forEach((c: unknown, k: number) => {
        if (typeof c === "string" && !clusters.includes(c)) add(`apps[${i}].clusters[${k}]`, `'${c}' is not a cluster; allowed: all, ${clusters.join(", ")}`);
      });
    }
    if (a.perCluster && typeof a.perCluster === "object") {
      const runsOn = a.clusters === "all" || a.clusters === undefined ? clusters : Array.isArray(a.clusters) ? a.clusters : [];
      for (const c of Object.keys(a.perCluster)) {
        if (!runsOn.includes(c)) add(`apps[${i}].perCluster.${c}`, `'${c}' is not a cluster the app runs on; allowed: ${runsOn.join(", ") || "(none)"}`);
      }
    }
    if (Array.isArray(a.failover)) checkFailover(p, a, i, clusters, add);
    if (a.switchover && typeof a.switchover === "object") checkSwitchover(a, i, add);
    const registries: unknown[] = Array.isArray(p.guardrails?.registries) ? p.guardrails.registries : [];
    if (a.redis && typeof a.redis === "object" && !registries.includes(REDIS_REGISTRY)) {
      add(`apps[${i}].redis`, `runs ${REDIS_IMAGE}: add ${REDIS_REGISTRY} to guardrails.registries (its signature is waived for it alone)`);
    }
    if (a.autoscale && typeof a.autoscale.max === "number") {
      const floors: [string, unknown][] = [[`apps[${i}].replicas`, a.replicas ?? 2], ...Object.entries(a.perCluster ?? {}).map(([c, v]: [string, any]): [string, unknown] => [`apps[${i}].perCluster.${c}.replicas`, v?.replicas])];
      for (const [path, n] of floors) {
        if (typeof n === "number" && n > a.autoscale.max) add(`apps[${i}].autoscale.max`, `${a.autoscale.max} is below ${path} (${n}), where the autoscaler starts; raise max or lower the replicas`);
      }
    }
    const components = Array.isArray(a.components) ? a.components : [];
    // <app>-db, <app>-redis and <app>-database-roles name what the platform runs beside the app's workloads.
    components.forEach((c: any, k: number) => {
      if (c && ["db", "redis", "database-roles"].includes(c.name)) {
        add(`apps[${i}].components[${k}].name`, `'${c.name}' is reserved: ${a.name}-${c.name} names the ${c.name === "redis" ? "app's Redis" : c.name === "db" ? "app's CloudNativePG database" : "Job that keeps its database role"}; choose another name`);
      }
    });
    unique(components, `apps[${i}].components`, "component", add);
    components.forEach((c: any, k: number) => {
      if (!c || typeof c !== "object" || !c.canary || typeof c.canary !== "object") return;
      const at = `apps[${i}].components[${k}].canary`;
      const slo = a.slo && typeof a.slo === "object" ? a.slo : undefined;
      if (!slo || (slo.availability === undefined && slo.latency === undefined)) {
        add(at, `a canary is judged by the app's SLO: set apps[${i}].slo.availability or apps[${i}].slo.latency (and the metrics it reads)`);
      }
      const steps = Array.isArray(c.canary.steps) ? c.canary.steps.filter((s: unknown) => typeof s === "number") : [];
      if (steps.some((s: number, j: number) => j > 0 && s <= steps[j - 1])) add(`${at}.steps`, `the percentages must rise, each below 100 (the last step is the whole): ${steps.join(", ")}`);
    });
    if (typeof a.name !== "string" || typeof a.team !== "string") return;
    const parts = named(components);
    const names = a.components ? parts.map((c) => ({ name: `${a.name}-${c.name}`, path: `apps[${i}].components[${c.i}].name` })) : [{ name: a.name, path: `apps[${i}].name` }];
    for (const w of names) {
      const key = `${a.team}/${w.name}`;
      const first = workloads.get(key);
      if (first === undefined) workloads.set(key, w.path);
      else if (first.split(".")[0] !== w.path.split(".")[0]) {
        add(w.path, `makes the workload '${w.name}' in namespace ${a.team}, which ${first} makes too; rename one of them`);
      }
    }
  });
};

/** The failover order names clusters the app runs on, once each, and has a database to replicate. */
function checkFailover(p: any, a: any, i: number, clusters: string[], add: (path: string, message: string) => void): void {
  const at = `apps[${i}].failover`;
  const runsOn = a.clusters === "all" || a.clusters === undefined ? clusters : Array.isArray(a.clusters) ? a.clusters : [];
  a.failover.forEach((c: unknown, k: number) => {
    if (typeof c !== "string") return;
    if (!runsOn.includes(c)) add(`${at}[${k}]`, `'${c}' is not a cluster the app runs on; allowed: ${runsOn.join(", ") || "(none)"}`);
    else if (a.failover.indexOf(c) !== k) add(`${at}[${k}]`, `'${c}' is listed twice; each cluster holds one copy of the database`);
  });
  const known = new Map(p.clusters.filter((c: any) => c && typeof c.name === "string").map((c: any) => [c.name, c]));
  const first: any = known.get(a.failover[0]);
  if (first?.provider === "proxmox") add(`${at}[0]`, `'${first.name}' is a proxmox cluster, always drained, so it can never take the writes; list a cloud cluster first (a proxmox one may follow as a standby)`);
  if (!a.database) add(at, "only an app with a database has one writer to fail over; leave failover out and every active cluster serves it");
  else if (!p.platform?.archive) add(at, "the standbys replay the primary's archive: set platform.archive.bucket (an S3 bucket the global stack makes)");
  const active = new Set(p.clusters.filter((c: any) => c && (c.traffic === undefined || c.traffic === "active")).map((c: any) => c.name));
  const listed = a.failover.filter((c: unknown) => known.has(c));
  if (listed.length > 0 && !listed.some((c: unknown) => active.has(c))) {
    add(at, "every cluster listed is drained: the database would have no primary; set traffic: active on one of them");
  }
  // Behind the entry name, an active cluster outside the order would hold a second, independent database.
  if (p.platform?.entry?.app === a.name) {
    const outside = runsOn.filter((c: string) => active.has(c) && !a.failover.includes(c));
    if (outside.length > 0) {
      add(at, `leaves out ${outside.join(", ")}, active and running '${a.name}', whose database there would be a second, independent one behind the entry name; add ${outside.length > 1 ? "them" : "it"} to the order or drain ${outside.length > 1 ? "them" : "it"}`);
    }
  }
}

/** A hand-over names two copies of the order, and either the old primary's token or that it is lost. */
function checkSwitchover(a: any, i: number, add: (path: string, message: string) => void): void {
  const at = `apps[${i}].switchover`;
  const order: unknown[] = Array.isArray(a.failover) ? a.failover : [];
  if (!Array.isArray(a.failover)) add(at, `hands the writer between copies of apps[${i}].failover, which is not set`);
  for (const end of ["from", "to"]) {
    const c = a.switchover[end];
    if (typeof c === "string" && Array.isArray(a.failover) && !order.includes(c)) add(`${at}.${end}`, `'${c}' holds no copy; allowed: ${order.join(", ")}`);
  }
  if (typeof a.switchover.to === "string" && a.switchover.from === a.switchover.to) add(`${at}.to`, "is the cluster it hands over from");
  if ((a.switchover.token === undefined) === (a.switchover.lost === undefined)) {
    add(at, "needs the old primary's demotion token (token) or, if it is gone, lost: true; not both");
  }
  if (typeof a.switchover.token === "string") {
    const missing = tokenProblem(a.switchover.token);
    if (missing) add(`${at}.token`, missing);
  }
}

/** The fields CloudNativePG 1.30's webhook requires of a promotion token (pkg/utils/parser.go, IsValid). */
const TOKEN_FIELDS = ["latestCheckpointTimelineID", "redoWalFile", "databaseSystemIdentifier", "latestCheckpointREDOLocation", "timeOfLatestCheckpoint", "operatorVersion"];

/** Why CloudNativePG would refuse this demotion token as a promotion token, if it would. */
function tokenProblem(token: string): string | undefined {
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    return "is not a demotion token: it does not decode (base64) to JSON; copy status.demotionToken whole";
  }
  const empty = TOKEN_FIELDS.filter((k) => typeof (content as any)?.[k] !== "string" || (content as any)[k] === "");
  return empty.length > 0 ? `is not a demotion token: it lacks ${empty.join(", ")}; copy status.demotionToken whole` : undefined;
}
