import { Construct } from "constructs";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import { Fn, type ITerraformDependable } from "cdktf";
import type { NodeSize } from "../../lib/model/common";
import { MAINTENANCE } from "../cluster/maintenance";
import { ephemeralPassword } from "../bindings/random-password";

const TIERS: Record<NodeSize, string> = {
  small: "db-custom-2-7680",
  medium: "db-custom-4-15360",
  large: "db-custom-8-30720",
};

export interface GcpDatabaseProps {
  readonly name: string;
  readonly logicalId: string;
  readonly region: string;
  readonly dbName: string;
  readonly size: NodeSize;
  readonly storageGb: number;
  /** A standby in another zone (REGIONAL availability). */
  readonly ha: boolean;
  readonly networkId: string;
  /** The private service connection the private IP needs. */
  readonly serviceConnection: ITerraformDependable;
  /** Labels of the instance's billing: provider default labels never reach Cloud SQL's settings.user_labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Cloud SQL for PostgreSQL with a private IP only, TLS required, daily
 * backups with point-in-time recovery, protected from deletion twice. The
 * password is ephemeral and written write-only: neither the JSON nor the
 * state holds it.
 */
export class GcpDatabase extends Construct {
  public readonly instance: SqlDatabaseInstance;
  /** A reference to the ephemeral password (write-only arguments only). */
  public readonly password: string;
  private readonly user: SqlUser;
  private readonly database: SqlDatabase;

  constructor(scope: Construct, id: string, props: GcpDatabaseProps) {
    super(scope, id);
    const base = props.logicalId;
    this.instance = new SqlDatabaseInstance(this, "Resource", {
      name: props.name,
      region: props.region,
      databaseVersion: "POSTGRES_17",
      deletionProtection: true,
      settings: {
        tier: TIERS[props.size],
        userLabels: { ...props.labels },
        edition: "ENTERPRISE",
        availabilityType: props.ha ? "REGIONAL" : "ZONAL",
        diskType: "PD_SSD",
        diskSize: props.storageGb,
        diskAutoresize: true,
        deletionProtectionEnabled: true,
        ipConfiguration: { ipv4Enabled: false, privateNetwork: props.networkId, sslMode: "ENCRYPTED_ONLY" },
        // Cloud SQL's day 7 is Sunday; after the cluster's window.
        maintenanceWindow: { day: 7, hour: MAINTENANCE.database.startHour, updateTrack: "stable" },
        backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, backupRetentionSettings: { retainedBackups: 14 } },
      },
      lifecycle: { preventDestroy: true },
      dependsOn: [props.serviceConnection],
    });
    this.instance.overrideLogicalId(base);
    this.database = new SqlDatabase(this, "database", { name: props.dbName, instance: this.instance.name });
    this.database.overrideLogicalId(`${base}_db`);
    this.password = ephemeralPassword(this, `${base}_password`, 40);
    this.user = new SqlUser(this, "user", { name: props.dbName, instance: this.instance.name, passwordWo: this.password, passwordWoVersion: 1 });
    this.user.overrideLogicalId(`${base}_user`);
  }

  get credentials(): string {
    return Fn.jsonencode({
      host: this.instance.privateIpAddress,
      port: 5432,
      dbname: this.database.name,
      username: this.user.name,
      password: this.password,
    });
  }
}
