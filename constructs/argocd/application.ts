import { ARGO_API_VERSION, type ArgoDestination, type ArgoSource } from "./types";

export interface ApplicationSpecProps {
  readonly project: string;
  /** One source, or several (a Helm chart and the git source of its values files). */
  readonly sources: readonly ArgoSource[];
  readonly destination: ArgoDestination;
  /** Sync on its own (self-heal, prune); off where an ApplicationSet's progressive sync drives it. @default true */
  readonly automated?: boolean;
  /** Server-side apply, for charts whose CRDs are too large for the last-applied annotation. @default false */
  readonly serverSideApply?: boolean;
  /** Extra sync options. @default none */
  readonly syncOptions?: readonly string[];
  /** Argo CD creates the destination namespace first, with these labels (Pod Security). @default - the namespace must exist */
  readonly createNamespace?: { readonly labels: Record<string, string> };
  /** Fields Argo CD neither diffs nor writes (RespectIgnoreDifferences): what a controller owns. @default none */
  readonly ignoreDifferences?: readonly { readonly group: string; readonly kind: string; readonly jsonPointers: readonly string[] }[];
}

/** An autoscaler owns its workloads' replica count: a sync keeps the live one (and, when the count leaves git, never resets it to 1). */
export const AUTOSCALED: NonNullable<ApplicationSpecProps["ignoreDifferences"]> = [
  { group: "apps", kind: "Deployment", jsonPointers: ["/spec/replicas"] },
  { group: "argoproj.io", kind: "Rollout", jsonPointers: ["/spec/replicas"] },
];

export interface ApplicationProps extends ApplicationSpecProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  /** Argo CD applies lower waves first, within the sync of the Application that holds this one. @default 0 */
  readonly syncWave?: number;
  /** Delete what it deployed when the Application is deleted. Off for Argo CD itself. @default true */
  readonly cascade?: boolean;
}

/** An Argo CD Application spec as plain data, shared by Applications and ApplicationSet templates. */
export function applicationSpec(props: ApplicationSpecProps) {
  // A plain folder reads only itself: nested folders belong to other Applications. A source carries one
  // type only (Argo CD refuses "multiple application sources defined"), so a chart or kustomization gets none.
  const sources = props.sources.map((s) => (s.path !== undefined && !s.helm && !s.chart && !s.kustomize ? { ...s, directory: { recurse: false, ...s.directory } } : s));
  return {
    project: props.project,
    ...(sources.length === 1 ? { source: sources[0] } : { sources }),
    destination: props.destination,
    ...(props.ignoreDifferences ? { ignoreDifferences: props.ignoreDifferences } : {}),
    syncPolicy: {
      ...(props.automated === false ? {} : { automated: { prune: true, selfHeal: true } }),
      ...(props.createNamespace ? { managedNamespaceMetadata: { labels: props.createNamespace.labels } } : {}),
      syncOptions: [
        ...(props.createNamespace ? ["CreateNamespace=true"] : []),
        // Objects whose CRD an add-on of another ApplicationSet installs may sync before it has: the retries
        // cover it, without end (limit -1), every five minutes at most, so a folder never gives up on its CRDs.
        "SkipDryRunOnMissingResource=true",
        "PruneLast=true",
        ...(props.serverSideApply ? ["ServerSideApply=true"] : []),
        ...(props.ignoreDifferences ? ["RespectIgnoreDifferences=true"] : []),
        ...(props.syncOptions ?? []),
      ],
      retry: { limit: -1, backoff: { duration: "30s", factor: 2, maxDuration: "5m" } },
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
      labels: props.labels ?? {},
      annotations: { "argocd.argoproj.io/sync-wave": String(props.syncWave ?? 0) },
      // Deleting the Application deletes what it deployed (namespaces and databases are kept by
      // their own sync options). These Applications are files in a reviewed commit, never generated.
      ...(props.cascade === false ? {} : { finalizers: ["resources-finalizer.argocd.argoproj.io"] }),
    },
    spec: applicationSpec(props),
  };
}
