/** The slice of Argo CD's types that basecamp writes. */
export interface ArgoSource {
  readonly repoURL: string;
  readonly targetRevision: string;
  /** A folder of plain manifests in a git repository. */
  readonly path?: string;
  /** A Helm chart of a Helm repository. */
  readonly chart?: string;
  readonly helm?: { readonly valueFiles?: string[]; readonly valuesObject?: Record<string, unknown>; readonly releaseName?: string };
  /** Names the source for other sources' $ref/... value files. */
  readonly ref?: string;
  /** Files of a folder source to leave out, as a glob. */
  readonly directory?: { readonly exclude?: string };
  /** A folder built by its kustomization, with images set to a release. */
  readonly kustomize?: { readonly images?: readonly string[] };
}

export interface ArgoDestination {
  /** A cluster name registered in Argo CD, or `server` for the cluster Argo CD runs in. */
  readonly name?: string;
  readonly server?: string;
  readonly namespace: string;
}

export const ARGO_API_VERSION = "argoproj.io/v1alpha1";

/** Where Argo CD runs; Applications and ApplicationSets live here too. */
export const ARGOCD_NAMESPACE = "argocd";

/** The API server of the cluster Argo CD runs in. */
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

/** Objects that must outlive a prune or an Application's deletion (namespaces, databases). */
export const KEEP_ANNOTATION = { "argocd.argoproj.io/sync-options": "Prune=confirm,Delete=false" };
