import { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { copyName } from "../k8s/replicated-database";

export interface DatabaseArchiveProps {
  readonly platform: string;
  readonly bucket: string;
  /** The provider of the hub's region, where the bucket lives. */
  readonly provider: AwsProvider;
  /** Each failover order: the app, and the clusters that hold a copy of its database. */
  readonly orders: readonly { readonly app: string; readonly clusters: readonly string[] }[];
}

/** The IAM user whose access key a cluster's copies use: one per cluster, so a leaked key writes one cluster's folders. */
export function archiveUserName(platform: string, cluster: string): string {
  return `${platform}-archive-${cluster}`;
}

/**
 * The bucket every copy of a single-writer database archives to (base
 * backups and WAL, CloudNativePG's barman layout): private, encrypted, TLS
 * only, kept from deletion. Each cluster gets a user that may read every
 * copy's folder (a standby replays the primary's) and write only its own;
 * the operators make its access key once (gitops-out/runbooks/failover-<app>.md), so
 * no key is in the JSON or the state.
 */
export class DatabaseArchive extends Construct {
  constructor(scope: Construct, id: string, props: DatabaseArchiveProps) {
    super(scope, id);
    const { bucket: name, provider } = props;
    const arn = `arn:aws:s3:::${name}`;
    const bucket = new S3Bucket(this, "bucket", { provider, bucket: name, lifecycle: { preventDestroy: true } });
    bucket.overrideLogicalId("archive_bucket");
    const encryption = new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    });
    encryption.overrideLogicalId("archive_bucket_encryption");
    const block = new S3BucketPublicAccessBlock(this, "public-access", { provider, bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    block.overrideLogicalId("archive_bucket_public_access");
    const policy = new S3BucketPolicy(this, "policy", {
      provider,
      bucket: bucket.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
      }),
      dependsOn: [block],
    });
    policy.overrideLogicalId("archive_bucket_policy");

    const clusters = [...new Set(props.orders.flatMap((o) => o.clusters))];
    for (const cluster of clusters) {
      const slug = cluster.replace(/-/g, "_");
      const user = new IamUser(this, `user-${cluster}`, { provider, name: archiveUserName(props.platform, cluster), path: "/basecamp/" });
      user.overrideLogicalId(`archive_user_${slug}`);
      const own = props.orders.filter((o) => o.clusters.includes(cluster)).map((o) => `${arn}/${o.app}/${copyName(o.app, cluster)}/*`);
      const access = new IamUserPolicy(this, `policy-${cluster}`, {
        provider,
        name: "archive",
        user: user.name,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Sid: "List", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: arn },
            { Sid: "ReplayEveryCopy", Effect: "Allow", Action: ["s3:GetObject"], Resource: `${arn}/*` },
            { Sid: "WriteOwnCopy", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: own },
          ],
        }),
      });
      access.overrideLogicalId(`archive_user_${slug}_policy`);
    }
  }
}
