import type { NodeSize } from "../../lib/model/common";
import type { Resolved, ResolvedCluster } from "../../lib/model/resolve";
import { AZURE_POSTGRESQL_SERIES } from "../addons/azure-metrics-exporter";
import { flexibleServerName } from "../azure/azure-names";
import { matchers, num, type AlertingRule, type Severity } from "./rules";

/**
 * PostgreSQL's default max_connections for each size of the database constructs, as each cloud sets it:
 * RDS LEAST(DBInstanceClassMemory/9531392, 5000) on db.t4g.medium, db.m7g.large and db.m7g.xlarge (4, 8, 16 GiB;
 * the OS takes a little of it, so slightly fewer); Cloud SQL by memory tier (7.5, 15, 30 GB: 400, 500, 600);
 * flexible servers by SKU memory (D2ds_v5, D4ds_v5, D8ds_v5: 8, 16, 32 GiB), 15 of them kept for Azure.
 */
export const MAX_CONNECTIONS: Record<"aws" | "gcp" | "azure", Record<NodeSize, number>> = {
  aws: { small: 450, medium: 901, large: 1802 },
  gcp: { small: 400, medium: 500, large: 600 },
  azure: { small: 859, medium: 1718, large: 3437 },
};

/** Share of max_connections in use that opens a ticket. */
const CONNECTIONS_HIGH = 0.8;

/** A managed database as its exporter shows it: the expression of each check, empty where the cloud has no such metric. */
interface Observed {
  readonly kind: string;
  readonly id: string;
  /** Storage left as free bytes (RDS) or as the share used (the others). */
  readonly storage: { readonly free: string } | { readonly used: string };
  readonly cpu: string;
  readonly connections: string;
  readonly insights: string;
  /** WAL kept on the instance's disk, in bytes: archiving for point-in-time restore or a replication slot holds it. */
  readonly wal?: string;
  /** 0 while the HA standby cannot take over. */
  readonly failover?: string;
  /** Bytes of backups kept. */
  readonly backups?: string;
  /** The series whose absence means the exporter reads nothing of this database. */
  readonly present: string;
}

/** How a cloud's exporter shows a managed PostgreSQL; none on Proxmox (CloudNativePG has its own alerts). */
export function observed(p: Resolved, c: ResolvedCluster, app: string, ha: boolean): Observed | undefined {
  const spec = c.spec;
  const id = `${c.name}-${app}`;
  if (spec.provider === "aws") {
    const rds = (m: string) => `aws_rds_${m}${matchers({ cluster: c.name, dimension_DBInstanceIdentifier: id })}`;
    return {
      kind: "RDS instance",
      id,
      storage: { free: `min(${rds("free_storage_space_minimum")})` },
      cpu: `max(${rds("cpuutilization_average")})`,
      connections: `max(${rds("database_connections_maximum")})`,
      wal: `max(${rds("transaction_logs_disk_usage_maximum")})`,
      insights: "Performance Insights",
      present: rds("free_storage_space_minimum"),
    };
  }
  if (spec.provider === "gcp") {
    const sql = (m: string) => `stackdriver_cloudsql_database_cloudsql_googleapis_com_database_${m}${matchers({ cluster: c.name, database_id: `${spec.project}:${id}` })}`;
    return {
      kind: "Cloud SQL instance",
      id,
      storage: { used: `max(${sql("disk_utilization")})` },
      cpu: `max(${sql("cpu_utilization")}) * 100`,
      connections: `max(${sql("postgresql_num_backends")})`,
      failover: ha ? `max(${sql("available_for_failover")})` : undefined,
      insights: "Query Insights",
      present: sql("disk_utilization"),
    };
  }
  if (spec.provider === "azure") {
    const server = flexibleServerName(p.name, c.name, app);
    const az = (metric: string, aggregation: string) => `${AZURE_POSTGRESQL_SERIES}${matchers({ cluster: c.name, resourceName: server, metric, aggregation })}`;
    return {
      kind: "flexible server",
      id: server,
      storage: { used: `max(${az("storage_percent", "maximum")}) / 100` },
      cpu: `max(${az("cpu_percent", "average")})`,
      connections: `max(${az("active_connections", "maximum")})`,
      wal: `max(${az("txlogs_storage_used", "maximum")})`,
      backups: az("backup_storage_used", "maximum"),
      insights: "Query Store",
      present: az("storage_percent", "maximum"),
    };
  }
  return undefined;
}

type Alert = (name: ManagedDatabaseAlert, severity: Severity, expr: string, forDuration: string, summary: string, description: string, extra: Record<string, string>) => AlertingRule;

export type ManagedDatabaseAlert =
  | "ManagedDatabaseStorageLow"
  | "ManagedDatabaseCPUHigh"
  | "ManagedDatabaseConnectionsHigh"
  | "ManagedDatabaseWALPilingUp"
  | "ManagedDatabaseStandbyUnavailable"
  | "ManagedDatabaseBackupsMissing"
  | "ManagedDatabaseMetricsMissing";

/**
 * The managed databases' alerts, to the app's team: storage, CPU,
 * connections, WAL that piles up (archiving or a replication slot stuck),
 * an HA standby that cannot take over, backups that are not kept, and an
 * exporter that reads nothing, each where the cloud publishes the metric.
 */
export function managedDatabaseAlerts(p: Resolved, alert: Alert): AlertingRule[] {
  return p.clusters.flatMap((c) =>
    c.apps.flatMap((a) => {
      const spec = a.spec.database;
      const db = spec && observed(p, c, a.name, spec.ha);
      if (!spec || !db) return [];
      const labels = { team: a.team, cluster: c.name, app: a.name };
      const which = `${db.kind} ${db.id} (${a.name} on ${c.name})`;
      const gb = spec.storage;
      const max = MAX_CONNECTIONS[c.provider as "aws" | "gcp" | "azure"][spec.size];
      const storage =
        "free" in db.storage
          ? { expr: `${db.storage.free} < ${num(0.1 * gb * 2 ** 30)}`, said: `has had less than ${num(0.1 * gb)} GB of its ${gb} GB free for 30 minutes; at zero` }
          : { expr: `${db.storage.used} > 0.9`, said: "has used more than 90% of its disk for 30 minutes; at full" };
      const rules = [
        alert("ManagedDatabaseStorageLow", "ticket", storage.expr, "30m", `Database ${db.id} has less than 10% of its ${gb} GB free`, `${which} ${storage.said} it stops taking writes. Grow apps[].database.storage, or find what fills it.`, labels),
        alert("ManagedDatabaseCPUHigh", "ticket", `${db.cpu} > 80`, "30m", `Database ${db.id} runs above 80% CPU`, `${which} has used more than 80% of its CPU for 30 minutes: queries slow down. Find the heavy queries (${db.insights}), or grow apps[].database.size.`, labels),
        alert(
          "ManagedDatabaseConnectionsHigh",
          "ticket",
          `${db.connections} > ${num(CONNECTIONS_HIGH * max)}`,
          "15m",
          `Database ${db.id} uses more than ${num(CONNECTIONS_HIGH * 100)}% of its ${max} connections`,
          `${which} has held more than ${num(CONNECTIONS_HIGH * max)} connections for 15 minutes, of the ${max} its size allows by default: at the limit, new connections are refused. Look for a leak or pools sized for more replicas than run, or pool in front of it.`,
          labels,
        ),
      ];
      if (db.wal) {
        rules.push(
          alert(
            "ManagedDatabaseWALPilingUp",
            "ticket",
            `${db.wal} > ${num(0.1 * gb * 2 ** 30)}`,
            "1h",
            `WAL piles up on database ${db.id}`,
            `${which} has kept more than ${num(0.1 * gb)} GB of WAL on its disk for an hour: its archiving (the point-in-time backups) fails or a replication slot is not read. It grows until the disk is full.`,
            labels,
          ),
        );
      }
      if (db.failover) {
        rules.push(
          alert(
            "ManagedDatabaseStandbyUnavailable",
            "ticket",
            `${db.failover} < 1`,
            "15m",
            `Database ${db.id} cannot fail over`,
            `${which} has had no standby ready to take over for 15 minutes: a zone outage now stops it until the standby is rebuilt.`,
            labels,
          ),
        );
      }
      if (db.backups) {
        rules.push(
          alert(
            "ManagedDatabaseBackupsMissing",
            "ticket",
            // A day of zeros (a new server's first backup comes within hours), or of nothing read: 0 when absent.
            `max(max_over_time(${db.backups}[3h]) or (absent_over_time(${db.backups}[3h]) - 1)) == 0`,
            "1d",
            `Database ${db.id} keeps no backups`,
            `${which} has shown no backup storage for a day (none used, or none reported): no backup may be kept to restore from.`,
            labels,
          ),
        );
      }
      rules.push(
        alert(
          "ManagedDatabaseMetricsMissing",
          "ticket",
          `absent_over_time(${db.present}[20m])`,
          "10m",
          `No metrics of database ${db.id}`,
          `Nothing has been read of ${which} for 30 minutes, so its alerts cannot fire: its exporter on ${c.name} fails (permissions, quota, or it does not run).`,
          labels,
        ),
      );
      return rules;
    }),
  );
}
