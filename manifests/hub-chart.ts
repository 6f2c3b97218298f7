import { ApiObject, type App } from "cdk8s";
import { listApplicationSet } from "../constructs/argocd/application-set";
import { appProject } from "../constructs/argocd/app-project";
import { RenderedChart } from "../constructs/k8s/rendered-chart";
import { appDir, applicationName, ARGOCD_NAMESPACE, clusterPlatformDir, HUB_DIR } from "../lib/layout";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import { PLATFORM_PROJECT } from "./bootstrap-chart";
import { commonLabels, destinationName } from "./labels";

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
  constructor(scope: App, p: Resolved) {
    super(scope, "hub", HUB_DIR, p.hub.name, commonLabels(p));
    const { repoURL, branch } = p.platform.platform.gitops;
    const cluster = (c: ResolvedCluster) => ({ cluster: c.name, destination: destinationName(c) });

    for (const team of p.teams) {
      const clusters = p.clusters.filter((c) => c.teams.includes(team));
      new ApiObject(
        this,
        `project-${team.name}`,
        appProject({
          name: teamProject(team.name),
          namespace: ARGOCD_NAMESPACE,
          description: `Apps of team ${team.name} (${team.owners.join(", ")})`,
          sourceRepos: [repoURL],
          destinations: clusters.map((c) => ({ name: destinationName(c), namespace: team.name })),
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
        elements: p.clusters.map(cluster),
        syncWave: -1,
        template: {
          name: applicationName("{{.cluster}}", "platform"),
          project: PLATFORM_PROJECT,
          labels: { "basecamp.dev/cluster": "{{.cluster}}" },
          source: { repoURL, targetRevision: branch, path: clusterPlatformDir("{{.cluster}}") },
          destination: { name: "{{.destination}}", namespace: "default" },
        },
      }),
    );

    for (const app of p.apps) {
      new ApiObject(
        this,
        `app-${app.name}`,
        listApplicationSet({
          name: `app-${app.name}`,
          namespace: ARGOCD_NAMESPACE,
          elements: app.clusters.map((c) => cluster(p.cluster(c))),
          template: {
            name: applicationName("{{.cluster}}", `app-${app.name}`),
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
