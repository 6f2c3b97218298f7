import type { App as Cdk8sApp } from "cdk8s";
import { WebApp } from "../constructs/k8s/web-app";
import { appDir } from "../lib/layout";
import type { App, Cluster, Platform } from "../lib/model/schema";
import { RenderedChart } from "../lib/pipeline/kubernetes";
import { commonLabels } from "./labels";

/** One app on one cluster: a WebApp per component, in the owning team's namespace. */
export class AppChart extends RenderedChart {
  constructor(scope: Cdk8sApp, platform: Platform, cluster: Cluster, app: App) {
    super(scope, `${cluster.name}--${app.name}`, appDir(cluster.name, app.name), cluster.name, {
      ...commonLabels(platform),
      "basecamp.dev/cluster": cluster.name,
      "basecamp.dev/team": app.team,
    });
    const components: { name: string; image?: string; port?: number }[] = app.components ?? [{ name: app.name }];
    for (const c of components) {
      new WebApp(this, c.name, {
        name: app.components ? `${app.name}-${c.name}` : app.name,
        namespace: app.team,
        image: c.image ?? app.image,
        port: c.port ?? app.port,
        replicas: app.replicas,
        health: app.health,
        labels: { "app.kubernetes.io/part-of": app.name, "app.kubernetes.io/component": c.name },
      });
    }
  }
}
