import { ApiObject, type App } from "cdk8s";
import { k3sUpgradePlans } from "../constructs/k8s/k3s-upgrade-plans";
import { k3sRelease } from "../constructs/proxmox/k3s-images";
import { kubeVipManifests, kubeVipPodLabels } from "../constructs/proxmox/kube-vip";
import { OIDC_SECRET } from "../constructs/addons/argo-cd";
import { oidcClientSecret, repositoryCredentials } from "../constructs/argocd/argocd-secrets";
import { databaseName } from "../constructs/cluster/names";
import { backendKey } from "../constructs/cluster/secret-keys";
import { BACKUPS_KEY, cnpgDatabase, databaseSecrets, generatedSecret } from "../constructs/k8s/database";
import { ARCHIVE_KEY, loginKeyName, replicatedDatabase } from "../constructs/k8s/replicated-database";
import { appNetworkPolicies } from "../constructs/k8s/app-network";
import { databaseRolesName } from "../constructs/k8s/database-roles";
import { appValues } from "./app-values";
import { PublicGateway } from "../constructs/k8s/gateway";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { TeamTenancy } from "../constructs/k8s/tenancy";
import { TRAITS } from "../constructs/cluster/traits";
import { flowPolicySpec } from "../constructs/cluster/flows";
import type { AddOn } from "../constructs/argocd/add-on";
import { teamGroup } from "../constructs/cluster/team-access";
import { ingressAddress } from "../constructs/proxmox/proxmox-layout";
import { hubNames } from "../constructs/observability/hub-routes";
import { OTEL, OTEL_COLLECTOR } from "../constructs/observability/signals";
import { clusterPlatformDir } from "../lib/layout";
import type { NodeSize } from "../lib/model/common";
import { servesEntryName, type Resolved, type ResolvedCluster } from "../lib/model/resolve";
import { commonLabels } from "./labels";

/** Each CloudNativePG instance's CPU and memory (Proxmox, and the copies of a failover order), by size. */
const CNPG_RESOURCES: Record<NodeSize, { cpu: string; memory: string }> = {
  small: { cpu: "250m", memory: "1Gi" },
  medium: { cpu: "1", memory: "4Gi" },
  large: { cpu: "2", memory: "8Gi" },
};

/** Namespaces whose pods may reach every team pod: monitoring's scrapers (the gateway reaches front doors only). */
export const PLATFORM_INGRESS = ["monitoring"];

/**
 * What the platform puts on one cluster, before any app: the tenancy of each
 * team that runs apps there, each app's NetworkPolicies and its Redis
 * password, the apps' database credentials (or the databases themselves:
 * CloudNativePG's on Proxmox and for a failover order's copies), and the
 * public Gateway with its certificate. What the add-ons need first is in the base folder.
 */
export class ClusterPlatformChart extends RenderedChart {
  constructor(scope: App, p: Resolved, cluster: ResolvedCluster, addOns: readonly AddOn[]) {
    super(scope, `${cluster.name}--platform`, clusterPlatformDir(cluster.name), cluster.name, { ...commonLabels(p), "basecamp.dev/cluster": cluster.name });
    describedBy(this, `clusters[${cluster.index}]`);
    const spec = cluster.spec;
    const dbApps = cluster.apps.filter((a) => a.spec.database);
    const labels = { ...commonLabels(p), "basecamp.dev/cluster": cluster.name };
    const traits = TRAITS[cluster.provider];

    for (const team of cluster.teams) {
      const t = new TeamTenancy(this, `team-${team.name}`, {
        team: team.name,
        owners: team.owners,
        group: teamGroup(team, cluster.provider),
        quota: team.quota,
        podSecurity: team.podSecurity,
        labels,
        ingressFrom: PLATFORM_INGRESS,
        telemetry: { namespace: OTEL, ports: [OTEL_COLLECTOR.grpc, OTEL_COLLECTOR.http] },
      });
      describedBy(t, `teams[${p.teams.indexOf(team)}]`);
    }

    // What the add-ons need into or out of the teams' namespaces, through their default-deny.
    for (const a of addOns) {
      for (const f of a.flows?.(cluster, p) ?? []) {
        new ApiObject(this, `flow-${f.namespace}-${f.name}`, { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: `allow-${f.name}`, namespace: f.namespace, labels }, spec: flowPolicySpec(f) });
      }
    }

    // A pull-mode cluster reads a private repository with credentials its own backend keeps.
    const repoCredentials = cluster.delivery === "pull" && p.platform.platform.gitops.private;
    // The hub's Argo CD reads its SSO client secret from the hub's backend.
    const sso = cluster.isHub && p.platform.platform.gitops.sso !== undefined;
    if (sso) oidcClientSecret(this, "argocd-oidc", { name: OIDC_SECRET, key: backendKey(p.name, cluster, OIDC_SECRET), labels });
    if (repoCredentials) {
      repositoryCredentials(this, "repository-credentials", { repoURL: p.platform.platform.gitops.repoURL, key: backendKey(p.name, cluster, "git-credentials"), labels });
    }

    // Each app's paths through its team's default-deny, from the same values its chart renders from. The
    // platform's project writes them: a team's refuses NetworkPolicies, so a team cannot widen its own.
    for (const app of cluster.apps) {
      const v = appValues(p, cluster, app);
      const np = appNetworkPolicies(this, `network-${app.name}`, {
        app: app.name,
        namespace: app.namespace,
        labels: { ...labels, "basecamp.dev/team": app.team, "basecamp.dev/app": app.name },
        workloads: v.workloads,
        frontDoor: v.network.frontDoor,
        routed: v.network.routed,
        gatewayNamespace: v.network.gatewayNamespace,
        databaseUsers: v.network.databaseUsers,
        database: v.network.database,
        databaseJobs: v.database?.roles ? [databaseRolesName(app.name)] : [],
        redis: v.network.redis,
        redisUsers: v.network.redisUsers,
      });
      describedBy(np, `apps[${p.apps.indexOf(app)}]`);
      // Redis's password: generated once on the cluster, like the database's (a team's project refuses ExternalSecrets).
      if (v.redis) {
        const es = generatedSecret(this, `redis-${app.name}`, { name: v.redis.secret, namespace: app.namespace, labels: { ...labels, "basecamp.dev/team": app.team, "app.kubernetes.io/part-of": app.name } });
        describedBy(es, `apps[${p.apps.indexOf(app)}].redis`);
      }
    }

    for (const app of dbApps) {
      const appLabels = { ...labels, "basecamp.dev/team": app.team, "app.kubernetes.io/part-of": app.name };
      const db = app.spec.database!;
      if (app.failover?.order.includes(cluster.name)) {
        replicatedDatabase(this, `database-${app.name}`, {
          app: app.name,
          namespace: app.namespace,
          self: cluster.name,
          failover: app.failover,
          archive: { bucket: p.platform.platform.archive!.bucket, region: p.hub.spec.region, vaultKey: backendKey(p.name, cluster, ARCHIVE_KEY) },
          loginKey: backendKey(p.name, cluster, loginKeyName(app.name)),
          instances: db.ha ? 3 : 1,
          storageGb: db.storage,
          storageClass: traits.storageClass,
          resources: CNPG_RESOURCES[db.size],
          podLabels: { "basecamp.dev/team": app.team, "basecamp.dev/app": app.name, "basecamp.dev/environment": p.platform.platform.environment },
          labels: appLabels,
        });
        continue;
      }
      if (spec.provider === "proxmox") {
        cnpgDatabase(this, `database-${app.name}`, {
          app: app.name,
          namespace: app.namespace,
          instances: db.ha ? 3 : 1,
          storageGb: db.storage,
          storageClass: traits.storageClass,
          resources: CNPG_RESOURCES[db.size],
          podLabels: { "basecamp.dev/team": app.team, "basecamp.dev/app": app.name, "basecamp.dev/environment": p.platform.platform.environment },
          vaultKey: databaseKey(p, cluster, app.name),
          labels: appLabels,
          backups: spec.backups ? { ...spec.backups, prefix: `${cluster.name}/${app.name}`, vaultKey: backendKey(p.name, cluster, BACKUPS_KEY) } : undefined,
        });
        continue;
      }
      const es = databaseSecrets(this, `database-${app.name}`, {
        dbName: databaseName(app.name),
        cluster: spec,
        app: app.name,
        namespace: app.namespace,
        key: databaseKey(p, cluster, app.name),
        rdsInstanceArn: spec.provider === "aws" ? `arn:aws:rds:${spec.region}:${p.platform.platform.awsAccount}:db:${cluster.name}-${app.name}` : undefined,
        labels: appLabels,
      });
      describedBy(es, `apps[${p.apps.indexOf(app)}].database`);
    }

    if (spec.provider === "proxmox") {
      // What runs on the VMs is upgraded from here, in place; their first-boot snippets only bootstrap.
      k3sUpgradePlans(this, "k3s-upgrade", { release: k3sRelease(spec.kubernetesVersion), labels });
      for (const [i, o] of kubeVipManifests(spec.apiAddress, spec.loadBalancers, kubeVipPodLabels(cluster.tags)).entries()) new ApiObject(this, `kube-vip-${i}`, { ...(o as any), metadata: { ...(o as any).metadata, labels } });
    }

    const zone = `${cluster.name}.${p.domain}`;
    const entryApp = p.platform.platform.entry.app;
    new PublicGateway(this, "gateway", {
      serviceAnnotations: gatewayAnnotations(cluster, `ingress.${zone}`),
      dnsNames: [`*.${zone}`, ...(servesEntryName(cluster) && entryApp ? [p.entryFqdn] : [])],
      issuer: spec.provider === "proxmox" ? { kind: "self-signed" } : { kind: "acme", email: p.teams.find((t) => t.name === p.platform.platform.owner)!.owners[0] },
      labels,
      platformNames: cluster.isHub ? hubNames(p) : [],
    });
  }
}

/** Where the cluster's stack writes an app's database credentials (or connection), as its External Secrets read it. */
export function databaseKey(p: Resolved, cluster: ResolvedCluster, app: string): string {
  return backendKey(p.name, cluster, `${app}/database`);
}

/** The gateway's load balancer per cloud, and the name ExternalDNS gives it (a home network has no ExternalDNS). */
function gatewayAnnotations(cluster: ResolvedCluster, hostname: string): Record<string, string> {
  const dns = { "external-dns.alpha.kubernetes.io/hostname": hostname };
  switch (cluster.provider) {
    case "aws":
      return { ...dns, "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" };
    case "gcp":
    case "azure":
      return dns;
    case "proxmox":
      return { "kube-vip.io/loadbalancerIPs": cluster.spec.provider === "proxmox" ? ingressAddress(cluster.spec.loadBalancers) : "" };
  }
}
