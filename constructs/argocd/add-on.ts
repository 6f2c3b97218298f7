import type { Resolved, ResolvedCluster } from "../../lib/model/resolve";
import type { Provider } from "../../lib/model/schema";
import type { Flow } from "../cluster/flows";
import { WAVE } from "../../lib/layout";

/** Pod Security levels, for an add-on's namespace. */
export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/**
 * An add-on is data: a pinned Helm chart installed on every cluster whose
 * registration label enables it, in its namespace, at its sync wave. The
 * GitOps capability turns each into one ApplicationSet (and, on a pull-mode
 * cluster, into an Application of its own Argo CD).
 */
export interface AddOn {
  /** Also the ApplicationSet's name suffix and the enable_<name> label. */
  readonly name: string;
  readonly namespace: string;
  /** A Helm repository URL, or oci://registry/repository/chart for an OCI chart. */
  readonly repoURL: string;
  /** The chart's name in a Helm repository; none for an OCI chart. */
  readonly chart?: string;
  /**
   * Folders of a git repository at the tag `version`, for a project that
   * publishes no Helm chart (`repoURL` is then the repository): each built
   * by its kustomization, or applied as plain manifests. @default - a chart
   */
  readonly folders?: readonly { readonly path: string; readonly kind: "kustomize" | "directory"; /** kustomize: images to set, such as repo:tag. */ readonly images?: readonly string[] }[];
  /** An exact chart version, or a release tag for a git folder: no ranges. */
  readonly version: string;
  /** Lower waves sync first: CRDs and operators before what uses them (waves between -30 and -1). */
  readonly syncWave: number;
  /** The Pod Security level its namespace enforces. */
  readonly podSecurity: PodSecurityLevel;
  /** Charts whose CRDs are too large for client-side apply. @default false */
  readonly serverSideApply?: boolean;
  /**
   * Installed on the hub by a plain Application in hub/, not by its
   * ApplicationSet: the hub needs it before it can register itself
   * (Argo CD, External Secrets). @default false
   */
  readonly hubBootstrap?: boolean;
  /**
   * The custom resources it installs the CRDs of, as API groups or group/Kind: objects of these
   * kinds on a cluster need it there, at an earlier wave. @default none
   */
  readonly provides?: readonly string[];
  /**
   * Secrets in its namespace it reads as it starts (its pods wait for them): the cluster's base folder makes
   * them, before the add-on syncs. @default none
   */
  secrets?(cluster: ResolvedCluster, p: Resolved): string[];
  /** Network flows it needs into or out of team namespaces on `cluster` (tenancy lets each through). @default none */
  flows?(cluster: ResolvedCluster, p: Resolved): Flow[];
  /** Helm values for one cluster, rendered to a values file in gitops-out/ (reviewed like any file); none for a git folder. */
  values(cluster: ResolvedCluster, p: Resolved): Record<string, unknown>;
  /**
   * Values known only after the cluster's stack is applied (cloud identity
   * ids), per provider: a YAML Go template over the cluster Secret's
   * annotations, which the hub fills from the cluster's registration.
   * @default none
   */
  readonly registrationValues?: Partial<Record<Provider, string>>;
}

/** Where an add-on's values file lives: beside the cluster's folders, never a source folder itself. */
export function valuesFile(cluster: string, addOn: string): string {
  return `clusters/${cluster}/values/${addOn}.yaml`;
}

/** Whether the cluster's base folder makes the add-on's namespace (every one synced after it; kube-* exist already). */
export function namespaceInBase(a: AddOn): boolean {
  return a.syncWave > WAVE.base && !a.namespace.startsWith("kube-");
}

/** Whether an add-on reaches a push-mode cluster through its ApplicationSet (and so is enabled by a label). */
export function bySet(a: AddOn, cluster: { readonly isHub: boolean }): boolean {
  return !(cluster.isHub && a.hubBootstrap);
}

/** One Application of what Argo CD syncs onto a cluster, at its wave. */
export interface Synced {
  readonly wave: number;
  readonly kind: "addon" | "base" | "platform" | "apps";
  readonly name: string;
}

/**
 * What Argo CD syncs onto a cluster, each at its wave: the add-ons that reach it (on a push-mode cluster, those
 * of the fleet: not the hub's own bootstrap ones), the base and platform folders, the apps. The fleet's
 * RollingSync steps and the bring-up plan both read it.
 */
export function syncOrder(cluster: ResolvedCluster, addOns: readonly AddOn[]): Synced[] {
  return [
    ...addOns.filter((a) => cluster.delivery === "pull" || bySet(a, cluster)).map((a): Synced => ({ wave: a.syncWave, kind: "addon", name: a.name })),
    { wave: WAVE.base, kind: "base", name: "base" },
    { wave: WAVE.platform, kind: "platform", name: "platform" },
    ...(cluster.apps.length > 0 ? [{ wave: WAVE.apps, kind: "apps" as const, name: cluster.apps.map((a) => a.name).join(", ") }] : []),
  ];
}
