import { ApiObject, type App as Cdk8sApp } from "cdk8s";
import { analysisTemplate, canaryChecks, canaryStrategy } from "../constructs/observability/canary";
import { databaseAdminSecretName, databaseSecretName } from "../constructs/k8s/database";
import { databaseRoles } from "../constructs/k8s/database-roles";
import { appRoute } from "../constructs/k8s/gateway";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { WebApp } from "../constructs/k8s/web-app";
import { OTEL, OTEL_COLLECTOR } from "../constructs/observability/signals";
import { appDir } from "../lib/layout";
import type { Resolved, ResolvedApp, ResolvedCluster } from "../lib/model/resolve";
import { commonLabels } from "./labels";
import { databaseName } from "../constructs/cluster/names";

/**
 * One app on one cluster: a WebApp per component in the owning team's
 * namespace, its database credentials as environment (from the Secret the
 * platform folder makes), and a route through the cluster's Gateway for
 * the component that serves the public entry name.
 */
export class AppChart extends RenderedChart {
  constructor(scope: Cdk8sApp, p: Resolved, cluster: ResolvedCluster, app: ResolvedApp) {
    const labels = { ...commonLabels(p), "basecamp.dev/cluster": cluster.name, "basecamp.dev/team": app.team, "basecamp.dev/app": app.name };
    super(scope, `${cluster.name}--app--${app.name}`, appDir(cluster.name, app.name), cluster.name, labels);
    const index = p.apps.indexOf(app);
    describedBy(this, `apps[${index}]`);
    const entry = p.platform.platform.entry;
    // On the clouds the app logs in as a role of its own, which this Job keeps (CloudNativePG makes one itself).
    if (app.spec.database && cluster.provider !== "proxmox") {
      databaseRoles(this, "database-roles", {
        app: app.name,
        namespace: app.namespace,
        dbName: databaseName(app.name),
        adminSecret: databaseAdminSecretName(app.name),
        appSecret: databaseSecretName(app.name),
        labels: { "app.kubernetes.io/part-of": app.name, "basecamp.dev/team": app.team, "basecamp.dev/app": app.name, "basecamp.dev/environment": p.platform.platform.environment },
      });
    }
    app.workloads.forEach((w, i) => {
      // A canary is judged by the app's SLOs over its own pods (synth refuses a canary without an SLO).
      const template = `${w.name}-slo`;
      if (w.canary) {
        const labels = { "app.kubernetes.io/part-of": app.name, "app.kubernetes.io/component": w.component, "basecamp.dev/team": app.team, "basecamp.dev/app": app.name };
        new ApiObject(this, `${w.component}-analysis`, analysisTemplate(template, app.namespace, labels, canaryChecks(app, w.component, cluster.name)));
      }
      const web = new WebApp(this, w.component, {
        name: w.name,
        namespace: app.namespace,
        image: w.image,
        port: w.port,
        replicas: app.spec.replicas,
        health: app.spec.health,
        labels: { "app.kubernetes.io/part-of": app.name, "app.kubernetes.io/component": w.component, "basecamp.dev/team": app.team, "basecamp.dev/app": app.name, "basecamp.dev/environment": p.platform.platform.environment },
        env: { ...telemetryEnv(p, cluster, app.team, w.name), ...(app.spec.database ? { DB_PASSWORD_FILE: `${DATABASE_FILES}/password` } : {}) },
        secretEnv: app.spec.database ? databaseEnv(cluster, app.name) : undefined,
        secretFiles: app.spec.database ? { secret: databaseAppSecret(cluster, app.name), path: DATABASE_FILES } : undefined,
        rollout: w.canary ? { strategy: canaryStrategy(w.canary, template) } : undefined,
      });
      if (app.spec.components) describedBy(web, `apps[${index}].components[${i}]`);
      const serves = entry.app === app.name && app.frontDoor === w.component;
      if (serves) {
        const zone = `${cluster.name}.${p.domain}`;
        const hostnames = [`${app.name}.${zone}`, `ingress.${zone}`, ...(cluster.active ? [p.entryFqdn] : [])];
        appRoute(this, `${w.component}-route`, { name: w.name, namespace: app.namespace, hostnames, service: w.name, labels: { "basecamp.dev/team": app.team, "app.kubernetes.io/name": w.name } });
      }
    });
  }
}

/** OpenTelemetry's standard settings: the cluster's collector, and who is sending (an SDK in the app reads them). */
function telemetryEnv(p: Resolved, cluster: ResolvedCluster, team: string, service: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${OTEL_COLLECTOR.service}.${OTEL}.svc:${OTEL_COLLECTOR.http}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_SERVICE_NAME: service,
    OTEL_RESOURCE_ATTRIBUTES: `service.namespace=${team},deployment.environment.name=${p.platform.platform.environment},k8s.cluster.name=${cluster.name}`,
  };
}

/** Where an app finds its database credentials as files; the password there follows a rotation without a restart. */
export const DATABASE_FILES = "/var/run/secrets/basecamp/database";

/** The Secret of the app's own database role: basecamp's on the clouds, CloudNativePG's (same keys) on Proxmox. */
function databaseAppSecret(cluster: ResolvedCluster, app: string): string {
  return cluster.provider === "proxmox" ? `${app}-db-app` : databaseSecretName(app);
}

/** The connection as environment, the password as a file name: read the file on each new connection. */
function databaseEnv(cluster: ResolvedCluster, app: string) {
  const secret = databaseAppSecret(cluster, app);
  const key = (k: string) => ({ secret, key: k });
  return {
    DB_HOST: key("host"),
    DB_PORT: key("port"),
    DB_NAME: key("dbname"),
    DB_USER: key("username"),
  };
}
