import type { AddOn } from "../argocd/add-on";
import { formatCidr } from "../../lib/model/cidr";
import { proxmoxLayout } from "../proxmox/proxmox-layout";
import { CHARTS } from "./versions";

/** Where CloudNativePG's operator and PostgreSQL images come from. */
export const CNPG_REGISTRY = "ghcr.io/cloudnative-pg";

/** psql for the clouds' databases (database-roles.ts): CloudNativePG's PostgreSQL image, the major the databases run. */
export const POSTGRES_CLIENT_IMAGE = "ghcr.io/cloudnative-pg/postgresql:17.6";

/** CloudNativePG: the databases of a Proxmox cluster, and the copies of a failover order on any cluster. */
export const cloudnativePg: AddOn = {
  name: "cloudnative-pg",
  namespace: "cnpg-system",
  ...CHARTS.cloudnativePg,
  syncWave: -20,
  provides: ["postgresql.cnpg.io"],
  podSecurity: "restricted",
  serverSideApply: true,
  values: () => ({ crds: { create: true } }),
  // Each instance and its initdb Job reach the Kubernetes API, which on K3s listens on the servers' own addresses
  // (6443, after the service's DNAT).
  flows(cluster) {
    const instances = { matchExpressions: [{ key: "cnpg.io/cluster", operator: "Exists" as const }] };
    // The operator reaches each instance (status on 8000, PostgreSQL on 5432); the instances reach each other the same
    // way (streaming replication, and the instance manager's status of its peers).
    const inNamespace = (namespace: string) => [
      { name: "cloudnative-pg-operator", namespace, pods: instances, direction: "ingress" as const, peer: { namespace: "cnpg-system", pods: { matchLabels: { "app.kubernetes.io/name": "cloudnative-pg" } } }, ports: [8000, 5432] },
      { name: "cloudnative-pg-peers-in", namespace, pods: instances, direction: "ingress" as const, peer: { namespace, pods: instances }, ports: [8000, 5432] },
      { name: "cloudnative-pg-peers-out", namespace, pods: instances, direction: "egress" as const, peer: { namespace, pods: instances }, ports: [8000, 5432] },
    ];
    if (cluster.spec.provider !== "proxmox") {
      // A cloud's copies of a failover order: the managed API and the S3 archive are both HTTPS at addresses the cloud picks.
      const namespaces = [...new Set(cluster.apps.filter((a) => a.failover?.order.includes(cluster.name)).map((a) => a.namespace))];
      return namespaces.flatMap((namespace) => [...inNamespace(namespace), { name: "cloudnative-pg-https", namespace, pods: instances, direction: "egress" as const, peer: { cidrs: ["0.0.0.0/0"] }, ports: [443] }]);
    }
    const servers = formatCidr(proxmoxLayout(cluster.spec.network.cidr).vms);
    const namespaces = [...new Set(cluster.apps.filter((a) => a.spec.database).map((a) => a.namespace))];
    // The object store may be anywhere the cluster routes to (a NAS, a cloud): any address, on its URL's port.
    const store = cluster.spec.backups ? new URL(cluster.spec.backups.endpoint) : undefined;
    const storePort = store ? Number(store.port || (store.protocol === "https:" ? 443 : 80)) : undefined;
    // A failover order's copy here reads and writes the platform's archive (S3, HTTPS).
    const archive = cluster.apps.some((a) => a.failover?.order.includes(cluster.name)) ? 443 : undefined;
    const ports = [...new Set([storePort, archive].filter((x): x is number => x !== undefined))].sort((a, b) => a - b);
    return namespaces.flatMap((namespace) => [
      ...inNamespace(namespace),
      { name: "cloudnative-pg-api", namespace, pods: instances, direction: "egress" as const, peer: { cidrs: [servers] }, ports: [6443] },
      ...(ports.length > 0 ? [{ name: "cloudnative-pg-backups", namespace, pods: instances, direction: "egress" as const, peer: { cidrs: ["0.0.0.0/0"] }, ports }] : []),
    ]);
  },
};
