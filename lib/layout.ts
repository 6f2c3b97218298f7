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

/**
 * The name of what an ApplicationSet generates for a cluster: <cluster>--<what>.
 * No name of ours contains '--', so no two of these can coincide.
 */
export function applicationName(cluster: string, what: string): string {
  return `${cluster}--${what}`;
}

/** The folder a pull-mode cluster's own Argo CD syncs first: its Applications. */
export function pullRootDir(cluster: string): string {
  return `clusters/${cluster}/argocd`;
}

/** The Kyverno CLI fixtures of each policy (`kyverno test policy-tests/`); no Argo CD source reads it. */
export const POLICY_TESTS_DIR = "policy-tests";

/** promtool's rule files and unit tests of the hub's rules (`promtool test rules rule-tests/*.test.yaml`); no Argo CD source reads it. */
export const RULE_TESTS_DIR = "rule-tests";
