import type { TerraformStack } from "cdktf";
import type { StateLocation } from "../constructs/cluster/cloud-kit";
import type { Platform, Provider } from "../lib/model/schema";

/** The resource group of the Azure state store, which the bootstrap stack creates. */
export function stateResourceGroup(platform: Platform): string {
  return `rg-${platform.platform.name}-tfstate`;
}

export const STATE_CONTAINER = "tfstate";

/** Where the state of `stack` lives: the store of its provider (the bootstrap stack creates them). */
export function stateLocation(platform: Platform, stack: string, provider: Provider | "aws"): StateLocation {
  const st = platform.platform.state;
  const store = provider === "proxmox" ? st.proxmox : provider;
  if (store === "gcp" && st.gcp) return { kind: "gcs", bucket: st.gcp.bucket, prefix: stack };
  if (store === "azure" && st.azure) {
    return { kind: "azurerm", storageAccount: st.azure.storageAccount, resourceGroup: stateResourceGroup(platform), container: STATE_CONTAINER, key: `${stack}.tfstate` };
  }
  return { kind: "s3", bucket: st.aws.bucket, region: st.aws.region, key: `${stack}/terraform.tfstate`, kmsKeyId: stateKeyAlias(platform, true) };
}

/** The alias of the KMS key the bootstrap stack makes for state: its name, or its ARN (what the S3 backend takes). */
export function stateKeyAlias(platform: Platform, arn = false): string {
  const name = `alias/${platform.platform.name}-tfstate`;
  const st = platform.platform.state.aws;
  return arn ? `arn:aws:kms:${st.region}:${platform.platform.awsAccount}:${name}` : name;
}

/** Terraform 1.11: write-only arguments (1.11) and ephemeral values and S3 lock files (1.10) are in every stack. */
export const TERRAFORM_VERSION = ">= 1.11.0";

/** Pins the Terraform CLI every stack needs: an older one would fail with schema errors instead of this constraint. */
export function requireTerraform(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", TERRAFORM_VERSION);
}
