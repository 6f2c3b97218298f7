import type { App } from "cdk8s";
import { TeamNamespace } from "../constructs/k8s/team-namespace";
import { clusterPlatformDir } from "../lib/layout";
import type { Cluster, Platform } from "../lib/model/schema";
import { RenderedChart } from "../lib/pipeline/kubernetes";
import { commonLabels } from "./labels";

/** What the platform puts on one cluster: for now the teams' namespaces and quotas. */
export class ClusterPlatformChart extends RenderedChart {
  constructor(scope: App, platform: Platform, cluster: Cluster) {
    super(scope, `${cluster.name}--platform`, clusterPlatformDir(cluster.name), cluster.name, {
      ...commonLabels(platform),
      "basecamp.dev/cluster": cluster.name,
    });
    for (const team of platform.teams) {
      new TeamNamespace(this, `team-${team.name}`, { team: team.name, owners: team.owners, quota: team.quota });
    }
  }
}
