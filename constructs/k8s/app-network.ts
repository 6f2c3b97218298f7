import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { REDIS_PORT } from "./redis";

export interface AppNetworkProps {
  readonly app: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Each workload's pods (by their app.kubernetes.io/name) and the port they serve. */
  readonly workloads: readonly { readonly name: string; readonly port: number }[];
  readonly frontDoor: string;
  /** Whether the gateway routes to the front door; an app without a route gets no path from it. */
  readonly routed: boolean;
  readonly gatewayNamespace: string;
  readonly databaseUsers: readonly string[];
  /** CloudNativePG's Cluster in the namespace, or the ranges of a managed database. */
  readonly database?: { readonly cluster: string } | { readonly cidrs: readonly string[] };
  /** Pods (app.kubernetes.io/name) that reach a managed database besides the users: the role Job's. @default none */
  readonly databaseJobs?: readonly string[];
  /** The app's Redis pods (app.kubernetes.io/name), and the workloads that reach it. @default none */
  readonly redis?: string;
  readonly redisUsers?: readonly string[];
}

const POSTGRES = 5432;
const byName = (names: readonly string[]) => (names.length === 1 ? { matchLabels: { "app.kubernetes.io/name": names[0] } } : { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: [...names] }] });
const tcp = (port: number) => [{ protocol: "TCP", port }];

/**
 * One app's paths through its namespace's default-deny, and no others: the
 * gateway reaches the front door, the front door reaches the other
 * workloads, and those (or a one-workload app itself) reach the database
 * and the app's Redis.
 * A front door that is breached cannot read the database; a back workload
 * cannot be reached from the gateway.
 */
export function appNetworkPolicies(scope: Construct, id: string, props: AppNetworkProps): Construct {
  const group = new Construct(scope, id);
  const policy = (suffix: string, name: string, spec: Record<string, unknown>) =>
    new ApiObject(group, suffix, { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: props.namespace, labels: props.labels }, spec });
  const front = props.workloads.find((w) => w.name === props.frontDoor)!;
  if (props.routed) {
    policy("gateway", `allow-${front.name}-from-gateway`, {
      podSelector: byName([front.name]),
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": props.gatewayNamespace } } }], ports: tcp(front.port) }],
    });
  }
  for (const w of props.workloads.filter((x) => x !== front)) {
    policy(`${w.name}-in`, `allow-${w.name}-from-${front.name}`, { podSelector: byName([w.name]), policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: byName([front.name]) }], ports: tcp(w.port) }] });
    policy(`${w.name}-out`, `allow-${front.name}-to-${w.name}`, { podSelector: byName([front.name]), policyTypes: ["Egress"], egress: [{ to: [{ podSelector: byName([w.name]) }], ports: tcp(w.port) }] });
  }
  if (props.redis && props.redisUsers && props.redisUsers.length > 0) {
    policy("redis-out", `allow-${props.app}-to-redis`, { podSelector: byName(props.redisUsers), policyTypes: ["Egress"], egress: [{ to: [{ podSelector: byName([props.redis]) }], ports: tcp(REDIS_PORT) }] });
    policy("redis-in", `allow-${props.redis}-from-${props.app}`, { podSelector: byName([props.redis]), policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: byName(props.redisUsers) }], ports: tcp(REDIS_PORT) }] });
  }
  const db = props.database;
  if (!db || props.databaseUsers.length === 0) return group;
  const clients = [...props.databaseUsers, ...(props.databaseJobs ?? [])];
  if ("cluster" in db) {
    const instances = { matchLabels: { "cnpg.io/cluster": db.cluster } };
    policy("database-out", `allow-${props.app}-to-database`, { podSelector: byName(clients), policyTypes: ["Egress"], egress: [{ to: [{ podSelector: instances }], ports: tcp(POSTGRES) }] });
    policy("database-in", `allow-${db.cluster}-from-${props.app}`, { podSelector: instances, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: byName(clients) }], ports: tcp(POSTGRES) }] });
  } else {
    policy("database-out", `allow-${props.app}-to-database`, { podSelector: byName(clients), policyTypes: ["Egress"], egress: [{ to: db.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: tcp(POSTGRES) }] });
  }
  return group;
}
