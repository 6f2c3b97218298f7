import { TerraformOutput, Testing } from "cdktf";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { AwsClusterInfra } from "../constructs/aws/aws-cluster-infra";
import { overlaps, parseCidr } from "../lib/model/cidr";
import { sampleCluster } from "./helpers/platform";

function synthAws(edit: (c: any) => void = () => {}) {
  const cluster: any = { ...sampleCluster("aws-a") };
  edit(cluster);
  let infra!: AwsClusterInfra;
  const text = Testing.synthScope((scope) => {
    infra = new AwsClusterInfra(scope, "cluster", { cluster, tags: { "managed-by": "basecamp", stack: "aws-a" } });
  });
  return { text, json: JSON.parse(text), infra };
}

describe("AwsClusterInfra", () => {
  test("a VPC with the cluster's range and an EKS cluster of its version", () => {
    const { text } = synthAws();
    expect(text).toHaveResourceWithProperties(Vpc, { cidr_block: "10.10.0.0/16", enable_dns_hostnames: true });
    expect(text).toHaveResourceWithProperties(EksCluster, { name: "aws-a", version: "1.32" });
  });

  test("subnets lie inside the VPC, in two zones of the region, without overlapping", () => {
    const { json } = synthAws();
    const subnets = Object.values<any>(json.resource.aws_subnet);
    expect(subnets).toHaveLength(4);
    const vpc = parseCidr("10.10.0.0/16")!;
    const ranges = subnets.map((s) => parseCidr(s.cidr_block)!);
    for (const r of ranges) expect(overlaps(r, vpc) && r.prefix > vpc.prefix).toBe(true);
    for (let i = 0; i < ranges.length; i++) for (let j = 0; j < i; j++) expect(overlaps(ranges[i], ranges[j])).toBe(false);
    expect(new Set(subnets.map((s) => s.availability_zone))).toEqual(new Set(["eu-west-1a", "eu-west-1b"]));
  });

  test("Tokyo, which has no zone b, gets zones a and c", () => {
    const { json } = synthAws((c) => (c.region = "ap-northeast-1"));
    const zones = new Set(Object.values<any>(json.resource.aws_subnet).map((s) => s.availability_zone));
    expect(zones).toEqual(new Set(["ap-northeast-1a", "ap-northeast-1c"]));
  });

  test("nodes run in the private subnets with the mapped instance type and count", () => {
    const { json, text } = synthAws((c) => (c.nodes = { count: 4, size: "large" }));
    expect(text).toHaveResourceWithProperties(EksNodeGroup, {
      instance_types: ["m6i.2xlarge"],
      scaling_config: { desired_size: 4, min_size: 4, max_size: 8 },
    });
    const group = json.resource.aws_eks_node_group.nodes;
    expect(group.subnet_ids.every((id: string) => id.startsWith("${aws_subnet.private_"))).toBe(true);
    expect(text).toHaveResource(Subnet);
  });

  test("tags come from the provider's default_tags; no data source asks the cloud", () => {
    const { json } = synthAws();
    expect(json.provider.aws[0]).toEqual({ region: "eu-west-1", default_tags: [{ tags: { "managed-by": "basecamp", stack: "aws-a" } }] });
    expect(json.data).toBeUndefined();
  });

  test("outputs are references into the stack, the same contract as every provider", () => {
    const resolved = Testing.synthScope((scope) => {
      const i = new AwsClusterInfra(scope, "cluster", { cluster: sampleCluster("aws-a"), tags: {} });
      new TerraformOutput(scope, "o", { value: [i.networkId, i.clusterName, i.endpoint] });
    });
    expect(JSON.parse(resolved).output.o.value).toEqual([
      "${aws_vpc.vpc.id}",
      "${aws_eks_cluster.cluster.name}",
      "${aws_eks_cluster.cluster.endpoint}",
    ]);
  });

  test("refuses a cluster of another provider", () => {
    expect(() =>
      Testing.synthScope((scope) => new AwsClusterInfra(scope, "cluster", { cluster: sampleCluster("gcp-b"), tags: {} })),
    ).toThrow("AwsClusterInfra got a gcp cluster");
  });
});
