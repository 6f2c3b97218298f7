import { stringify } from "yaml";
import type { Resolved, ResolvedCluster } from "../../lib/model/resolve";
import { pullRootDir } from "../../lib/layout";
import type { AddOn } from "./add-on";

/**
 * What a pull-mode cluster's servers apply at first boot (K3s's
 * auto-deployed manifests): Argo CD from the same pinned chart and values as
 * its add-on, and a root Application that reads the cluster's own folder of
 * the rendered branch. From then on the cluster runs itself from git.
 */
export function pullBootstrap(p: Resolved, cluster: ResolvedCluster, addOns: readonly AddOn[]): Record<string, object[]> {
  const argo = addOns.find((a) => a.name === "argo-cd");
  if (!argo) return {};
  const { repoURL, branch } = p.platform.platform.gitops;
  return {
    "basecamp-argocd.yaml": [
      {
        apiVersion: "helm.cattle.io/v1",
        kind: "HelmChart",
        metadata: { name: "argo-cd", namespace: "kube-system" },
        spec: {
          repo: argo.repoURL,
          chart: argo.chart,
          version: argo.version,
          targetNamespace: argo.namespace,
          createNamespace: true,
          valuesContent: stringify(argo.values(cluster, p), { lineWidth: 0 }),
        },
      },
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: { name: "root", namespace: argo.namespace },
        spec: {
          project: "default",
          source: { repoURL, targetRevision: branch, path: pullRootDir(cluster.name), directory: { recurse: false } },
          destination: { server: "https://kubernetes.default.svc", namespace: argo.namespace },
          syncPolicy: { automated: { prune: true, selfHeal: true }, retry: { limit: 10, backoff: { duration: "30s", factor: 2, maxDuration: "10m" } } },
        },
      },
    ],
  };
}
