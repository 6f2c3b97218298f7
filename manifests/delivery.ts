import type { AddOn } from "../constructs/argocd/add-on";
import { namespaceInBase, valuesFile } from "../constructs/argocd/add-on";
import type { ApplicationSpecProps } from "../constructs/argocd/application";
import type { ClusterGenerator } from "../constructs/argocd/application-set";
import type { ArgoDestination, ArgoSource } from "../constructs/argocd/types";
import { LABEL } from "../constructs/cluster/registration";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import type { Provider } from "../lib/model/schema";

/** How Argo CD reaches a cluster: by its registered name from the hub, or in-cluster from its own Argo CD. */
export function destination(cluster: ResolvedCluster | string, namespace: string): ArgoDestination {
  return typeof cluster === "string" || cluster.delivery === "push"
    ? { name: typeof cluster === "string" ? cluster : cluster.name, namespace }
    : { server: "https://kubernetes.default.svc", namespace };
}

/** A folder of the rendered branch, as an Argo CD source (a template where path holds {{...}}). */
export function folder(p: Resolved, path: string): ArgoSource {
  const { repoURL, branch } = p.platform.platform.gitops;
  return { repoURL, targetRevision: branch, path };
}

/** Pod Security labels of a namespace at `level` (with restricted warnings and audit). */
export function podSecurityLabels(level: string): Record<string, string> {
  return { "pod-security.kubernetes.io/enforce": level, "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted" };
}

/** The sources and namespace handling of an add-on on `cluster` (a template, {{.name}}, in an ApplicationSet). */
export function addOnSpec(p: Resolved, a: AddOn, cluster: string, registration: boolean): Omit<ApplicationSpecProps, "project" | "destination"> {
  const { repoURL, branch } = p.platform.platform.gitops;
  const helm = {
    releaseName: a.name,
    valueFiles: [`$values/${valuesFile(cluster, a.name)}`],
    ...(registration ? { values: "{{.values.registration}}" } : {}),
  };
  const chart: ArgoSource = a.chart ? { repoURL: a.repoURL, chart: a.chart, targetRevision: a.version, helm } : { repoURL: a.repoURL, targetRevision: a.version, path: ".", helm };
  return {
    sources: a.folders
      ? a.folders.map((f) => ({ repoURL: a.repoURL, targetRevision: a.version, path: f.path, ...(f.kind === "kustomize" ? { kustomize: f.images ? { images: [...f.images] } : {} } : {}) }))
      : [chart, { repoURL, targetRevision: branch, ref: "values" }],
    serverSideApply: a.serverSideApply,
    // kube-* namespaces exist already and are not ours to label; the base folder makes those of add-ons after it.
    createNamespace: a.namespace.startsWith("kube-") || namespaceInBase(a) ? undefined : { labels: podSecurityLabels(a.podSecurity) },
  };
}

/**
 * The cluster generators of an add-on: one for every enabled cluster, or one
 * per provider where values come from the registration (per cloud).
 */
export function addOnGenerators(a: AddOn, label: string, providers: readonly Provider[]): ClusterGenerator[] {
  if (!a.registrationValues) return [{ matchLabels: { [label]: "true" } }];
  return providers.map((provider) => ({ matchLabels: { [label]: "true", [LABEL.provider]: provider }, values: { registration: a.registrationValues?.[provider] ?? "{}\n" } }));
}
