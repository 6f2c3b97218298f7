import { ApiObject, type App } from "cdk8s";
import type { AddOn } from "../constructs/argocd/add-on";
import { application } from "../constructs/argocd/application";
import { ARGOCD_NAMESPACE, IN_CLUSTER_SERVER } from "../constructs/argocd/types";
import { RenderedChart } from "../constructs/k8s/rendered-chart";
import { BOOTSTRAP_DIR, HUB_DIR } from "../lib/layout";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import { folder } from "./delivery";
import { commonLabels } from "./labels";
import { PLATFORM_PROJECT, platformProject } from "./projects";

/** The kustomization of bootstrap/, so `kubectl apply -k gitops-out/bootstrap` applies it; Argo CD leaves the file out. */
export const BOOTSTRAP_KUSTOMIZATION = "kustomization.yaml";

/**
 * What an operator applies once on the hub, after installing Argo CD from
 * its chart: the platform's AppProject and the root Application. Root syncs
 * this very folder, so it manages itself and the project from then on, and
 * the `hub` Application, which syncs hub/.
 */
export class BootstrapChart extends RenderedChart {
  constructor(scope: App, p: Resolved, addOns: (c: ResolvedCluster) => readonly AddOn[]) {
    super(scope, "bootstrap", BOOTSTRAP_DIR, p.hub.name, commonLabels(p));
    const push = p.clusters.filter((c) => c.delivery === "push");
    new ApiObject(this, "project", platformProject(p, push, addOns));
    const inCluster = { server: IN_CLUSTER_SERVER, namespace: ARGOCD_NAMESPACE };
    new ApiObject(
      this,
      "root",
      application({
        name: "root",
        namespace: ARGOCD_NAMESPACE,
        project: PLATFORM_PROJECT,
        sources: [{ ...folder(p, BOOTSTRAP_DIR), directory: { exclude: BOOTSTRAP_KUSTOMIZATION } }],
        destination: inCluster,
        cascade: false,
      }),
    );
    new ApiObject(
      this,
      "hub",
      application({ name: "hub", namespace: ARGOCD_NAMESPACE, project: PLATFORM_PROJECT, sources: [folder(p, HUB_DIR)], destination: inCluster, syncWave: 10, cascade: false }),
    );
  }
}
