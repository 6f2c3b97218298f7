import { Construct } from "constructs";
import type { ClusterInfra, ClusterInfraProps } from "../cluster/cluster-infra";
import { ProxmoxKubernetes } from "./proxmox-kubernetes";
import { ProxmoxNetwork } from "./proxmox-network";
import { ProxmoxProvider } from "./provider/proxmox-provider";
import { RandomProvider } from "./provider/random-password";

/**
 * Proxmox VM tags are plain lowercase words, not key/value pairs: each tag
 * becomes "key-value", sorted because Proxmox sorts them and would show a diff.
 */
export function vmTags(tags: Record<string, string>): string[] {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_.+-]+/g, "-");
  return Object.entries(tags)
    .map(([k, v]) => clean(`${k}-${v}`))
    .sort();
}

/** K3s on VMs behind a per-cluster Linux bridge on one Proxmox node. */
export class ProxmoxClusterInfra extends Construct implements ClusterInfra {
  public readonly networkId: string;
  public readonly clusterName: string;
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: ClusterInfraProps) {
    super(scope, id);
    const { cluster } = props;
    if (cluster.provider !== "proxmox") throw new Error(`ProxmoxClusterInfra got a ${cluster.provider} cluster`);

    // API token from PROXMOX_VE_API_TOKEN; snippet uploads also need the provider's SSH settings from the environment.
    new ProxmoxProvider(this, "provider", { endpoint: cluster.endpoint });
    new RandomProvider(this, "random");

    const network = new ProxmoxNetwork(this, "network", {
      nodeName: cluster.node,
      cidr: cluster.network.cidr,
      name: cluster.name,
    });
    const k8s = new ProxmoxKubernetes(this, "kubernetes", {
      name: cluster.name,
      nodeName: cluster.node,
      version: cluster.kubernetesVersion,
      cidr: cluster.network.cidr,
      bridge: network.bridge.name,
      gateway: network.gateway,
      nodeCount: cluster.nodes.count,
      nodeSize: cluster.nodes.size,
      tags: vmTags(props.tags),
    });
    this.networkId = network.bridge.id;
    this.clusterName = cluster.name;
    this.endpoint = k8s.endpoint;
  }
}
