import type { Platform } from "./model/schema";

/**
 * Where things live in gitops-out/ (the root of the rendered branch). Argo CD
 * source paths and the chart directories both come from here, so they agree.
 */
export const BOOTSTRAP_DIR = "bootstrap";
export const HUB_DIR = "hub";
export const ARGOCD_NAMESPACE = "argocd";
/** Argo CD's name for the cluster it runs in. */
export const IN_CLUSTER = "in-cluster";

export function clusterPlatformDir(cluster: string): string {
  return `clusters/${cluster}/platform`;
}

export function appDir(cluster: string, app: string): string {
  return `clusters/${cluster}/apps/${app}`;
}

/** The Argo CD destination name of a cluster: the hub deploys to itself as in-cluster. */
export function destinationName(platform: Platform, cluster: string): string {
  return cluster === platform.platform.gitops.hub ? IN_CLUSTER : cluster;
}

/** Clusters an app runs on, in description order. */
export function appClusters(platform: Platform, app: Platform["apps"][number]): string[] {
  const all = platform.clusters.map((c) => c.name);
  return app.clusters === "all" ? all : all.filter((c) => app.clusters.includes(c));
}
