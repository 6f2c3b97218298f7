import type { Resolved, ResolvedCluster } from "../../lib/model/resolve";
import { controllerRoleName } from "../aws/aws-kit";

const TOKEN_DIR = "/var/run/secrets/basecamp/aws";

/**
 * How a controller on GKE or AKS reaches the platform's Route 53: the AWS SDK
 * exchanges a projected service account token (audience sts.amazonaws.com)
 * for the cluster's DNS role, which trusts the cluster's issuer. The role's
 * ARN is known before apply. On EKS, Pod Identity needs none of this.
 */
export function awsWebIdentity(cluster: ResolvedCluster, p: Resolved): { env: { name: string; value: string }[]; volume: object; mount: object } | undefined {
  if (cluster.provider !== "gcp" && cluster.provider !== "azure") return undefined;
  const role = `arn:aws:iam::${p.platform.platform.awsAccount}:role/${controllerRoleName(p.name, cluster.name, "dns")}`;
  return {
    env: [
      { name: "AWS_ROLE_ARN", value: role },
      { name: "AWS_WEB_IDENTITY_TOKEN_FILE", value: `${TOKEN_DIR}/token` },
      { name: "AWS_REGION", value: "us-east-1" },
    ],
    volume: { name: "aws-token", projected: { sources: [{ serviceAccountToken: { audience: "sts.amazonaws.com", expirationSeconds: 3600, path: "token" } }] } },
    mount: { name: "aws-token", mountPath: TOKEN_DIR, readOnly: true },
  };
}
