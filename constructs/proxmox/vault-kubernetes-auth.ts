import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { httpGet } from "../bindings/http";
import { PlainResource } from "../bindings/plain-resource";
import { VAULT_METADATA } from "../bindings/vault-kv-secret";
import { vaultPath } from "../cluster/secret-keys";
import { K3S_ISSUER } from "./k3s-images";

/**
 * The audience External Secrets asks its service account token for, and the
 * Vault role requires: the cluster's own issuer. Vault reviews each login
 * with the caller's token (TokenReview), which the API server accepts only
 * for its own audiences, so a token for "vault" would be refused.
 */
export const VAULT_AUDIENCE = K3S_ISSUER;

export interface VaultKubernetesAuthProps {
  readonly cluster: string;
  /** The KV v2 mount of the cluster's secrets. */
  readonly mount: string;
  /** The Vault role External Secrets logs in as. */
  readonly role: string;
  /** The cluster's API, which Vault asks to review tokens. */
  readonly apiServer: string;
  /** The service account that logs in: External Secrets'. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
  /** The name of the policy. */
  readonly policy: string;
  /** What must run before the cluster's CA can be read (its servers). */
  readonly servers: readonly ITerraformDependable[];
}

/** The Kubernetes auth mount of a cluster in Vault: one per cluster, so two clusters never share a config. */
export function vaultAuthMount(cluster: string): string {
  return `kubernetes-${cluster}`;
}

/**
 * The Vault side the homelab's External Secrets relies on: a Kubernetes
 * auth mount for the cluster (its API and its CA, which K3s serves at
 * /cacerts once a server is up), a role bound to External Secrets' service
 * account and audience, and a policy that reads the cluster's secrets and
 * writes what its PushSecrets write (both under <mount>/<cluster>/).
 * Vault reviews each login with the caller's own token, so that account is
 * system:auth-delegator in the cluster (the platform folder binds it).
 */
export class VaultKubernetesAuth extends Construct {
  constructor(scope: Construct, id: string, props: VaultKubernetesAuthProps) {
    super(scope, id);
    const path = vaultAuthMount(props.cluster);
    const backend = new PlainResource(this, "backend", "vault_auth_backend", VAULT_METADATA, { type: "kubernetes", path, description: `Kubernetes auth of ${props.cluster}, managed by basecamp` });
    backend.overrideLogicalId("kubernetes_auth");
    const ca = httpGet(this, "ca", { url: `${props.apiServer}/cacerts`, insecure: true, attempts: 90, delaySeconds: 10 }, { dependsOn: [...props.servers] });
    ca.overrideLogicalId("k3s_ca");
    const config = new PlainResource(this, "config", "vault_kubernetes_auth_backend_config", VAULT_METADATA, {
      backend: backend.getStringAttribute("path"),
      kubernetes_host: props.apiServer,
      kubernetes_ca_cert: ca.getStringAttribute("response_body"),
      // Vault runs outside the cluster: it reviews each login with the caller's own token.
      disable_local_ca_jwt: true,
    });
    config.overrideLogicalId("kubernetes_auth_config");
    const data = `${props.mount}/data/${vaultPath(props.cluster, "*")}`;
    const metadata = `${props.mount}/metadata/${vaultPath(props.cluster, "*")}`;
    const policy = new PlainResource(this, "policy", "vault_policy", VAULT_METADATA, {
      name: props.policy,
      policy: [`path "${data}" {\n  capabilities = ["create", "read", "update"]\n}`, `path "${metadata}" {\n  capabilities = ["create", "read", "update", "list"]\n}`].join("\n"),
    });
    policy.overrideLogicalId("external_secrets_policy");
    const role = new PlainResource(this, "role", "vault_kubernetes_auth_backend_role", VAULT_METADATA, {
      backend: backend.getStringAttribute("path"),
      role_name: props.role,
      bound_service_account_names: [props.serviceAccount.name],
      bound_service_account_namespaces: [props.serviceAccount.namespace],
      audience: VAULT_AUDIENCE,
      token_policies: [policy.getStringAttribute("name")],
      token_ttl: 3600,
    }, { dependsOn: [config] });
    role.overrideLogicalId("external_secrets_role");
  }
}
