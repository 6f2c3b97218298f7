import { ARGO_API_VERSION, type ArgoDestination, type ArgoSource } from "./types";

export interface ApplicationProps {
  readonly name: string;
  readonly namespace: string;
  readonly project: string;
  readonly source: ArgoSource;
  readonly destination: ArgoDestination;
  /** Argo CD applies lower waves first. @default 0 */
  readonly syncWave?: number;
}

/** An Argo CD Application spec as plain data, shared by Applications and ApplicationSet templates. */
export function applicationSpec(props: Omit<ApplicationProps, "name" | "namespace" | "syncWave">) {
  return {
    project: props.project,
    source: {
      repoURL: props.source.repoURL,
      targetRevision: props.source.targetRevision,
      path: props.source.path,
      // Only the folder itself: nested folders belong to other Applications.
      directory: { recurse: false },
    },
    destination: { name: props.destination.name, namespace: props.destination.namespace },
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ["ServerSideApply=true", "PruneLast=true"],
      retry: { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } },
    },
  };
}

/** An Argo CD Application as plain data. */
export function application(props: ApplicationProps) {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: "Application",
    metadata: {
      name: props.name,
      namespace: props.namespace,
      annotations: { "argocd.argoproj.io/sync-wave": String(props.syncWave ?? 0) },
      // Deleting the Application deletes what it deployed, not only itself.
      finalizers: ["resources-finalizer.argocd.argoproj.io"],
    },
    spec: applicationSpec(props),
  };
}
