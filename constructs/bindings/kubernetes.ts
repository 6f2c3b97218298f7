import type { Construct } from "constructs";
import type * as cdktf from "cdktf";
import { PlainProvider, PlainResource } from "./plain-resource";

/** The hashicorp/kubernetes release this binding is written against. */
// renovate: datasource=terraform-provider depName=hashicorp/kubernetes
export const KUBERNETES_PROVIDER_VERSION = "2.38.0";

const METADATA: cdktf.TerraformProviderGeneratorMetadata = { providerName: "kubernetes", providerVersionConstraint: KUBERNETES_PROVIDER_VERSION };

/** The hashicorp/kubernetes provider, for a cluster the same stack creates: its API, CA and an access token, all references. */
export function kubernetesProvider(scope: Construct, id: string, p: { host: string; clusterCaCertificate: string; token: string }): PlainProvider {
  return new PlainProvider(scope, id, "hashicorp/kubernetes", METADATA, { host: p.host, cluster_ca_certificate: p.clusterCaCertificate, token: p.token });
}

/** kubernetes_cluster_role_binding_v1: one ClusterRole bound to one subject. */
export function clusterRoleBinding(scope: Construct, id: string, p: { name: string; clusterRole: string; subject: { kind: "User" | "Group"; name: string } }, meta: cdktf.TerraformMetaArguments = {}): PlainResource {
  return new PlainResource(
    scope,
    id,
    "kubernetes_cluster_role_binding_v1",
    METADATA,
    {
      metadata: [{ name: p.name, labels: { "app.kubernetes.io/managed-by": "basecamp" } }],
      role_ref: [{ api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: p.clusterRole }],
      subject: [{ kind: p.subject.kind, name: p.subject.name, api_group: "rbac.authorization.k8s.io" }],
    },
    meta,
  );
}
