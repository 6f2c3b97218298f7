/**
 * Where things live in gitops-out/ (the root of the rendered branch). Argo CD
 * source paths and the chart directories both come from here, so they agree.
 */
export const BOOTSTRAP_DIR = "bootstrap";
export const HUB_DIR = "hub";
export const ARGOCD_NAMESPACE = "argocd";
/** Argo CD's name for the cluster it runs in. */
export const IN_CLUSTER = "in-cluster";

/**
 * What an add-on needs before it starts, on one cluster: its namespace, the
 * store of the cluster's secret backend, the Secrets it reads, the default
 * StorageClass. Synced after External Secrets, before every other add-on.
 */
export function clusterBaseDir(cluster: string): string {
  return `clusters/${cluster}/base`;
}

/**
 * The order of what Argo CD syncs onto a cluster, as sync waves (a pull-mode
 * cluster's Applications) and as the RollingSync steps of the hub's fleet
 * (push mode): add-ons at their own waves (-30 to -1), the base folder after
 * External Secrets, the platform folder after every add-on, the apps last.
 */
export const WAVE = { base: -24, platform: -5, apps: 0 } as const;

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

/** The developer portal's catalog: Backstage entities of the apps, teams and the platform, and the golden path's template. */
export const CATALOG_DIR = "catalog";

/** Runbooks rendered from the description (Markdown, with this platform's names); no Argo CD source reads it. */
export const RUNBOOKS_DIR = "runbooks";
