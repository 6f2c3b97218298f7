import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { ClusterInfra, ClusterInfraProps } from "../cluster/cluster-infra";
import { AwsKubernetes } from "./aws-kubernetes";
import { AwsNetwork } from "./aws-network";

/** Regions whose zones are not a and b. No data source: plans must not need the cloud. */
const ZONE_LETTERS: Record<string, string[]> = { "ap-northeast-1": ["a", "c"] };

/** EKS in its own VPC. */
export class AwsClusterInfra extends Construct implements ClusterInfra {
  public readonly networkId: string;
  public readonly clusterName: string;
  public readonly endpoint: string;

  constructor(scope: Construct, id: string, props: ClusterInfraProps) {
    super(scope, id);
    const { cluster } = props;
    if (cluster.provider !== "aws") throw new Error(`AwsClusterInfra got a ${cluster.provider} cluster`);

    new AwsProvider(this, "provider", { region: cluster.region, defaultTags: [{ tags: props.tags }] });

    const zones = (ZONE_LETTERS[cluster.region] ?? ["a", "b"]).map((l) => `${cluster.region}${l}`);
    const network = new AwsNetwork(this, "network", {
      cidr: cluster.network.cidr,
      zones,
      name: cluster.name,
      clusterName: cluster.name,
    });
    const k8s = new AwsKubernetes(this, "kubernetes", {
      name: cluster.name,
      version: cluster.kubernetesVersion,
      privateSubnetIds: network.privateSubnetIds,
      publicSubnetIds: network.publicSubnetIds,
      nodeCount: cluster.nodes.count,
      nodeSize: cluster.nodes.size,
    });
    this.networkId = network.vpc.id;
    this.clusterName = k8s.cluster.name;
    this.endpoint = k8s.cluster.endpoint;
  }
}
