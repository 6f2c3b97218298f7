import type { App } from "cdk8s";
import { appClusters } from "../lib/layout";
import type { Platform } from "../lib/model/schema";
import { AppChart } from "./app-chart";
import { BootstrapChart } from "./bootstrap-chart";
import { ClusterPlatformChart } from "./cluster-platform-chart";
import { HubChart } from "./hub-chart";

/** All charts of a platform: bootstrap and hub, then each cluster's platform and apps. */
export function addCharts(app: App, platform: Platform): void {
  new BootstrapChart(app, platform);
  new HubChart(app, platform);
  for (const cluster of platform.clusters) {
    new ClusterPlatformChart(app, platform, cluster);
    for (const a of platform.apps) {
      if (appClusters(platform, a).includes(cluster.name)) new AppChart(app, platform, cluster, a);
    }
  }
}
