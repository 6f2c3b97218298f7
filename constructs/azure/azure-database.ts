import { Construct } from "constructs";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { Fn } from "cdktf";
import type { NodeSize } from "../../lib/model/common";
import { ephemeralPassword } from "../bindings/random-password";

const SKUS: Record<NodeSize, string> = {
  small: "GP_Standard_D2ds_v5",
  medium: "GP_Standard_D4ds_v5",
  large: "GP_Standard_D8ds_v5",
};

/** The storage sizes a flexible server accepts, in MiB. */
const STORAGE_MB = [32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408];

export function storageMb(gb: number): number {
  return STORAGE_MB.find((mb) => mb >= gb * 1024) ?? STORAGE_MB[STORAGE_MB.length - 1];
}

export interface AzureDatabaseProps {
  /** Globally unique, 3-63 characters. */
  readonly name: string;
  readonly logicalId: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly dbName: string;
  readonly size: NodeSize;
  readonly storageGb: number;
  /** A zone-redundant standby. */
  readonly ha: boolean;
  readonly zones: readonly string[];
  readonly subnetId: string;
  readonly vnetId: string;
  readonly tags: Record<string, string>;
}

/**
 * PostgreSQL flexible server in a delegated subnet, reachable through a
 * private DNS zone only, encrypted, backed up for 14 days, locked against
 * deletion and prevent_destroy. The password is ephemeral and written
 * write-only: neither the JSON nor the state holds it.
 */
export class AzureDatabase extends Construct {
  public readonly server: PostgresqlFlexibleServer;
  /** A reference to the ephemeral password (write-only arguments only). */
  public readonly password: string;
  private readonly database: PostgresqlFlexibleServerDatabase;

  constructor(scope: Construct, id: string, props: AzureDatabaseProps) {
    super(scope, id);
    const base = props.logicalId;
    const rg = { resourceGroupName: props.resourceGroupName };
    const zone = new PrivateDnsZone(this, "zone", { name: `${props.name}.private.postgres.database.azure.com`, ...rg, tags: props.tags });
    zone.overrideLogicalId(`${base}_zone`);
    const link = new PrivateDnsZoneVirtualNetworkLink(this, "zone-link", { name: props.name, ...rg, privateDnsZoneName: zone.name, virtualNetworkId: props.vnetId, tags: props.tags });
    link.overrideLogicalId(`${base}_zone_link`);
    this.password = ephemeralPassword(this, `${base}_password`, 40);

    this.server = new PostgresqlFlexibleServer(this, "Resource", {
      name: props.name,
      ...rg,
      location: props.location,
      version: "17",
      skuName: SKUS[props.size],
      storageMb: storageMb(props.storageGb),
      autoGrowEnabled: true,
      zone: props.zones[0],
      highAvailability: props.ha ? { mode: "ZoneRedundant", standbyAvailabilityZone: props.zones[1] } : undefined,
      delegatedSubnetId: props.subnetId,
      privateDnsZoneId: zone.id,
      publicNetworkAccessEnabled: false,
      backupRetentionDays: 14,
      administratorLogin: props.dbName,
      administratorPasswordWo: this.password,
      administratorPasswordWoVersion: 1,
      authentication: { passwordAuthEnabled: true, activeDirectoryAuthEnabled: false },
      tags: props.tags,
      lifecycle: { preventDestroy: true },
      dependsOn: [link],
    });
    this.server.overrideLogicalId(base);
    const lock = new ManagementLock(this, "lock", { name: `${props.name}-no-delete`, scope: this.server.id, lockLevel: "CanNotDelete", notes: "basecamp: retire the database in platform.yaml first" });
    lock.overrideLogicalId(`${base}_lock`);
    this.database = new PostgresqlFlexibleServerDatabase(this, "database", { name: props.dbName, serverId: this.server.id, charset: "UTF8", collation: "en_US.utf8" });
    this.database.overrideLogicalId(`${base}_db`);
  }

  get credentials(): string {
    return Fn.jsonencode({
      host: this.server.fqdn,
      port: 5432,
      dbname: this.database.name,
      username: this.server.administratorLogin,
      password: this.password,
    });
  }
}
