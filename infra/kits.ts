import { awsKit } from "../constructs/aws/aws-kit";
import { azureKit } from "../constructs/azure/azure-kit";
import type { CloudKit } from "../constructs/cluster/cloud-kit";
import { gcpKit } from "../constructs/gcp/gcp-kit";
import { proxmoxKit, type PullBootstrap } from "../constructs/proxmox/proxmox-kit";
import type { Cluster, Provider } from "../lib/model/schema";

/** One kit per provider: a provider without a kit, or a kit for the wrong cluster type, does not compile. */
export type Kits = { readonly [P in Provider]: CloudKit<Extract<Cluster, { provider: P }>, any, any, any, any> };

export function kits(bootstrap: PullBootstrap): Kits {
  return { aws: awsKit, gcp: gcpKit, azure: azureKit, proxmox: proxmoxKit(bootstrap) };
}
