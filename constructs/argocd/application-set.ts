import { applicationSpec, type ApplicationProps } from "./application";
import { ARGO_API_VERSION } from "./types";

export interface ListApplicationSetProps {
  readonly name: string;
  readonly namespace: string;
  /** One Application per element; the template reads them as {{.key}}. */
  readonly elements: Record<string, string>[];
  /** Name, source and destination may use {{.key}} of the elements. */
  readonly template: Omit<ApplicationProps, "namespace" | "syncWave"> & { readonly labels?: Record<string, string> };
  readonly syncWave?: number;
}

/**
 * An ApplicationSet over a list generator: the clusters are spelled out in
 * the rendered YAML, so a PR shows exactly where an app goes.
 */
export function listApplicationSet(props: ListApplicationSetProps) {
  return {
    apiVersion: ARGO_API_VERSION,
    kind: "ApplicationSet",
    metadata: {
      name: props.name,
      namespace: props.namespace,
      annotations: { "argocd.argoproj.io/sync-wave": String(props.syncWave ?? 0) },
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      generators: [{ list: { elements: props.elements } }],
      // An empty generator must not delete running workloads (argo-cd #18212).
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: {
          name: props.template.name,
          labels: props.template.labels ?? {},
          // No finalizer: a templated resources finalizer overrides preserveResourcesOnDeletion.
        },
        spec: applicationSpec(props.template),
      },
    },
  };
}
