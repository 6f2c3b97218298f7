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
  return { kind: "s3", bucket: st.aws.bucket, region: st.aws.region, key: `${stack}/terraform.tfstate` };
}
