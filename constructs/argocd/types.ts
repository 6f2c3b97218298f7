/** The slice of Argo CD's types that basecamp writes. */
export interface ArgoSource {
  readonly repoURL: string;
  readonly targetRevision: string;
  readonly path: string;
}

export interface ArgoDestination {
  /** A cluster name registered in Argo CD (in-cluster for the hub). */
  readonly name: string;
  readonly namespace: string;
}

export const ARGO_API_VERSION = "argoproj.io/v1alpha1";
