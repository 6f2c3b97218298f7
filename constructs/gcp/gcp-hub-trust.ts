import { Construct } from "constructs";
import { IamWorkloadIdentityPool } from "@cdktf/provider-google/lib/iam-workload-identity-pool";
import { IamWorkloadIdentityPoolProvider } from "@cdktf/provider-google/lib/iam-workload-identity-pool-provider";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { Fn, TerraformStack } from "cdktf";
import { clusterRoleBinding, kubernetesProvider } from "../bindings/kubernetes";

/** An IAM condition that limits a GKE role to one cluster: listing is checked on the project, the rest on that cluster. */
export function onlyCluster(name: string, location: string) {
  return {
    title: `only-${name}`,
    description: `GKE cluster ${name} only`,
    expression: `resource.type != "container.googleapis.com/Cluster" || resource.name.endsWith("/locations/${location}/clusters/${name}")`,
  };
}

/** The audience of the hub's projected tokens for Google: fixed, so the hub's values need no project number. */
export const HUB_TOKEN_AUDIENCE = "basecamp-hub";
/** Where the hub's Argo CD finds its token for Google (a projected volume in its values). */
export const HUB_TOKEN_PATH = "/var/run/secrets/basecamp/gcp/token";

export interface GcpHubTrustProps {
  readonly project: string;
  /** 4-32 characters, unique in the project for 30 days after a deletion. */
  readonly poolId: string;
  /** The hub's OIDC issuer URL. */
  readonly hubIssuer: string;
  /** Service accounts of the hub that act for it, as system:serviceaccount:<ns>:<name>. */
  readonly subjects: readonly string[];
  readonly accountId: string;
  /** The one GKE cluster the hub may reach: its name and region, and its API and CA (references). */
  readonly cluster: { readonly name: string; readonly location: string; readonly endpoint: string; readonly caCertificate: string };
}

/**
 * Workload Identity Federation for the hub: its Argo CD, on another cloud,
 * exchanges its service account token for this project's `argocd-hub`
 * account. That account may only see the one cluster in IAM (Cluster
 * Viewer, which lets it authenticate, under a condition naming the
 * cluster); its power is Kubernetes RBAC inside that cluster, bound here
 * with the applier's own token. The credential configuration it needs is
 * part of the cluster's registration; nothing in it is secret.
 */
export class GcpHubTrust extends Construct {
  public readonly credentialConfig: string;

  constructor(scope: Construct, id: string, props: GcpHubTrustProps) {
    super(scope, id);
    const pool = new IamWorkloadIdentityPool(this, "pool", { workloadIdentityPoolId: props.poolId, displayName: "basecamp hub" });
    pool.overrideLogicalId("hub_pool");
    const provider = new IamWorkloadIdentityPoolProvider(this, "provider", {
      workloadIdentityPoolId: pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: "hub",
      oidc: { issuerUri: props.hubIssuer, allowedAudiences: [HUB_TOKEN_AUDIENCE] },
      attributeMapping: { "google.subject": "assertion.sub" },
      attributeCondition: props.subjects.map((s) => `assertion.sub == "${s}"`).join(" || "),
    });
    provider.overrideLogicalId("hub_provider");
    const account = new ServiceAccount(this, "account", { accountId: props.accountId, displayName: "The hub's Argo CD" });
    account.overrideLogicalId("hub_account");
    const viewer = new ProjectIamMember(this, "account-role", {
      project: props.project,
      role: "roles/container.clusterViewer",
      member: account.member,
      condition: onlyCluster(props.cluster.name, props.cluster.location),
    });
    viewer.overrideLogicalId("hub_account_role");
    // Argo CD installs CRDs, namespaces and add-ons: cluster-admin, in this cluster only.
    const client = new DataGoogleClientConfig(this, "client");
    client.overrideLogicalId("applier");
    kubernetesProvider(TerraformStack.of(this), "kubernetes-provider", {
      host: props.cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(props.cluster.caCertificate),
      token: client.accessToken,
    });
    const binding = clusterRoleBinding(this, "account-binding", { name: "basecamp-hub-argocd", clusterRole: "cluster-admin", subject: { kind: "User", name: account.email } });
    binding.overrideLogicalId("hub_account_binding");
    props.subjects.forEach((subject, i) => {
      const b = new ServiceAccountIamMember(this, `impersonation-${i}`, {
        serviceAccountId: account.name,
        role: "roles/iam.workloadIdentityUser",
        member: `principal://iam.googleapis.com/${pool.name}/subject/${subject}`,
      });
      b.overrideLogicalId(`hub_impersonation_${i}`);
    });
    this.credentialConfig = Fn.jsonencode({
      type: "external_account",
      audience: Fn.format("//iam.googleapis.com/%s", [provider.name]),
      subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      token_url: "https://sts.googleapis.com/v1/token",
      service_account_impersonation_url: Fn.format("https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/%s:generateAccessToken", [account.email]),
      credential_source: { file: HUB_TOKEN_PATH },
    });
  }
}
