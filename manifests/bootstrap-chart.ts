import { ApiObject, type App } from "cdk8s";
import { application } from "../constructs/argocd/application";
import { appProject } from "../constructs/argocd/app-project";
import { ARGOCD_NAMESPACE, BOOTSTRAP_DIR, HUB_DIR, IN_CLUSTER } from "../lib/layout";
import type { Platform } from "../lib/model/schema";
import { RenderedChart } from "../lib/pipeline/kubernetes";
import { commonLabels } from "./labels";

export const PLATFORM_PROJECT = "platform";

/**
 * What an operator applies once on the hub (kubectl apply -f bootstrap/): the
 * platform's AppProject and the root Application, which syncs hub/ from then on.
 */
export class BootstrapChart extends RenderedChart {
  constructor(scope: App, platform: Platform) {
    super(scope, "bootstrap", BOOTSTRAP_DIR, platform.platform.gitops.hub, commonLabels(platform));
    const { repoURL, branch } = platform.platform.gitops;
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
