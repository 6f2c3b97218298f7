import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { formatCidr, parseCidr } from "../../lib/model/cidr";
import type { ClusterInfra, ClusterInfraProps } from "../cluster/cluster-infra";
import { GcpKubernetes } from "./gcp-kubernetes";
import { GcpNetwork, gcpLayout } from "./gcp-network";

/** GKE in its own VPC. */
export class GcpClusterInfra extends Construct implements ClusterInfra {
  public readonly networkId: string;
  public readonly clusterName: string;
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: ClusterInfraProps) {
    super(scope, id);
    const { cluster } = props;
    if (cluster.provider !== "gcp") throw new Error(`GcpClusterInfra got a ${cluster.provider} cluster`);

    const provider = new GoogleProvider(this, "provider", { project: cluster.project, region: cluster.region });
    // cdktf snake-cases map keys in provider blocks ("managed-by" would become "managed_by"); overrides are kept verbatim.
    provider.addOverride("default_labels", props.tags);

    const network = new GcpNetwork(this, "network", {
      cidr: cluster.network.cidr,
      region: cluster.region,
      name: cluster.name,
    });
    const k8s = new GcpKubernetes(this, "kubernetes", {
      name: cluster.name,
      project: cluster.project,
      region: cluster.region,
      version: cluster.kubernetesVersion,
      networkId: network.network.id,
      subnetworkId: network.subnetwork.id,
      // Inside the cluster's own range, which no other cluster may overlap: unique without a registry.
      controlPlaneCidr: formatCidr(gcpLayout(parseCidr(cluster.network.cidr)!).controlPlane),
      nodeCount: cluster.nodes.count,
      nodeSize: cluster.nodes.size,
      labels: props.tags,
    });
    this.networkId = network.network.id;
    this.clusterName = k8s.cluster.name;
    // GKE gives a bare IP; a URL matches what EKS gives, so stack outputs have one shape.
    this.endpoint = `https://${k8s.cluster.endpoint}`;
  }
}
