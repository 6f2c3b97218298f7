import type { App as Cdk8sApp } from "cdk8s";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { WebApp } from "../constructs/k8s/web-app";
import { appDir } from "../lib/layout";
import type { Resolved, ResolvedApp, ResolvedCluster } from "../lib/model/resolve";
import { commonLabels } from "./labels";

/** One app on one cluster: a WebApp per component, in the owning team's namespace. */
export class AppChart extends RenderedChart {
  constructor(scope: Cdk8sApp, p: Resolved, cluster: ResolvedCluster, app: ResolvedApp) {
    super(scope, `${cluster.name}--app--${app.name}`, appDir(cluster.name, app.name), cluster.name, {
      ...commonLabels(p),
      "basecamp.dev/cluster": cluster.name,
      "basecamp.dev/team": app.team,
    });
    const index = p.apps.indexOf(app);
    describedBy(this, `apps[${index}]`);
    app.workloads.forEach((w, i) => {
      const web = new WebApp(this, w.component, {
        name: w.name,
        namespace: app.namespace,
        image: w.image,
        port: w.port,
        replicas: app.spec.replicas,
        health: app.spec.health,
        labels: { "app.kubernetes.io/part-of": app.name, "app.kubernetes.io/component": w.component },
      });
      if (app.spec.components) describedBy(web, `apps[${index}].components[${i}]`);
    });
  }
}
