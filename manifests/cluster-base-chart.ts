import { ApiObject, type App } from "cdk8s";
import { namespaceInBase, type AddOn } from "../constructs/argocd/add-on";
import { EXTERNAL_SECRETS_SA } from "../constructs/addons/external-secrets";
import { ARGOCD_NAMESPACE } from "../constructs/argocd/types";
import { TRAITS } from "../constructs/cluster/traits";
import { fitName } from "../constructs/cluster/names";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { clusterSecretStore } from "../constructs/k8s/secret-store";
import { ebsStorageClass } from "../constructs/k8s/storage-class";
import { MONITORING, OTEL } from "../constructs/observability/signals";
import { clusterBaseDir } from "../lib/layout";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import { podSecurityLabels } from "./delivery";
import { commonLabels } from "./labels";

/**
 * What the add-ons of one cluster wait for as they start, synced after
 * External Secrets and before them: their namespaces, the store of the
 * cluster's secret backend (with, on Proxmox, Vault's right to review its
 * tokens), and the default StorageClass where the provider has none. The
 * Secrets the add-ons read come here too, from the capabilities that own
 * them. A namespace here is the platform team's (cost and alerts group by
 * it) and is never pruned: like the add-on's workloads when basecamp drops
 * it, it stays until removed by hand (a confirmed prune would hold the
 * cluster's later rollout steps until someone confirmed it).
 * The store syncs first (wave -1): the ExternalSecrets wait for it to be valid.
 */
export class ClusterBaseChart extends RenderedChart {
  constructor(scope: App, p: Resolved, cluster: ResolvedCluster, addOns: readonly AddOn[]) {
    super(scope, `${cluster.name}--base`, clusterBaseDir(cluster.name), cluster.name, { ...commonLabels(p), "basecamp.dev/cluster": cluster.name });
    describedBy(this, `clusters[${cluster.index}]`);
    const spec = cluster.spec;
    const labels = { ...commonLabels(p), "basecamp.dev/cluster": cluster.name };
    const traits = TRAITS[cluster.provider];
    if (traits.rendersStorageClass) ebsStorageClass(this, "storage-class", { name: traits.storageClass, tags: cluster.tags, labels });

    for (const a of addOns.filter(namespaceInBase)) {
      new ApiObject(this, `namespace-${a.name}`, {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: a.namespace, labels: { ...labels, "basecamp.dev/team": p.platform.platform.owner, ...podSecurityLabels(a.podSecurity) }, annotations: { "argocd.argoproj.io/sync-options": "Prune=false,Delete=false" } },
      });
    }

    const vaultName = spec.provider === "azure" ? fitName(`kv-${p.name}-${spec.name}`, 24) : undefined;
    // Database credentials in the teams' namespaces; the ingest token and alerting credentials in the signals' own.
    const consumers = [...new Set(cluster.apps.filter((a) => a.spec.database).map((a) => a.namespace))];
    // A pull-mode cluster reads a private repository with credentials its own backend keeps; the hub's Argo CD its SSO secret.
    const argocd = (cluster.delivery === "pull" && p.platform.platform.gitops.private) || (cluster.isHub && p.platform.platform.gitops.sso !== undefined);
    const store = clusterSecretStore(this, "secret-store", { cluster: spec, vaultName, namespaces: [...consumers, MONITORING, OTEL, ...(argocd ? [ARGOCD_NAMESPACE] : [])] });
    store.metadata.addAnnotation("argocd.argoproj.io/sync-wave", "-1");
    if (spec.provider === "proxmox") {
      // Vault reviews External Secrets' login with its own token (VaultKubernetesAuth): it must be allowed to.
      new ApiObject(this, "vault-token-review", {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "external-secrets-vault-token-review", labels, annotations: { "argocd.argoproj.io/sync-wave": "-2" } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
        subjects: [{ kind: "ServiceAccount", name: EXTERNAL_SECRETS_SA, namespace: "external-secrets" }],
      });
    }
  }
}
