import { ApiObject, type App } from "cdk8s";
import type { AddOn } from "../constructs/argocd/add-on";
import { application, AUTOSCALED } from "../constructs/argocd/application";
import { ARGOCD_NAMESPACE, IN_CLUSTER_SERVER } from "../constructs/argocd/types";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { appDir, clusterBaseDir, clusterPlatformDir, pullRootDir, WAVE } from "../lib/layout";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import { addOnSpec, destination, folder } from "./delivery";
import { commonLabels } from "./labels";
import { PLATFORM_PROJECT, platformProject, teamProject, teamProjectName } from "./projects";

/** The root Application of a pull-mode cluster: its own Argo CD reads the cluster's folder of the rendered branch. */
export function pullRoot(p: Resolved, cluster: ResolvedCluster) {
  return application({
    name: "root",
    namespace: ARGOCD_NAMESPACE,
    project: PLATFORM_PROJECT,
    sources: [folder(p, pullRootDir(cluster.name))],
    destination: { server: IN_CLUSTER_SERVER, namespace: ARGOCD_NAMESPACE },
    cascade: false,
    // The chart's labels, so the bootstrap copy on the servers is the same object.
    labels: pullLabels(p, cluster),
  });
}

function pullLabels(p: Resolved, cluster: ResolvedCluster): Record<string, string> {
  return { ...commonLabels(p), "basecamp.dev/cluster": cluster.name };
}

/**
 * What a pull-mode cluster's own Argo CD runs, as plain Applications in sync
 * waves (the hub cannot dial in): itself, the add-ons in their waves with
 * the base folder after External Secrets, the platform folder, then the apps. The root Application and the platform
 * project are here too, so the root manages itself after the first boot.
 */
export class PullRootChart extends RenderedChart {
  constructor(scope: App, p: Resolved, cluster: ResolvedCluster, addOns: readonly AddOn[]) {
    super(scope, `${cluster.name}--argocd`, pullRootDir(cluster.name), cluster.name, pullLabels(p, cluster));
    describedBy(this, `clusters[${cluster.index}]`);
    new ApiObject(this, "project", platformProject(p, [cluster], () => addOns));
    for (const team of cluster.teams) new ApiObject(this, `project-${team.name}`, teamProject(p, team, [cluster]));
    new ApiObject(this, "root", pullRoot(p, cluster));
    for (const a of addOns) {
      new ApiObject(
        this,
        `addon-${a.name}`,
        application({
          name: a.name === "argo-cd" ? "argo-cd" : `addon-${a.name}`,
          namespace: ARGOCD_NAMESPACE,
          project: PLATFORM_PROJECT,
          ...addOnSpec(p, a, cluster.name, false),
          destination: destination(cluster, a.namespace),
          syncWave: a.syncWave,
          // As the hub's ApplicationSets preserve what they deployed: deleting an add-on's Application (the root
          // prunes it when basecamp drops the add-on) must not take its CRDs and every object of them along.
          cascade: false,
        }),
      );
    }
    const plain = (name: string, path: string, syncWave: number) =>
      new ApiObject(
        this,
        name,
        application({ name, namespace: ARGOCD_NAMESPACE, project: PLATFORM_PROJECT, sources: [folder(p, path)], destination: destination(cluster, "default"), syncWave, cascade: false }),
      );
    plain("base", clusterBaseDir(cluster.name), WAVE.base);
    plain("platform", clusterPlatformDir(cluster.name), WAVE.platform);
    for (const app of cluster.apps) {
      new ApiObject(
        this,
        `app-${app.name}`,
        application({
          name: `app-${app.name}`,
          namespace: ARGOCD_NAMESPACE,
          project: teamProjectName(app.team),
          sources: [folder(p, appDir(cluster.name, app.name))],
          destination: destination(cluster, app.namespace),
          ...(app.spec.autoscale ? { ignoreDifferences: AUTOSCALED } : {}),
          labels: { "basecamp.dev/app": app.name },
          syncWave: WAVE.apps,
          cascade: false,
        }),
      );
    }
  }
}
