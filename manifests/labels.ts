import type { Resolved } from "../lib/model/resolve";

/** Labels on every Kubernetes object basecamp renders. */
export function commonLabels(p: Resolved): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": "basecamp",
    "basecamp.dev/platform": p.name,
  };
}

/** The Argo CD destination name of a cluster: the hub deploys to itself as in-cluster. */
export function destinationName(cluster: { name: string; isHub: boolean }): string {
  return cluster.isHub ? "in-cluster" : cluster.name;
}
