import type { App } from "cdk8s";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { TeamNamespace } from "../constructs/k8s/team-namespace";
import { clusterPlatformDir } from "../lib/layout";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import { commonLabels } from "./labels";

/** What the platform puts on one cluster: for now the teams' namespaces and quotas. */
export class ClusterPlatformChart extends RenderedChart {
  constructor(scope: App, p: Resolved, cluster: ResolvedCluster) {
    super(scope, `${cluster.name}--platform`, clusterPlatformDir(cluster.name), cluster.name, {
      ...commonLabels(p),
      "basecamp.dev/cluster": cluster.name,
    });
    describedBy(this, `clusters[${cluster.index}]`);
    for (const team of p.teams) {
      const ns = new TeamNamespace(this, `team-${team.name}`, { team: team.name, owners: team.owners, quota: team.quota });
      describedBy(ns, `teams[${p.teams.indexOf(team)}]`);
    }
  }
}
