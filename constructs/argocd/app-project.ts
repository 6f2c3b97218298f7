import { ARGO_API_VERSION, type ArgoDestination } from "./types";

export interface AppProjectProps {
  readonly name: string;
  readonly namespace: string;
  readonly description: string;
  readonly sourceRepos: string[];
  readonly destinations: ArgoDestination[];
  /** Cluster-scoped kinds the project may manage. @default none */
  readonly clusterResources?: { group: string; kind: string }[];
  /** Namespaced kinds the project may not manage. @default none */
  readonly deniedNamespaceResources?: { group: string; kind: string }[];
  /** Roles of the project, each for the SSO groups it names. @default none */
  readonly roles?: { name: string; description: string; groups: string[]; policies: string[] }[];
  readonly syncWave?: number;
}

/** An AppProject as plain data: never the default project, which allows anything. */
export function appProject(props: AppProjectProps) {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: "AppProject",
    metadata: {
      name: props.name,
      namespace: props.namespace,
      annotations: { "argocd.argoproj.io/sync-wave": String(props.syncWave ?? -10) },
    },
    spec: {
      description: props.description,
      sourceRepos: props.sourceRepos,
      destinations: props.destinations,
      clusterResourceWhitelist: props.clusterResources ?? [],
      namespaceResourceBlacklist: props.deniedNamespaceResources ?? [],
      ...(props.roles ? { roles: props.roles } : {}),
    },
  };
}
