import { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import type { TerraformProvider } from "cdktf";
import { controllerRoleName, platformProviderOf } from "./aws-kit";
import { AwsRole, clusterRecordNames, dnsStatements, webIdentityTrust, type PolicyStatement } from "./aws-role";
import { Fn } from "cdktf";

export interface AwsFederatedRoleProps {
  /** The issuer URL of the other cloud's cluster (public, with its discovery document). */
  readonly issuer: string;
  readonly roleName: string;
  /** Service accounts that may assume it, as system:serviceaccount:<namespace>:<name>. */
  readonly subjects: readonly string[];
  readonly statements: readonly PolicyStatement[];
  /** The platform account's provider. */
  readonly provider: TerraformProvider;
}

/**
 * An IAM role that service accounts of a GKE or AKS cluster assume with their
 * projected tokens (web identity federation): how their ExternalDNS and
 * cert-manager change their own records in the platform's Route 53 zone.
 */
export class AwsFederatedRole extends Construct {
  public readonly role: AwsRole;

  constructor(scope: Construct, id: string, props: AwsFederatedRoleProps) {
    super(scope, id);
    const oidc = new IamOpenidConnectProvider(this, "issuer", { url: props.issuer, clientIdList: ["sts.amazonaws.com"], provider: props.provider });
    oidc.overrideLogicalId("aws_oidc_issuer");
    this.role = new AwsRole(this, "Resource", {
      name: props.roleName,
      logicalId: "aws_dns_role",
      // IAM's condition keys are the issuer without its scheme; the provider's `url` happens to drop it today,
      // a change in that (hashicorp/terraform-provider-aws#46240) would make the policy malformed.
      trust: webIdentityTrust(oidc.arn, Fn.replace(oidc.url, "https://", ""), props.subjects),
      statements: props.statements,
      provider: props.provider,
    });
  }
}

/**
 * The Route 53 role of a GKE or AKS cluster's ExternalDNS and cert-manager:
 * trusted through the cluster's issuer, limited to the cluster's own records.
 */
export function dnsRole(scope: Construct, cluster: string, issuer: string, ctx: { platform: string; domain: string; entryFqdn: string }): AwsFederatedRole {
  return new AwsFederatedRole(scope, "dns-role", {
    issuer,
    roleName: controllerRoleName(ctx.platform, cluster, "dns"),
    subjects: ["system:serviceaccount:external-dns:external-dns", "system:serviceaccount:cert-manager:cert-manager"],
    statements: dnsStatements(clusterRecordNames(`${cluster}.${ctx.domain}`, ctx.entryFqdn)),
    provider: platformProviderOf(scope),
  });
}
