import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn } from "cdktf";
import type { NodeSize } from "../../lib/model/common";
import { hourOf, MAINTENANCE } from "../cluster/maintenance";

const INSTANCE_CLASSES: Record<NodeSize, string> = {
  small: "db.t4g.medium",
  medium: "db.m7g.large",
  large: "db.m7g.xlarge",
};

export interface AwsDatabaseProps {
  /** The RDS identifier. */
  readonly identifier: string;
  /** The Terraform logical id of the instance: database_<app>. */
  readonly logicalId: string;
  /** Database and user name. */
  readonly dbName: string;
  readonly size: NodeSize;
  readonly storageGb: number;
  /** A standby in another zone (Multi-AZ). */
  readonly ha: boolean;
  readonly vpcId: string;
  readonly subnetIds: string[];
  /** The security group whose members may connect: the EKS cluster's. */
  readonly clientSecurityGroupId: string;
  /** The KMS key of the secret RDS keeps the password in (the cluster's secret backend key). */
  readonly secretKmsKeyId: string;
}

/**
 * PostgreSQL on RDS: private, encrypted with its own key, backed up daily,
 * protected from deletion twice (deletion_protection and prevent_destroy).
 * RDS generates the password and keeps it in a Secrets Manager secret of its
 * own (manage_master_user_password): neither the JSON nor the state holds it.
 */
export class AwsDatabase extends Construct {
  public readonly instance: DbInstance;

  constructor(scope: Construct, id: string, props: AwsDatabaseProps) {
    super(scope, id);
    const base = props.logicalId;
    const subnets = new DbSubnetGroup(this, "subnets", { name: props.identifier, subnetIds: props.subnetIds });
    subnets.overrideLogicalId(`${base}_subnets`);
    const sg = new SecurityGroup(this, "security-group", { name: `${props.identifier}-db`, description: `PostgreSQL of ${props.identifier}`, vpcId: props.vpcId });
    sg.overrideLogicalId(`${base}_security_group`);
    const ingress = new VpcSecurityGroupIngressRule(this, "ingress", {
      securityGroupId: sg.id,
      referencedSecurityGroupId: props.clientSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: 5432,
      toPort: 5432,
      description: "PostgreSQL from the cluster",
    });
    ingress.overrideLogicalId(`${base}_ingress`);
    const key = new KmsKey(this, "key", { description: `Storage of ${props.identifier}`, enableKeyRotation: true, deletionWindowInDays: 30 });
    key.overrideLogicalId(`${base}_key`);

    this.instance = new DbInstance(this, "Resource", {
      identifier: props.identifier,
      engine: "postgres",
      // The major version; RDS applies minor versions in the maintenance window.
      engineVersion: "17",
      autoMinorVersionUpgrade: true,
      instanceClass: INSTANCE_CLASSES[props.size],
      allocatedStorage: props.storageGb,
      maxAllocatedStorage: props.storageGb * 4,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: key.arn,
      dbName: props.dbName,
      username: props.dbName,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.secretKmsKeyId,
      multiAz: props.ha,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [sg.id],
      publiclyAccessible: false,
      backupRetentionPeriod: 14,
      // Backups before the clusters' window, minor versions after it (UTC).
      backupWindow: "00:00-01:00",
      maintenanceWindow: `sun:${hourOf(MAINTENANCE.database.startHour)}-sun:${hourOf(MAINTENANCE.database.startHour + MAINTENANCE.database.hours)}`,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key.arn,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      copyTagsToSnapshot: true,
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.identifier}-final`,
      // A deleted instance keeps its automated backups to the end of their retention: its restore points in time
      // outlive it (the provider's default deletes them with it, leaving only the final snapshot).
      deleteAutomatedBackups: false,
      lifecycle: { preventDestroy: true },
    });
    this.instance.overrideLogicalId(base);
  }

  /**
   * Where to connect, as the secret backend holds it: JSON of references and
   * the ARN of RDS's own password secret, which External Secrets finds by its
   * aws:rds:primaryDBInstanceArn tag.
   */
  get connection(): string {
    return Fn.jsonencode({
      host: this.instance.address,
      port: this.instance.port,
      dbname: this.instance.dbName,
      username: this.instance.username,
      passwordSecretArn: this.instance.masterUserSecret.get(0).secretArn,
    });
  }
}
