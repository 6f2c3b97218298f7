import type { Capability } from "../lib/capability";
import { HEADER } from "../lib/pipeline/gitops";
import { SORTED_STYLE, toYaml } from "../lib/pipeline/yaml";
import { valuesFile } from "../constructs/argocd/add-on";
import { AppChart } from "../manifests/app-chart";
import { appValues } from "../manifests/app-values";
import { failoverRunbook, failoverRunbookPath } from "../manifests/failover-runbook";

/** Each app on each cluster it runs on, from its effective values there, which go beside the cluster's values for review. */
export const apps: Capability = {
  name: "apps",
  charts(app, { resolved, clusters }) {
    for (const cluster of clusters) for (const a of cluster.apps) new AppChart(app, appValues(resolved, cluster, a));
  },
  files: ({ resolved, clusters, shared }) => [
    ...clusters.flatMap((c) =>
      c.apps.map((a) => ({
        path: valuesFile(c.name, `app-${a.name}`),
        content: `${HEADER}# ${a.name}'s effective values on ${c.name}, which its chart renders: for review; Argo CD applies apps/${a.name}/, not this.\n${toYaml(appValues(resolved, c, a), SORTED_STYLE)}`,
        owner: `values/${c.name}/app-${a.name}`,
      })),
    ),
    // Each single-writer app's failover steps, for the description as it stands.
    ...(shared ? resolved.apps.filter((a) => a.failover).map((a) => ({ path: failoverRunbookPath(a.name), content: failoverRunbook(resolved, a), owner: failoverRunbookPath(a.name) })) : []),
  ],
};
