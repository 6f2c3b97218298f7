import { applicationSpec, type ApplicationSpecProps } from "./application";
import { ARGO_API_VERSION } from "./types";

/** What a generated Application is made of: its name, labels and spec (strings may use {{.name}}, {{.values.x}}, {{index .metadata.annotations "k"}}). */
export type ApplicationTemplate = { readonly name: string; readonly labels: Record<string, string> } & ApplicationSpecProps;

/** A cluster generator: every registered cluster whose labels match, with extra template values. */
export interface ClusterGenerator {
  readonly matchLabels: Record<string, string>;
  /** More parameters for the template, as {{.values.<key>}}. @default none */
  readonly values?: Record<string, string>;
  /** This generator's own Applications; Argo CD fills what it leaves out from the set's template. @default the set's */
  readonly template?: ApplicationTemplate;
}

/** A step of a progressive rollout: the generated Applications whose labels match, in order. */
export interface RolloutStep {
  readonly matchExpressions: { key: string; operator: "In" | "NotIn"; values: string[] }[];
}

export interface ApplicationSetProps {
  readonly name: string;
  readonly namespace: string;
  readonly generators: readonly ClusterGenerator[];
  /** The generated Applications' name, labels and spec, or what every generator's own template shares. */
  readonly template: { readonly name: string; readonly labels: Record<string, string> } & Partial<ApplicationSpecProps> & Pick<ApplicationSpecProps, "project" | "destination">;
  /** Progressive sync: each step syncs once the one before is healthy. */
  readonly steps: readonly RolloutStep[];
  readonly syncWave?: number;
}

/**
 * An ApplicationSet over cluster generators, made safe against the fleet
 * deletions of argo-cd #18212 and friends: the controller creates, updates
 * and deletes the Applications (applicationsSync: sync), so a cluster, app or
 * add-on taken out of the description takes its Application with it, but
 * never what that Application deployed (preserveResourcesOnDeletion; the
 * template carries no resources finalizer, which would override it): a
 * generator that briefly returns nothing costs Applications, not workloads.
 * RollingSync rolls a change out step by step.
 */
export function applicationSet(props: ApplicationSetProps) {
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
      generators: props.generators.map((g) => ({
        clusters: { selector: { matchLabels: g.matchLabels }, ...(g.values ? { values: g.values } : {}), ...(g.template ? { template: template(g.template) } : {}) },
      })),
      strategy: {
        type: "RollingSync",
        rollingSync: { steps: props.steps.map((s) => ({ matchExpressions: s.matchExpressions })) },
      },
      syncPolicy: { preserveResourcesOnDeletion: true, applicationsSync: "sync" },
      // A confirmed prune (Prune=confirm on team namespaces) is an annotation on the Application: kept, or the
      // controller would strip it on its next pass and the sync would wait for ever.
      preservedFields: { annotations: ["argocd.argoproj.io/deletion-approved"] },
      template: props.template.sources ? template(props.template as ApplicationTemplate) : { metadata: { name: props.template.name, labels: props.template.labels }, spec: { project: props.template.project, destination: props.template.destination } },
    },
  };
}

function template(t: ApplicationTemplate) {
  const { name, labels, ...spec } = t;
  return {
    metadata: { name, labels },
    // RollingSync turns auto-sync off in the generated Applications and syncs them itself, step by step, taking
    // `prune` from this block (applicationset controller, syncApplication): without it nothing is ever pruned,
    // and an Application that needs a prune never completes its step.
    spec: applicationSpec({ ...spec, automated: true }),
  };
}
