import { ApiObject, type App } from "cdk8s";
import { application } from "../constructs/argocd/application";
import { appProject } from "../constructs/argocd/app-project";
import { ARGOCD_NAMESPACE, BOOTSTRAP_DIR, HUB_DIR, IN_CLUSTER } from "../lib/layout";
import type { Resolved } from "../lib/model/resolve";
import { RenderedChart } from "../constructs/k8s/rendered-chart";
import { commonLabels } from "./labels";

export const PLATFORM_PROJECT = "platform";

/**
 * What an operator applies once on the hub (kubectl apply -f bootstrap/): the
 * platform's AppProject and the root Application, which syncs hub/ from then on.
 */
export class BootstrapChart extends RenderedChart {
  constructor(scope: App, p: Resolved) {
    super(scope, "bootstrap", BOOTSTRAP_DIR, p.hub.name, commonLabels(p));
    const { repoURL, branch } = p.platform.platform.gitops;
    new ApiObject(
      this,
      "project",
      appProject({
        name: PLATFORM_PROJECT,
        namespace: ARGOCD_NAMESPACE,
        description: "Platform components that basecamp renders for every cluster",
        sourceRepos: [repoURL],
        destinations: [{ name: "*", namespace: "*" }],
        clusterResources: [{ group: "*", kind: "*" }],
      }),
    );
    new ApiObject(
      this,
      "root",
      application({
        name: "root",
        namespace: ARGOCD_NAMESPACE,
        project: PLATFORM_PROJECT,
        source: { repoURL, targetRevision: branch, path: HUB_DIR },
        destination: { name: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
      }),
    );
  }
}
