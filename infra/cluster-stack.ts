import type { Construct } from "constructs";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { AwsClusterInfra } from "../constructs/aws/aws-cluster-infra";
import { AzureClusterInfra } from "../constructs/azure/azure-cluster-infra";
import type { ClusterInfra, ClusterInfraProps } from "../constructs/cluster/cluster-infra";
import { GcpClusterInfra } from "../constructs/gcp/gcp-cluster-infra";
import { ProxmoxClusterInfra } from "../constructs/proxmox/proxmox-cluster-infra";
import type { Cluster, Platform, Provider } from "../lib/model/schema";
import { platformTags } from "./tags";

type ClusterInfraClass = new (scope: Construct, id: string, props: ClusterInfraProps) => ClusterInfra;

const INFRA: Record<Provider, ClusterInfraClass> = {
  aws: AwsClusterInfra,
  gcp: GcpClusterInfra,
  azure: AzureClusterInfra,
  proxmox: ProxmoxClusterInfra,
};

/** One Terraform stack per cluster; every provider gives the same outputs. */
export class ClusterStack extends TerraformStack {
  public readonly infra: ClusterInfra;

  constructor(scope: Construct, platform: Platform, cluster: Cluster) {
    super(scope, cluster.name);
    stateBackend(this, cluster.name);
    this.infra = new INFRA[cluster.provider](this, "cluster", {
      cluster,
      tags: platformTags(platform, cluster.name),
    });
    output(this, "network_id", this.infra.networkId, "The cluster's network (VPC, VNet or bridge).");
    output(this, "cluster_name", this.infra.clusterName, "The Kubernetes cluster's name at the provider.");
    output(this, "cluster_endpoint", this.infra.endpoint, "The Kubernetes API endpoint.");
  }
}

/**
 * Local state beside the stack, with a relative path: cdktf's default backend
 * embeds the absolute working directory. Remote state replaces this later.
 */
export function stateBackend(stack: TerraformStack, name: string): void {
  new LocalBackend(stack, { path: `terraform.${name}.tfstate` });
}

export function output(stack: TerraformStack, id: string, value: string, description: string): void {
  new TerraformOutput(stack, id, { value, description }).overrideLogicalId(id);
}
