import type { App as K8sApp } from "cdk8s";
import type { App as TfApp } from "cdktf";
import type { AddOn } from "../constructs/argocd/add-on";
import type { Check } from "./checks/finding";
import type { ChartOutput } from "./pipeline/kubernetes";
import type { Description } from "./model/load";
import type { Resolved, ResolvedCluster } from "./model/resolve";

/** What every capability sees while the trees are built. */
export interface SynthContext {
  readonly description: Description;
  readonly resolved: Resolved;
  /**
   * The clusters whose parts this pass builds: every cluster in a whole
   * render, one in a render by cluster. Hooks build a cluster's stack,
   * charts and files only for these.
   */
  readonly clusters: readonly ResolvedCluster[];
  /**
   * Whether this pass also builds what belongs to no one cluster: the state
   * stores, the entry point, the hub's control layer and the files that span
   * clusters. Exactly one pass of a render does.
   */
  readonly shared: boolean;
  /** The add-ons of every capability that run on a cluster, sorted by sync wave and name. */
  addOns(cluster: ResolvedCluster): readonly AddOn[];
}

/** A file in gitops-out/ that is not a Kubernetes object, such as a Helm values file. */
export interface ExtraFile {
  readonly path: string;
  readonly content: string;
  readonly owner: string;
}

/**
 * A capability of the platform (infrastructure, GitOps, guardrails, ...),
 * registered in one place: `capabilities/index.ts`. The pipeline runs each
 * hook in list order and knows nothing else about them. A render calls the
 * hooks once per pass: a hook builds for `ctx.clusters` only, and what
 * belongs to no one cluster only when `ctx.shared`.
 */
export interface Capability {
  readonly name: string;
  /** Adds Terraform stacks or parts of them. */
  stacks?(app: TfApp, ctx: SynthContext): void;
  /** Adds cdk8s charts (RenderedChart), each for one folder of gitops-out/. */
  charts?(app: K8sApp, ctx: SynthContext): void;
  /** Add-ons this capability installs on a cluster (through the GitOps capability's ApplicationSets). */
  addOns?(cluster: ResolvedCluster, p: Resolved): AddOn[];
  /** Files beside the objects, such as Helm values, after the charts are synthesized; `charts` are this pass's. */
  files?(ctx: SynthContext, charts: readonly ChartOutput[]): ExtraFile[];
  /** Checks over the whole rendered tree. */
  readonly checks?: readonly Check[];
}
