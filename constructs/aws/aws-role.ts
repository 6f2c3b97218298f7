import { Construct } from "constructs";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { ITerraformDependable, TerraformProvider } from "cdktf";

export interface PolicyStatement {
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface AwsRoleProps {
  /** The IAM role name (at most 64 characters). */
  readonly name: string;
  /** Who may assume it. */
  readonly trust: object;
  /** AWS managed policies by name, such as AmazonEKSClusterPolicy. @default none */
  readonly managedPolicies?: readonly string[];
  /** An inline policy of the role's own. @default none */
  readonly statements?: readonly PolicyStatement[];
  /** Terraform logical id prefix of the role and its attachments. */
  readonly logicalId: string;
  /** @default the stack's default aws provider */
  readonly provider?: TerraformProvider;
}

/** An IAM role with its managed and inline policies. */
export class AwsRole extends Construct {
  public readonly role: IamRole;
  /** The role and its policies: depend on these before using the role. */
  public readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AwsRoleProps) {
    super(scope, id);
    if (props.name.length > 64) throw new Error(`[${this.node.path}] 'name' (${props.name}) is longer than IAM's 64 characters`);
    this.role = new IamRole(this, "Resource", { name: props.name, assumeRolePolicy: JSON.stringify(props.trust), provider: props.provider });
    this.role.overrideLogicalId(props.logicalId);
    this.ready = [this.role];
    for (const policy of props.managedPolicies ?? []) {
      const a = new IamRolePolicyAttachment(this, policy, { role: this.role.name, policyArn: `arn:aws:iam::aws:policy/${policy}`, provider: props.provider });
      a.overrideLogicalId(`${props.logicalId}_${policy.replace(/^.*\//, "").toLowerCase()}`);
      this.ready.push(a);
    }
    if (props.statements && props.statements.length > 0) {
      const p = new IamRolePolicy(this, "policy", {
        name: "basecamp",
        role: this.role.name,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: props.statements }),
        provider: props.provider,
      });
      p.overrideLogicalId(`${props.logicalId}_policy`);
      this.ready.push(p);
    }
  }

  get arn(): string {
    return this.role.arn;
  }
}

/** Trust of an AWS service, such as eks.amazonaws.com. */
export function serviceTrust(service: string): object {
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] };
}

/**
 * Trust of EKS Pod Identity for one cluster: the association below names the
 * service account; the conditions keep any other account's or cluster's Pod
 * Identity agent from assuming the role (confused deputy).
 */
export function podIdentityTrust(source: { readonly account: string; readonly clusterArn: string }): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        // The session tags Pod Identity sets on every assumption (EKS user guide, pod-id-abac).
        Condition: { StringEquals: { "aws:SourceAccount": source.account, "aws:RequestTag/eks-cluster-arn": source.clusterArn } },
      },
    ],
  };
}

/**
 * Trust of a Kubernetes service account of another cloud's cluster, through
 * its OIDC issuer registered in IAM (web identity federation).
 */
export function webIdentityTrust(providerArn: string, issuerHost: string, subjects: readonly string[]): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { [`${issuerHost}:aud`]: "sts.amazonaws.com" },
          "ForAnyValue:StringEquals": { [`${issuerHost}:sub`]: [...subjects] },
        },
      },
    ],
  };
}

/** Binds a role to a service account of an EKS cluster (Pod Identity). */
export function podIdentity(scope: Construct, logicalId: string, clusterName: string, namespace: string, serviceAccount: string, role: AwsRole): EksPodIdentityAssociation {
  const a = new EksPodIdentityAssociation(scope, `${logicalId}-association`, { clusterName, namespace, serviceAccount, roleArn: role.arn, dependsOn: role.ready });
  a.overrideLogicalId(`${logicalId}_association`);
  return a;
}

/**
 * Route 53 changes limited to the records of one cluster (and the ACME
 * challenge of the entry name), in any hosted zone: no zone id is needed,
 * and nothing else in the platform zone can be touched.
 */
export function dnsStatements(recordNames: readonly string[]): PolicyStatement[] {
  return [
    {
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: "arn:aws:route53:::hostedzone/*",
      Condition: { "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [...recordNames] } },
    },
    { Effect: "Allow", Action: ["route53:GetChange"], Resource: "arn:aws:route53:::change/*" },
    { Effect: "Allow", Action: ["route53:ListHostedZones", "route53:ListHostedZonesByName", "route53:ListResourceRecordSets", "route53:ListTagsForResource"], Resource: "*" },
  ];
}

/** The record names a cluster's ExternalDNS and cert-manager may change. */
export function clusterRecordNames(zone: string, entryFqdn: string): string[] {
  return [`*.${zone}`, `_acme-challenge.${entryFqdn}`];
}
