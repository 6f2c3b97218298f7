import type { Capability } from "../lib/capability";
import { AppChart } from "../manifests/app-chart";

/** Each app on each cluster it runs on. */
export const apps: Capability = {
  name: "apps",
  charts(app, { resolved, clusters }) {
    for (const cluster of clusters) for (const a of cluster.apps) new AppChart(app, resolved, cluster, a);
  },
};
