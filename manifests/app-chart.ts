import { ApiObject, type App as Cdk8sApp } from "cdk8s";
import { analysisTemplate, canaryStrategy } from "../constructs/observability/canary";
import { databaseRoles } from "../constructs/k8s/database-roles";
import { appRoute } from "../constructs/k8s/gateway";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { WebApp } from "../constructs/k8s/web-app";
import { redis } from "../constructs/k8s/redis";
import { appDir } from "../lib/layout";
import type { AppValues } from "./app-values";

/**
 * One app on one cluster, from its values alone (`appValues`): a WebApp per
 * component in the owning team's namespace, its database credentials as
 * environment and files for the workloads that use it, a route through the
 * cluster's Gateway for the component that serves the public entry name, and
 * a canary's analysis. Its NetworkPolicies are the platform's to write
 * (ClusterPlatformChart): the team's project refuses the kind.
 */
export class AppChart extends RenderedChart {
  constructor(scope: Cdk8sApp, v: AppValues) {
    super(scope, `${v.cluster}--app--${v.app}`, appDir(v.cluster, v.app), v.cluster, { ...v.labels });
    describedBy(this, v.source);
    const db = v.database;
    if (db?.roles) {
      databaseRoles(this, "database-roles", { app: v.app, namespace: v.namespace, ...db.roles, labels: { ...v.workloadLabels } });
    }

    if (v.redis) {
      const cache = redis(this, "redis", { ...v.redis, namespace: v.namespace, labels: { ...v.workloadLabels } });
      describedBy(cache, `${v.source}.redis`);
    }
    for (const w of v.workloads) {
      // A canary is judged by the app's SLOs over its own pods (synth refuses a canary without an SLO).
      const template = `${w.name}-slo`;
      if (w.canary) {
        const labels = { "app.kubernetes.io/part-of": v.app, "app.kubernetes.io/component": w.component, "basecamp.dev/team": v.team, "basecamp.dev/app": v.app };
        new ApiObject(this, `${w.component}-analysis`, analysisTemplate(template, v.namespace, labels, w.canary.analysis));
      }
      const web = new WebApp(this, w.component, {
        name: w.name,
        namespace: v.namespace,
        image: w.image,
        port: w.port,
        replicas: v.replicas,
        autoscale: v.autoscale,
        health: v.health,
        labels: { ...v.workloadLabels, "app.kubernetes.io/component": w.component },
        env: w.env,
        // Only the workloads that use the database hold its credentials.
        secretEnv: {
          ...(db && v.network.databaseUsers.includes(w.name) ? databaseEnv(db.secret) : {}),
          ...(v.redis && v.network.redisUsers?.includes(w.name) ? { REDIS_PASSWORD: { secret: v.redis.secret, key: "password" } } : {}),
        },
        secretFiles: db && v.network.databaseUsers.includes(w.name) ? { secret: db.secret, path: db.files } : undefined,
        rollout: w.canary ? { strategy: canaryStrategy(w.canary, template) } : undefined,
      });
      if (w.source) describedBy(web, w.source);
      if (w.hostnames) {
        appRoute(this, `${w.component}-route`, { name: w.name, namespace: v.namespace, hostnames: [...w.hostnames], service: w.name, labels: { "basecamp.dev/team": v.team, "app.kubernetes.io/name": w.name } });
      }
    }
  }
}

/** The connection as environment, the password as a file name: read the file on each new connection. */
function databaseEnv(secret: string) {
  const key = (k: string) => ({ secret, key: k });
  return {
    DB_HOST: key("host"),
    DB_PORT: key("port"),
    DB_NAME: key("dbname"),
    DB_USER: key("username"),
  };
}
