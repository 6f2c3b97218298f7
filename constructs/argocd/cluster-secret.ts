import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import type { AuthKind } from "../cluster/registration";
import { identityAnnotation, IN_CLUSTER_SERVER } from "../cluster/registration";
import { HUB_AZURE_TOKEN, HUB_GCP_DIR } from "../addons/argo-cd";
import { ARGOCD_NAMESPACE } from "./types";

/** The store of every cluster's registration: Secrets Manager in the hub's region, read by the hub's External Secrets. */
export const REGISTRY_STORE = "hub-registry";

export interface ClusterSecretProps {
  readonly cluster: string;
  readonly auth: Exclude<AuthKind, "pull">;
  /** The registration's key in the registry. */
  readonly key: string;
  /** The Argo CD cluster Secret's labels: where the cluster is and what runs there. Rendered, so a PR shows them. */
  readonly labels: Record<string, string>;
  /** Controllers whose cloud identity ids become annotations (for add-on values). */
  readonly identities: readonly string[];
}

/**
 * Registers a cluster with the hub's Argo CD without a credential in git:
 * an ExternalSecret that turns the cluster's registration (written by its
 * Terraform stack) into an Argo CD cluster Secret. Authentication is the
 * hub's workload identity: EKS access entries (awsAuthConfig), or
 * argocd-k8s-auth with a federated token for GKE and AKS. The Secret stays
 * when its registration goes (deletionPolicy: Retain): a missing record must
 * not make the ApplicationSets forget a cluster.
 */
export function clusterSecret(scope: Construct, id: string, props: ClusterSecretProps): ApiObject {
  const name = `cluster-${props.cluster}`;
  const tls = `"tlsClientConfig":{"caData":"{{ .caData }}"}`;
  const exec = (args: string, env: string) => `"execProviderConfig":{"command":"argocd-k8s-auth","args":["${args}"],"apiVersion":"client.authentication.k8s.io/v1beta1","env":{${env}}}`;
  const config = {
    "in-cluster": `{"tlsClientConfig":{"insecure":false}}`,
    aws: `{"awsAuthConfig":{"clusterName":"{{ (.auth | fromJson).clusterName }}"},${tls}}`,
    gcp: `{${exec("gcp", `"GOOGLE_APPLICATION_CREDENTIALS":"${HUB_GCP_DIR}/${props.cluster}.json"`)},${tls}}`,
    azure: `{${exec(
      "azure",
      `"AZURE_CLIENT_ID":"{{ (.auth | fromJson).clientId }}","AZURE_TENANT_ID":"{{ (.auth | fromJson).tenantId }}","AZURE_FEDERATED_TOKEN_FILE":"${HUB_AZURE_TOKEN}","AZURE_AUTHORITY_HOST":"https://login.microsoftonline.com/"`,
    )},${tls}}`,
  }[props.auth];
  const annotations = props.identities.map((c) => `${identityAnnotation(c)}: '{{ index (.identities | fromJson) "${c}" }}'`).join("\n");
  return new ApiObject(scope, id, {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name, namespace: ARGOCD_NAMESPACE },
    spec: {
      refreshInterval: "10m",
      secretStoreRef: { kind: "ClusterSecretStore", name: REGISTRY_STORE },
      dataFrom: [{ extract: { key: props.key } }],
      target: {
        name,
        creationPolicy: "Owner",
        deletionPolicy: "Retain",
        template: {
          engineVersion: "v2",
          metadata: { labels: props.labels },
          data: { name: props.cluster, server: props.auth === "in-cluster" ? IN_CLUSTER_SERVER : "{{ .server }}", config },
          ...(annotations ? { templateFrom: [{ target: "Annotations", literal: `${annotations}\n` }] } : {}),
        },
      },
    },
  });
}

/** The GKE clusters' credential configurations (from their registrations), mounted into the hub's Argo CD. */
export function gcpCredentials(scope: Construct, id: string, props: { name: string; clusters: readonly { cluster: string; key: string }[] }): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name: props.name, namespace: ARGOCD_NAMESPACE },
    spec: {
      refreshInterval: "10m",
      secretStoreRef: { kind: "ClusterSecretStore", name: REGISTRY_STORE },
      target: { name: props.name, creationPolicy: "Owner", deletionPolicy: "Retain" },
      data: props.clusters.map((c) => ({ secretKey: `${c.cluster}.json`, remoteRef: { key: c.key, property: "auth.credentialConfig" } })),
    },
  });
}
