import { PLAIN_STYLE, toYaml } from "../lib/pipeline/yaml";
import type { AddOn } from "../constructs/argocd/add-on";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import { platformProject } from "./projects";
import { pullRoot } from "./pull-root-chart";

/**
 * What a pull-mode cluster's servers apply at first boot (K3s's
 * auto-deployed manifests): Argo CD from the same pinned chart and values as
 * its Application, the platform project and the root Application, the same
 * objects its folder of the rendered branch holds. From then on the cluster
 * runs itself from git.
 */
export function pullBootstrap(p: Resolved, cluster: ResolvedCluster, addOns: readonly AddOn[]): Record<string, object[]> {
  const argo = addOns.find((a) => a.name === "argo-cd");
  if (!argo || !argo.chart) return {};
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
          valuesContent: toYaml(argo.values(cluster, p), PLAIN_STYLE),
        },
      },
      platformProject(p, [cluster], () => addOns),
      pullRoot(p, cluster),
    ],
  };
}
