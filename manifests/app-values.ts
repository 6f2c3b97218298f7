import { cnpgClusterName, databaseAdminSecretName, databaseSecretName } from "../constructs/k8s/database";
import { databaseRanges } from "../constructs/cluster/database-ranges";
import { GATEWAY_NAMESPACE } from "../constructs/addons/envoy-gateway";
import { CANARY_HASH_ARG, canaryChecks } from "../constructs/observability/canary";
import { OTEL, OTEL_COLLECTOR } from "../constructs/observability/signals";
import { databaseName } from "../constructs/cluster/names";
import { cnpgHere, servesEntryName, type Resolved, type ResolvedApp, type ResolvedCluster } from "../lib/model/resolve";
import { commonLabels } from "./labels";
import { REDIS_IMAGE } from "../lib/model/apps";
import { REDIS_PORT } from "../constructs/k8s/redis";
import { TRAITS } from "../constructs/cluster/traits";

/** An app's Redis: its StatefulSet, Service, pods and password Secret. */
export function redisName(app: string): string {
  return `${app}-redis`;
}

/** Where an app finds its database credentials as files; the password there follows a rotation without a restart. */
export const DATABASE_FILES = "/var/run/secrets/basecamp/database";

/** One workload of an app on one cluster, as the chart renders it. */
export interface WorkloadValues {
  readonly name: string;
  readonly component: string;
  /** The description field it comes from, when the app has components. */
  readonly source?: string;
  readonly image: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  /** The hostnames its route through the cluster's Gateway takes: the component that serves the entry name. */
  readonly hostnames?: readonly string[];
  /** Rolled out as a canary: its steps, and the analysis (each SLO's query and the fraction that fails it). */
  readonly canary?: {
    readonly steps: readonly number[];
    readonly pause: string;
    readonly analysis: readonly { readonly name: string; readonly threshold: number; readonly query: string }[];
  };
}

/**
 * The app chart's only input: everything one app renders on one cluster,
 * the description's defaults with the cluster's own values
 * (`apps[].perCluster`) applied. Written beside the cluster's values for
 * review (`clusters/<cluster>/values/app-<app>.yaml`), never applied.
 */
export interface AppValues {
  readonly cluster: string;
  readonly app: string;
  readonly team: string;
  readonly namespace: string;
  /** The description field of the app. */
  readonly source: string;
  /** The labels of every object of the chart. */
  readonly labels: Readonly<Record<string, string>>;
  /** The labels of every workload and its pods. */
  readonly workloadLabels: Readonly<Record<string, string>>;
  readonly replicas: number;
  /** Scaled by a HorizontalPodAutoscaler from `replicas` up to `max`, at `cpu` % of the requests. */
  readonly autoscale?: { readonly max: number; readonly cpu: number };
  readonly health: { readonly liveness: string; readonly readiness: string };
  readonly workloads: readonly WorkloadValues[];
  /**
   * Who may reach whom, and nothing else (the platform folder's NetworkPolicies): the gateway the front door, the front
   * door the other workloads, those the database (in the namespace, or the cloud's ranges); with one workload,
   * it does both ends.
   */
  readonly network: {
    readonly frontDoor: string;
    /** Whether the gateway routes to the front door (the entry's app): only then may it reach it. */
    readonly routed: boolean;
    readonly gatewayNamespace: string;
    /** The workloads that get the database's credentials and may reach it. */
    readonly databaseUsers: readonly string[];
    /** CloudNativePG's Cluster in the namespace, or the ranges of the cloud's managed database. */
    readonly database?: { readonly cluster: string } | { readonly cidrs: readonly string[] };
    /** The app's Redis (its pods' name), and the workloads that reach it. */
    readonly redis?: string;
    readonly redisUsers?: readonly string[];
  };
  /** Redis in the namespace, and the Secret of its password. */
  readonly redis?: { readonly name: string; readonly image: string; readonly memory: string; readonly storageGb: number; readonly storageClass: string; readonly secret: string };
  /** Its database's credentials: a Secret mounted as files and read as environment; on the clouds, the role Job's. */
  readonly database?: {
    readonly secret: string;
    readonly files: string;
    readonly roles?: { readonly dbName: string; readonly adminSecret: string; readonly appSecret: string };
  };
}

/** The effective values of `app` on `cluster`. */
export function appValues(p: Resolved, cluster: ResolvedCluster, app: ResolvedApp): AppValues {
  const index = p.apps.indexOf(app);
  const entry = p.platform.platform.entry;
  const environment = p.platform.platform.environment;
  const db = app.spec.database;
  // The Secret of the app's own database role: basecamp's on the clouds and on a failover order's copies,
  // CloudNativePG's (same keys) on Proxmox.
  const replicated = app.failover?.order.includes(cluster.name) ?? false;
  const secret = cluster.provider === "proxmox" && !replicated ? `${app.name}-db-app` : databaseSecretName(app.name);
  const zone = `${cluster.name}.${p.domain}`;
  const front = app.workloads.find((w) => w.component === app.frontDoor)!.name;
  // Behind the front door, the other workloads use the database and Redis; an app of one workload uses them itself.
  const backs = app.workloads.filter((w) => w.name !== front || app.workloads.length === 1).map((w) => w.name);
  const users = db ? backs : [];
  const cache = app.spec.redis;
  return {
    cluster: cluster.name,
    app: app.name,
    team: app.team,
    namespace: app.namespace,
    source: `apps[${index}]`,
    labels: { ...commonLabels(p), "basecamp.dev/cluster": cluster.name, "basecamp.dev/team": app.team, "basecamp.dev/app": app.name },
    workloadLabels: { "app.kubernetes.io/part-of": app.name, "basecamp.dev/team": app.team, "basecamp.dev/app": app.name, "basecamp.dev/environment": environment },
    replicas: app.spec.perCluster?.[cluster.name]?.replicas ?? app.spec.replicas,
    ...(app.spec.autoscale ? { autoscale: app.spec.autoscale } : {}),
    health: app.spec.health,
    workloads: app.workloads.map((w, i) => ({
      name: w.name,
      component: w.component,
      ...(app.spec.components ? { source: `apps[${index}].components[${i}]` } : {}),
      image: w.image,
      port: w.port,
      env: {
        ...telemetryEnv(p, cluster, app.team, w.name),
        ...(users.includes(w.name) ? { DB_PASSWORD_FILE: `${DATABASE_FILES}/password` } : {}),
        ...(cache && backs.includes(w.name) ? { REDIS_HOST: redisName(app.name), REDIS_PORT: String(REDIS_PORT) } : {}),
      },
      ...(entry.app === app.name && app.frontDoor === w.component ? { hostnames: [`${app.name}.${zone}`, `ingress.${zone}`, ...(servesEntryName(cluster) ? [p.entryFqdn] : [])] } : {}),
      ...(w.canary
        ? {
            canary: {
              ...w.canary,
              analysis: canaryChecks(app, w.component, cluster.name).map((c) => ({ name: c.name, threshold: c.threshold, query: c.query(`{{args.${CANARY_HASH_ARG}}}`) })),
            },
          }
        : {}),
    })),
    network: {
      frontDoor: front,
      routed: entry.app === app.name,
      gatewayNamespace: GATEWAY_NAMESPACE,
      databaseUsers: users,
      ...(db ? { database: cnpgHere(cluster, app) ? { cluster: cnpgClusterName(app.name) } : { cidrs: databaseRanges(cluster.spec) } } : {}),
      ...(cache ? { redis: redisName(app.name), redisUsers: backs } : {}),
    },
    ...(cache
      ? { redis: { name: redisName(app.name), image: REDIS_IMAGE, memory: cache.memory, storageGb: cache.storage, storageClass: TRAITS[cluster.provider].storageClass, secret: redisName(app.name) } }
      : {}),
    ...(db
      ? {
          database: {
            secret,
            files: DATABASE_FILES,
            // On the clouds' managed databases the app logs in as a role of its own, which a Job keeps (CloudNativePG keeps one itself).
            ...(!cnpgHere(cluster, app) ? { roles: { dbName: databaseName(app.name), adminSecret: databaseAdminSecretName(app.name), appSecret: databaseSecretName(app.name) } } : {}),
          },
        }
      : {}),
  };
}

/** OpenTelemetry's standard settings: the cluster's collector, and who is sending (an SDK in the app reads them). */
function telemetryEnv(p: Resolved, cluster: ResolvedCluster, team: string, service: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${OTEL_COLLECTOR.service}.${OTEL}.svc:${OTEL_COLLECTOR.http}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_SERVICE_NAME: service,
    OTEL_RESOURCE_ATTRIBUTES: `service.namespace=${team},deployment.environment.name=${p.platform.platform.environment},k8s.cluster.name=${cluster.name}`,
  };
}
