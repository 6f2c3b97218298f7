import { ApiObject, type App } from "cdk8s";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { clusterPlatformDir } from "../lib/layout";
import type { ResolvedCluster } from "../lib/model/resolve";

/** A rendered policy object and the field of platform.yaml it comes from. */
export interface PolicyObject {
  readonly id: string;
  readonly object: Record<string, unknown>;
  readonly source: string;
}

/**
 * The guardrails on one cluster, beside its platform folder's objects:
 * synced with them, before any app (the workloads ApplicationSet's first
 * step), so no app runs before its cluster enforces them.
 */
export class PolicyChart extends RenderedChart {
  constructor(scope: App, cluster: ResolvedCluster, labels: Record<string, string>, objects: readonly PolicyObject[]) {
    super(scope, `${cluster.name}--policies`, clusterPlatformDir(cluster.name), cluster.name, labels);
    for (const o of objects) describedBy(new ApiObject(this, o.id, o.object as never), o.source);
  }
}
