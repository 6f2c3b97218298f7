import { ApiObject, type App } from "cdk8s";
import { listApplicationSet } from "../constructs/argocd/application-set";
import { appProject } from "../constructs/argocd/app-project";
import { appClusters, appDir, ARGOCD_NAMESPACE, clusterPlatformDir, destinationName, HUB_DIR } from "../lib/layout";
import type { Platform } from "../lib/model/schema";
import { RenderedChart } from "../lib/pipeline/kubernetes";
import { PLATFORM_PROJECT } from "./bootstrap-chart";
import { commonLabels } from "./labels";

/** Kinds a team may not change in its own namespace: the platform owns them. */
const PLATFORM_OWNED = [
  { group: "", kind: "ResourceQuota" },
  { group: "", kind: "LimitRange" },
  { group: "networking.k8s.io", kind: "NetworkPolicy" },
];

/** Team projects carry a prefix, so no team name can take the platform's project or Argo CD's default. */
export function teamProject(team: string): string {
  return `team-${team}`;
}

/** The Argo CD control layer on the hub: team projects and the ApplicationSets. */
export class HubChart extends RenderedChart {
  constructor(scope: App, platform: Platform) {
    super(scope, "hub", HUB_DIR, platform.platform.gitops.hub, commonLabels(platform));
    const { repoURL, branch } = platform.platform.gitops;
    const cluster = (name: string) => ({ cluster: name, destination: destinationName(platform, name) });

    for (const team of platform.teams) {
      const clusters = platform.apps.filter((a) => a.team === team.name).flatMap((a) => appClusters(platform, a));
      new ApiObject(
        this,
        `project-${team.name}`,
        appProject({
          name: teamProject(team.name),
          namespace: ARGOCD_NAMESPACE,
          description: `Apps of team ${team.name} (${team.owners.join(", ")})`,
          sourceRepos: [repoURL],
          destinations: [...new Set(clusters)].map((c) => ({ name: destinationName(platform, c), namespace: team.name })),
          deniedNamespaceResources: PLATFORM_OWNED,
        }),
      );
    }

    new ApiObject(
      this,
      "cluster-platform",
      listApplicationSet({
        name: "cluster-platform",
        namespace: ARGOCD_NAMESPACE,
        elements: platform.clusters.map((c) => cluster(c.name)),
        syncWave: -1,
        template: {
          name: "{{.cluster}}-platform",
          project: PLATFORM_PROJECT,
          labels: { "basecamp.dev/cluster": "{{.cluster}}" },
          source: { repoURL, targetRevision: branch, path: clusterPlatformDir("{{.cluster}}") },
          destination: { name: "{{.destination}}", namespace: "default" },
        },
      }),
    );

    for (const app of platform.apps) {
      new ApiObject(
        this,
        `app-${app.name}`,
        listApplicationSet({
          name: app.name,
          namespace: ARGOCD_NAMESPACE,
          elements: appClusters(platform, app).map(cluster),
          template: {
            name: `${app.name}-{{.cluster}}`,
            project: teamProject(app.team),
            labels: { "basecamp.dev/app": app.name, "basecamp.dev/cluster": "{{.cluster}}" },
            source: { repoURL, targetRevision: branch, path: appDir("{{.cluster}}", app.name) },
            destination: { name: "{{.destination}}", namespace: app.team },
          },
        }),
      );
    }
  }
}
