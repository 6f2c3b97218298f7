import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import { CLUSTER_STORE } from "../k8s/secret-store";
import { ARGOCD_NAMESPACE } from "./types";

/** The Secret Argo CD reads the platform repository's credentials from. */
export const REPOSITORY_SECRET = "repo-platform";

export interface RepositoryCredentialsProps {
  readonly repoURL: string;
  /** The key in the cluster's secret backend (properties username and password). */
  readonly key: string;
  readonly labels: Record<string, string>;
}

/**
 * A private platform repository on a pull-mode cluster: External Secrets
 * keeps Argo CD's repository Secret current from the cluster's backend. Argo
 * CD needs it before it can read the repository, where External Secrets
 * itself comes from: the operator creates it once at first boot
 * (runbooks/bootstrap-hub.md), and this takes it over (Merge) from then on.
 */
export function repositoryCredentials(scope: Construct, id: string, props: RepositoryCredentialsProps): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name: REPOSITORY_SECRET, namespace: ARGOCD_NAMESPACE, labels: props.labels },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { kind: "ClusterSecretStore", name: CLUSTER_STORE },
      target: {
        name: REPOSITORY_SECRET,
        creationPolicy: "Merge",
        template: {
          mergePolicy: "Merge",
          metadata: { labels: { "argocd.argoproj.io/secret-type": "repository" } },
          data: { type: "git", url: props.repoURL, username: "{{ .username }}", password: "{{ .password }}" },
        },
      },
      data: ["username", "password"].map((k) => ({ secretKey: k, remoteRef: { key: props.key, property: k } })),
    },
  });
}

/**
 * The hub's Argo CD SSO client secret, kept by External Secrets from the
 * hub's backend (key: `key`, property client-secret). Argo CD reads a
 * $<secret>:<key> reference only from Secrets labelled as its own.
 */
export function oidcClientSecret(scope: Construct, id: string, props: { readonly name: string; readonly key: string; readonly labels: Record<string, string> }): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name: props.name, namespace: ARGOCD_NAMESPACE, labels: props.labels },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { kind: "ClusterSecretStore", name: CLUSTER_STORE },
      target: { name: props.name, creationPolicy: "Owner", template: { metadata: { labels: { "app.kubernetes.io/part-of": "argocd" } } } },
      data: [{ secretKey: "client-secret", remoteRef: { key: props.key, property: "client-secret" } }],
    },
  });
}
