import type { Resolved, ResolvedCluster } from "../../lib/model/resolve";

/**
 * An add-on is data: a pinned Helm chart installed on every cluster whose
 * registration label enables it, in its namespace, at its sync wave.
 */
export interface AddOn {
  /** Also the ApplicationSet's name suffix and the enable_<name> label. */
  readonly name: string;
  readonly namespace: string;
  /** Helm repository URL (or an OCI registry host, with `oci`). */
  readonly repoURL: string;
  readonly chart: string;
  /** An exact chart version: no ranges. */
  readonly version: string;
  /** Lower waves sync first: CRDs and operators before what uses them. */
  readonly syncWave: number;
  /** Helm values for one cluster, rendered to a values file in gitops-out/. */
  values(cluster: ResolvedCluster, p: Resolved): Record<string, unknown>;
  /**
   * Values that come from the cluster's registration at sync time (cloud
   * identity ids), as Go templates over the cluster Secret's annotations.
   * @default none
   */
  readonly registrationValues?: (cluster: ResolvedCluster) => Record<string, unknown>;
  /** The chart is an OCI artifact. @default false */
  readonly oci?: boolean;
}
