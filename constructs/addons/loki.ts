import { LOGGING } from "../observability/signals";
import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";
import { storageClassOf } from "../cluster/traits";

/** Days of logs the hub keeps, and the disk they take. */
export const LOG_RETENTION_DAYS = 31;
export const LOKI_STORAGE_GB = 100;

/**
 * Loki on the hub, for every cluster's logs: one monolithic replica on a
 * persistent volume, single-tenant (the hub's Gateway authenticates the
 * clusters that push). Object storage and a scalable deployment are the
 * next step when the volume of logs outgrows one disk.
 */
export const loki: AddOn = {
  name: "loki",
  namespace: LOGGING,
  ...CHARTS.loki,
  syncWave: -15,
  podSecurity: "restricted",
  values: (cluster) => ({
    deploymentMode: "Monolithic",
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: 1 },
      storage: { type: "filesystem" },
      schemaConfig: { configs: [{ from: "2026-01-01", store: "tsdb", object_store: "filesystem", schema: "v13", index: { prefix: "index_", period: "24h" } }] },
      limits_config: { retention_period: `${LOG_RETENTION_DAYS * 24}h`, allow_structured_metadata: true },
      compactor: { retention_enabled: true, delete_request_store: "filesystem" },
    },
    singleBinary: { replicas: 1, persistence: { enabled: true, size: `${LOKI_STORAGE_GB}Gi`, storageClass: storageClassOf(cluster.provider) }, resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "2Gi" } } },
    read: { replicas: 0 },
    write: { replicas: 0 },
    backend: { replicas: 0 },
    chunksCache: { enabled: false },
    resultsCache: { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
    gateway: { enabled: true },
  }),
};
