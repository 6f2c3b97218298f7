import { bySet, type AddOn } from "../constructs/argocd/add-on";
import { clusterLabels } from "../constructs/cluster/registration";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";

/** Labels on every Kubernetes object basecamp renders. */
export function commonLabels(p: Resolved): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": "basecamp",
    "basecamp.dev/platform": p.name,
    "basecamp.dev/environment": p.platform.platform.environment,
  };
}

/** A cluster's registration labels: the ones its Terraform stack writes too. */
export function registrationLabels(p: Resolved, c: ResolvedCluster, addOns: readonly AddOn[]): Record<string, string> {
  return clusterLabels(
    { provider: c.provider, region: c.spec.region, environment: p.platform.platform.environment, traffic: c.spec.traffic, isHub: c.isHub },
    addOns.filter((a) => bySet(a, c)).map((a) => a.name),
    c.apps.map((a) => a.name),
  );
}
