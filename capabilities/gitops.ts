import type { Capability } from "../lib/capability";
import { BootstrapChart } from "../manifests/bootstrap-chart";
import { ClusterPlatformChart } from "../manifests/cluster-platform-chart";
import { HubChart } from "../manifests/hub-chart";

/** Argo CD on the hub, the ApplicationSets, and each cluster's platform folder (team tenancy). */
export const gitops: Capability = {
  name: "gitops",
  charts(app, { resolved }) {
    new BootstrapChart(app, resolved);
    new HubChart(app, resolved);
    for (const cluster of resolved.clusters) new ClusterPlatformChart(app, resolved, cluster);
  },
};
