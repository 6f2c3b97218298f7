import { Construct } from "constructs";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { NodeSize } from "../cluster/cluster-infra";

const INSTANCE_TYPES: Record<NodeSize, string> = {
  small: "t3.large",
  medium: "m6i.large",
  large: "m6i.2xlarge",
};

export interface AwsKubernetesProps {
  readonly name: string;
  readonly version: string;
  /** Subnets of the control plane's network interfaces and of the nodes. */
  readonly privateSubnetIds: string[];
  /** Subnets for public load balancers. */
  readonly publicSubnetIds: string[];
  readonly nodeCount: number;
  readonly nodeSize: NodeSize;
}

/** An EKS cluster with one managed node group in the private subnets. */
export class AwsKubernetes extends Construct {
  public readonly cluster: EksCluster;

  constructor(scope: Construct, id: string, props: AwsKubernetesProps) {
    super(scope, id);
    const clusterRole = role(this, "cluster-role", `${props.name}-cluster`, "eks.amazonaws.com", [
      "AmazonEKSClusterPolicy",
    ]);
    this.cluster = new EksCluster(this, "Resource", {
      name: props.name,
      version: props.version,
      roleArn: clusterRole.role.arn,
      vpcConfig: {
        subnetIds: [...props.privateSubnetIds, ...props.publicSubnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
      },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      enabledClusterLogTypes: ["api", "audit", "authenticator"],
      dependsOn: clusterRole.attachments,
    });
    this.cluster.overrideLogicalId("cluster");

    const nodeRole = role(this, "node-role", `${props.name}-nodes`, "ec2.amazonaws.com", [
      "AmazonEKSWorkerNodePolicy",
      "AmazonEKS_CNI_Policy",
      "AmazonEC2ContainerRegistryReadOnly",
    ]);
    const nodes = new EksNodeGroup(this, "nodes", {
      clusterName: this.cluster.name,
      nodeGroupName: "default",
      nodeRoleArn: nodeRole.role.arn,
      subnetIds: props.privateSubnetIds,
      instanceTypes: [INSTANCE_TYPES[props.nodeSize]],
      scalingConfig: { desiredSize: props.nodeCount, minSize: props.nodeCount, maxSize: props.nodeCount * 2 },
      updateConfig: { maxUnavailable: 1 },
      // The autoscaler owns the desired size once the group exists.
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: nodeRole.attachments,
    });
    nodes.overrideLogicalId("nodes");
  }
}

function role(scope: Construct, id: string, name: string, service: string, policies: string[]) {
  const logical = id.replace(/-/g, "_");
  const r = new IamRole(scope, id, {
    name,
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    }),
  });
  r.overrideLogicalId(logical);
  const attachments = policies.map((policy) => {
    const a = new IamRolePolicyAttachment(scope, `${id}-${policy}`, {
      role: r.name,
      policyArn: `arn:aws:iam::aws:policy/${policy}`,
    });
    a.overrideLogicalId(`${logical}_${policy.toLowerCase()}`);
    return a;
  });
  return { role: r, attachments };
}
