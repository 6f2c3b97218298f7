import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import type { Cluster } from "../../lib/model/schema";
import { EXTERNAL_SECRETS_SA } from "../addons/external-secrets";
import { VAULT_AUDIENCE, vaultAuthMount } from "../proxmox/vault-kubernetes-auth";

/** The store every ExternalSecret of a cluster reads: its own secret backend. */
export const CLUSTER_STORE = "cluster-secrets";

export interface SecretStoreProps {
  readonly cluster: Cluster;
  /** The Key Vault's name, on Azure. */
  readonly vaultName?: string;
  /** Namespaces whose ExternalSecrets may use it (the platform renders them all). */
  readonly namespaces: readonly string[];
}

/**
 * A ClusterSecretStore for the cluster's secret backend, authenticated by
 * the cloud's workload identity: Pod Identity (EKS), Workload Identity (GKE),
 * Entra workload identity (AKS), Vault's Kubernetes auth (Proxmox). Only the
 * listed namespaces may use it.
 */
export function clusterSecretStore(scope: Construct, id: string, props: SecretStoreProps): ApiObject {
  const c = props.cluster;
  const sa = { name: EXTERNAL_SECRETS_SA, namespace: "external-secrets" };
  const provider =
    c.provider === "aws" ? { aws: { service: "SecretsManager", region: c.region } }
    : c.provider === "gcp" ? { gcpsm: { projectID: c.project } }
    : c.provider === "azure" ? { azurekv: { vaultUrl: `https://${props.vaultName}.vault.azure.net`, authType: "WorkloadIdentity", serviceAccountRef: sa } }
    : {
        vault: {
          server: c.secrets.vault.server,
          path: c.secrets.vault.path,
          version: "v2",
          // A Vault behind a private CA: the PEM from the description (ESO takes it base64-encoded).
          ...(c.secrets.vault.ca ? { caBundle: Buffer.from(c.secrets.vault.ca).toString("base64") } : {}),
          auth: { kubernetes: { mountPath: vaultAuthMount(c.name), role: c.secrets.vault.role, serviceAccountRef: { ...sa, audiences: [VAULT_AUDIENCE] } } },
        },
      };
  return new ApiObject(scope, id, {
    apiVersion: "external-secrets.io/v1",
    kind: "ClusterSecretStore",
    metadata: { name: CLUSTER_STORE },
    spec: { provider, conditions: [{ namespaces: [...props.namespaces].sort() }] },
  });
}

/** An ExternalSecret of named keys (and properties) from a store, owning its Secret, which outlives it. */
export const externalSecret = (
  name: string,
  namespace: string,
  store: { kind: string; name: string },
  data: { secretKey: string; key: string; property?: string }[],
  labels: Record<string, string>,
  annotations?: Record<string, string>,
) => ({
  apiVersion: "external-secrets.io/v1",
  kind: "ExternalSecret",
  metadata: { name, namespace, labels },
  spec: {
    refreshInterval: "1h",
    secretStoreRef: store,
    // Annotations are templated from the data (ESO's v2 templates), the data itself kept as is.
    target: { name, creationPolicy: "Owner", deletionPolicy: "Retain", ...(annotations ? { template: { metadata: { annotations } } } : {}) },
    data: data.map((d) => ({ secretKey: d.secretKey, remoteRef: { key: d.key, ...(d.property ? { property: d.property } : {}) } })),
  },
});
