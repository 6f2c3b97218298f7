import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Aspects, LocalBackend, TerraformStack } from "cdktf";
import { RequiredTags } from "../constructs/cluster/required-tags";
import { BOOTSTRAP_AZURE_STACK, BOOTSTRAP_GCP_STACK, BOOTSTRAP_STACK } from "../lib/model/reserved";
import { platformTags, type Resolved } from "../lib/model/resolve";
import { output } from "./cluster-stack";
import { requireTerraform, STATE_CONTAINER, stateKeyAlias, stateResourceGroup } from "./state";

/** The state stores never go with a destroy. */
const KEEP = { preventDestroy: true };

/**
 * A stack that creates a state store. Its own state is local, beside it,
 * with a relative path: it cannot live in the store it creates.
 */
abstract class StateStoreStack extends TerraformStack {
  constructor(scope: Construct, name: string) {
    super(scope, name);
    new LocalBackend(this, { path: `terraform.${name}.tfstate` });
    requireTerraform(this);
    Aspects.of(this).add(new RequiredTags());
  }
}

/**
 * Step one: the S3 bucket of the AWS, Proxmox (by default) and global stacks:
 * versioned, KMS-encrypted, private, TLS only, kept from deletion.
 */
export class BootstrapStack extends StateStoreStack {
  constructor(scope: Construct, p: Resolved) {
    super(scope, BOOTSTRAP_STACK);
    const st = p.platform.platform.state;
    new AwsProvider(this, "aws", { region: st.aws.region, defaultTags: [{ tags: platformTags(p.platform, BOOTSTRAP_STACK) }] });
    const key = new KmsKey(this, "state-key", { description: `Terraform state of ${p.name}`, enableKeyRotation: true, deletionWindowInDays: 30 });
    key.overrideLogicalId("state_key");
    // Every S3 backend names the key by this alias: it is known before the key exists.
    const alias = new KmsAlias(this, "state-key-alias", { name: stateKeyAlias(p.platform), targetKeyId: key.keyId });
    alias.overrideLogicalId("state_key_alias");
    const bucket = new S3Bucket(this, "state-bucket", { bucket: st.aws.bucket, lifecycle: KEEP });
    bucket.overrideLogicalId("state_bucket");
    const versioning = new S3BucketVersioningA(this, "state-versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    versioning.overrideLogicalId("state_bucket_versioning");
    const encryption = new S3BucketServerSideEncryptionConfigurationA(this, "state-encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    });
    encryption.overrideLogicalId("state_bucket_encryption");
    const block = new S3BucketPublicAccessBlock(this, "state-public-access", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    block.overrideLogicalId("state_bucket_public_access");
    const policy = new S3BucketPolicy(this, "state-policy", {
      bucket: bucket.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "TlsOnly",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [`arn:aws:s3:::${st.aws.bucket}`, `arn:aws:s3:::${st.aws.bucket}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
      dependsOn: [block],
    });
    policy.overrideLogicalId("state_bucket_policy");
    output(this, "bucket", bucket.bucket, "The S3 bucket of the AWS, Proxmox and global stacks' state.");
  }
}

/** The GCS bucket of the GCP stacks: versioned, uniform access, never public. GCS locks state natively. */
export class BootstrapGcpStack extends StateStoreStack {
  constructor(scope: Construct, p: Resolved, st: { bucket: string; project: string; location: string }) {
    super(scope, BOOTSTRAP_GCP_STACK);
    new GoogleProvider(this, "google", { project: st.project, defaultLabels: platformTags(p.platform, BOOTSTRAP_GCP_STACK) });
    const gcs = new StorageBucket(this, "state-bucket", {
      name: st.bucket,
      location: st.location,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      lifecycle: KEEP,
    });
    gcs.overrideLogicalId("state_bucket");
    output(this, "bucket", gcs.name, "The GCS bucket of the GCP stacks' state.");
  }
}

/** The storage account of the Azure stacks: Entra ID only (no shared keys), versioned, zone-redundant. Blob leases lock state. */
export class BootstrapAzureStack extends StateStoreStack {
  constructor(scope: Construct, p: Resolved, st: { storageAccount: string; location: string; subscription: string; writers: string }) {
    super(scope, BOOTSTRAP_AZURE_STACK);
    const tags = platformTags(p.platform, BOOTSTRAP_AZURE_STACK);
    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: st.subscription, storageUseAzuread: true });
    const rg = new ResourceGroup(this, "state-group", { name: stateResourceGroup(p.platform), location: st.location, tags });
    rg.overrideLogicalId("state_resource_group");
    const account = new StorageAccount(this, "state-account", {
      name: st.storageAccount,
      resourceGroupName: rg.name,
      location: st.location,
      accountTier: "Standard",
      accountReplicationType: "ZRS",
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days: 30 }, containerDeleteRetentionPolicy: { days: 30 } },
      tags,
      lifecycle: KEEP,
    });
    account.overrideLogicalId("state_storage_account");
    const container = new StorageContainer(this, "state-container", { name: STATE_CONTAINER, storageAccountId: account.id, containerAccessType: "private" });
    container.overrideLogicalId("state_container");
    const writers = new RoleAssignment(this, "state-writers", { scope: account.id, roleDefinitionName: "Storage Blob Data Contributor", principalId: st.writers, principalType: "Group" });
    writers.overrideLogicalId("state_writers");
    output(this, "storage_account", account.name, "The storage account of the Azure stacks' state.");
  }
}
