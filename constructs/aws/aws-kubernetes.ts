import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import type { NodeSize } from "../../lib/model/common";
import { MACHINE_TYPES } from "../../lib/model/node-sizes";
import { AwsRole, podIdentity, podIdentityTrust, serviceTrust, type PolicyStatement } from "./aws-role";
import { eksRelease, NODE_AMI_TYPE } from "./eks-addons";

const INSTANCE_TYPES: Record<NodeSize, string> = MACHINE_TYPES.aws;

/** Days the control plane's logs (api, audit, authenticator) are kept. */
export const CONTROL_PLANE_LOG_DAYS = 90;

/** What a node group's launch template creates, and so must tag (EKS propagates no tags to them). */
export const TAGGED_BY_TEMPLATE = ["instance", "volume", "network-interface"] as const;

export interface AwsKubernetesProps {
  readonly name: string;
  /** A minor version such as "1.35"; the add-ons are pinned for it (eks-addons.ts). */
  readonly version: string;
  /** The nodes' and the control plane's subnets. */
  readonly privateSubnetIds: string[];
  /** Ranges that may reach the public API endpoint. */
  readonly apiCidrs: string[];
  readonly system: { readonly count: number; readonly size: NodeSize };
  readonly workload: { readonly min: number; readonly max: number; readonly size: NodeSize };
  /** IAM roles given cluster-admin through access entries: the platform's admins, the hub's Argo CD. @default none */
  readonly admins?: readonly string[];
  /** IAM roles mapped to Kubernetes groups (the teams'), which RoleBindings name. @default none */
  readonly groups?: readonly { readonly principal: string; readonly group: string }[];
  /** Prefix of the IAM role names (unique in the account). */
  readonly rolePrefix: string;
  /** The AWS account, which Pod Identity trust is limited to. */
  readonly account: string;
  /**
   * The cluster's cost tags, for what EKS creates without the provider's
   * default tags: node instances, their volumes and network interfaces, and
   * the volumes of the EBS CSI driver.
   */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * EKS with API authentication (access entries), secrets encrypted by KMS,
 * Pod Identity, pinned managed add-ons (VPC CNI, kube-proxy, CoreDNS, EBS CSI)
 * and two managed node groups: a fixed system pool and an autoscaled workload pool.
 */
export class AwsKubernetes extends Construct {
  public readonly cluster: EksCluster;
  public readonly nodeGroups: EksNodeGroup[];
  private readonly podSource: { account: string; clusterArn: string };

  constructor(scope: Construct, id: string, props: AwsKubernetesProps) {
    super(scope, id);
    const release = eksRelease(props.version, this.node.path);
    const addons = release.addons;
    const clusterRole = new AwsRole(this, "cluster-role", {
      name: `${props.rolePrefix}-cluster`,
      logicalId: "cluster_role",
      trust: serviceTrust("eks.amazonaws.com"),
      managedPolicies: ["AmazonEKSClusterPolicy"],
    });
    const key = new KmsKey(this, "secrets-key", { description: `Kubernetes secrets of ${props.name}`, enableKeyRotation: true, deletionWindowInDays: 30 });
    key.overrideLogicalId("secrets_key");

    // EKS would create this group itself, kept forever; made first, it expires (audit logs are large).
    const logs = new CloudwatchLogGroup(this, "logs", { name: `/aws/eks/${props.name}/cluster`, retentionInDays: CONTROL_PLANE_LOG_DAYS });
    logs.overrideLogicalId("control_plane_logs");
    this.cluster = new EksCluster(this, "Resource", {
      name: props.name,
      version: props.version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: props.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: props.apiCidrs,
      },
      // Who may reach the API is the description's (admins, the hub's Argo CD, teams): an implicit entry for
      // whoever applied would collide (409) with an explicit one for the same role.
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      encryptionConfig: { provider: { keyArn: key.arn }, resources: ["secrets"] },
      enabledClusterLogTypes: ["api", "audit", "authenticator"],
      // At the end of standard support EKS upgrades the cluster instead of billing extended support.
      upgradePolicy: { supportType: "STANDARD" },
      dependsOn: [...clusterRole.ready, logs],
      // The bootstrap setting forces a new cluster: a cluster made when it was on keeps it (as terraform-aws-eks does).
      lifecycle: { ignoreChanges: ["access_config[0].bootstrap_cluster_creator_admin_permissions"] },
    });
    this.cluster.overrideLogicalId("cluster");
    this.podSource = { account: props.account, clusterArn: this.cluster.arn };

    const addon = (name: keyof typeof addons, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}) => {
      const a = new EksAddon(this, `addon-${name}`, {
        clusterName: this.cluster.name,
        addonName: name,
        addonVersion: addons[name],
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "PRESERVE",
        ...extra,
      });
      a.overrideLogicalId(`addon_${name.replace(/-/g, "_")}`);
      return a;
    };
    // Networking before nodes: a node without the CNI never becomes Ready.
    // The VPC CNI enforces NetworkPolicies only with its network policy agent, which tenancy relies on.
    const early = [addon("vpc-cni", { configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) }), addon("kube-proxy"), addon("eks-pod-identity-agent")];

    const nodeRole = new AwsRole(this, "node-role", {
      name: `${props.rolePrefix}-nodes`,
      logicalId: "node_role",
      trust: serviceTrust("ec2.amazonaws.com"),
      managedPolicies: ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"],
    });
    const pool = (name: "system" | "workload", size: NodeSize, scaling: { min: number; max: number; desired: number }) => {
      const template = new LaunchTemplate(this, `${name}-template`, {
        name: `${props.name}-${name}`,
        // IMDSv2 only, one hop: pods (behind the node's network namespace) cannot take the node's role;
        // the node's own agents run on the host network, the controllers use Pod Identity.
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        // Node group tags never reach the instances: the launch template tags what the budget must see.
        tagSpecifications: TAGGED_BY_TEMPLATE.map((resourceType) => ({ resourceType, tags: { ...props.tags } })),
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
        updateDefaultVersion: true,
      });
      template.overrideLogicalId(`${name}_template`);
      const g = new EksNodeGroup(this, `${name}-nodes`, {
        clusterName: this.cluster.name,
        nodeGroupName: name,
        nodeRoleArn: nodeRole.arn,
        subnetIds: props.privateSubnetIds,
        instanceTypes: [INSTANCE_TYPES[size]],
        // The cluster's minor and its pinned AMI release: without them Terraform never upgrades or patches a node.
        version: props.version,
        amiType: NODE_AMI_TYPE,
        releaseVersion: release.nodeAmi,
        launchTemplate: { id: template.id, version: template.latestVersion.toString() },
        labels: { "basecamp.dev/pool": name },
        scalingConfig: { desiredSize: scaling.desired, minSize: scaling.min, maxSize: scaling.max },
        updateConfig: { maxUnavailable: 1 },
        // The cluster autoscaler owns the desired size once the group exists.
        lifecycle: name === "workload" ? { ignoreChanges: ["scaling_config[0].desired_size"] } : undefined,
        dependsOn: [...nodeRole.ready, ...early],
      });
      g.overrideLogicalId(`${name}_nodes`);
      return g;
    };
    this.nodeGroups = [
      pool("system", props.system.size, { min: props.system.count, max: props.system.count, desired: props.system.count }),
      pool("workload", props.workload.size, { min: props.workload.min, max: props.workload.max, desired: props.workload.min }),
    ];

    // CoreDNS and the EBS CSI driver run as pods: they need nodes.
    addon("coredns", { dependsOn: this.nodeGroups });
    const ebsRole = new AwsRole(this, "ebs-csi-role", {
      name: `${props.rolePrefix}-ebs-csi`,
      logicalId: "ebs_csi_role",
      trust: podIdentityTrust(this.podSource),
      managedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"],
    });
    addon("aws-ebs-csi-driver", {
      // Volumes carry the cost tags whatever class made them; basecamp renders the default class (gp3, encrypted).
      configurationValues: JSON.stringify({ controller: { extraVolumeTags: { ...props.tags } } }),
      podIdentityAssociation: [{ roleArn: ebsRole.arn, serviceAccount: "ebs-csi-controller-sa" }],
      dependsOn: [...this.nodeGroups, ...ebsRole.ready],
    });

    (props.admins ?? []).forEach((principal, i) => {
      const entry = new EksAccessEntry(this, `admin-${i}`, { clusterName: this.cluster.name, principalArn: principal, type: "STANDARD" });
      entry.overrideLogicalId(`admin_${i}`);
      const assoc = new EksAccessPolicyAssociation(this, `admin-${i}-policy`, {
        clusterName: this.cluster.name,
        principalArn: principal,
        policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        accessScope: { type: "cluster" },
        dependsOn: [entry],
      });
      assoc.overrideLogicalId(`admin_${i}_policy`);
    });
    this.teamEntries(props.groups ?? []);
  }

  /**
   * A team's IAM role becomes its Kubernetes group, with no EKS policy of its
   * own: the team's RoleBindings (tenancy) say what the group may do.
   */
  private teamEntries(groups: readonly { principal: string; group: string }[]): void {
    groups.forEach((g, i) => {
      const entry = new EksAccessEntry(this, `team-${i}`, { clusterName: this.cluster.name, principalArn: g.principal, type: "STANDARD", kubernetesGroups: [g.group] });
      entry.overrideLogicalId(`team_${i}`);
    });
  }

  get caData(): string {
    return this.cluster.certificateAuthority.get(0).data;
  }

  get oidcIssuer(): string {
    return this.cluster.identity.get(0).oidc.get(0).issuer;
  }

  /** A role for a service account of this cluster (Pod Identity). */
  podRole(id: string, props: { name: string; namespace: string; serviceAccount: string; managedPolicies?: string[]; statements?: PolicyStatement[] }): AwsRole {
    const logicalId = id.replace(/-/g, "_");
    const role = new AwsRole(this, id, { name: props.name, logicalId, trust: podIdentityTrust(this.podSource), managedPolicies: props.managedPolicies, statements: props.statements });
    podIdentity(this, logicalId, this.cluster.name, props.namespace, props.serviceAccount, role);
    return role;
  }
}
