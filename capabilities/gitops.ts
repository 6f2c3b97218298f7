import { SORTED_STYLE, toYaml } from "../lib/pipeline/yaml";
import { stringify } from "yaml";
import { argoCd } from "../constructs/addons/argo-cd";
import { argoRollouts } from "../constructs/addons/argo-rollouts";
import { certManager } from "../constructs/addons/cert-manager";
import { cloudnativePg } from "../constructs/addons/cloudnative-pg";
import { metricsServer } from "../constructs/addons/metrics-server";
import { clusterAutoscaler } from "../constructs/addons/cluster-autoscaler";
import { envoyGateway } from "../constructs/addons/envoy-gateway";
import { externalDns } from "../constructs/addons/external-dns";
import { externalSecrets } from "../constructs/addons/external-secrets";
import { systemUpgradeController } from "../constructs/addons/system-upgrade-controller";
import { valuesFile, type AddOn } from "../constructs/argocd/add-on";
import type { Capability, ExtraFile } from "../lib/capability";
import { addOnNamespaces } from "../lib/checks/addon-namespaces";
import { bootstrapAdmission } from "../lib/checks/bootstrap-admission";
import { flowsAllowed } from "../lib/checks/flows";
import { oneDnsWriter } from "../lib/checks/dns-writers";
import { crdProviders } from "../lib/checks/crd-providers";
import { ordering } from "../lib/checks/ordering";
import { databaseBackups } from "../lib/checks/database-backups";
import { clustersAreSelected } from "../lib/checks/cluster-selectors";
import { databaseSecretKeys } from "../lib/checks/database-secrets";
import { noSecretData } from "../lib/checks/no-secret-data";
import { podSecurity } from "../lib/checks/pod-security";
import { rolloutSteps } from "../lib/checks/rollout-steps";
import { storageClasses } from "../lib/checks/storage-classes";
import { BOOTSTRAP_DIR } from "../lib/layout";
import type { ResolvedCluster } from "../lib/model/resolve";
import { BOOTSTRAP_KUSTOMIZATION, BootstrapChart } from "../manifests/bootstrap-chart";
import { ClusterBaseChart } from "../manifests/cluster-base-chart";
import { ClusterPlatformChart } from "../manifests/cluster-platform-chart";
import { HubChart } from "../manifests/hub-chart";
import { PullRootChart } from "../manifests/pull-root-chart";
import { HEADER, objectFileName } from "../lib/pipeline/gitops";
import type { ChartOutput } from "../lib/pipeline/kubernetes";

/** The add-ons every cluster needs to be run from git: secrets, certificates, DNS, ingress, rollouts. */
function addOns(cluster: ResolvedCluster): AddOn[] {
  const list: AddOn[] = [externalSecrets, certManager, envoyGateway, argoRollouts];
  if (cluster.isHub || cluster.delivery === "pull") list.push(argoCd);
  if (cluster.provider !== "proxmox") list.push(externalDns);
  if (cluster.provider === "aws") list.push(clusterAutoscaler, metricsServer);
  // On every Proxmox cluster, databases or not: removing the operator would remove its CRD and every database with it.
  // On a cloud, once a failover order puts a copy of a database there (its managed databases need no operator).
  if (cluster.provider === "proxmox" || cluster.apps.some((a) => a.failover?.order.includes(cluster.name))) list.push(cloudnativePg);
  // K3s upgrades in place, never by rebuilding its VMs.
  if (cluster.provider === "proxmox") list.push(systemUpgradeController);
  return list;
}

/**
 * Argo CD on the hub and on pull-mode clusters, cluster registration
 * without credentials in git, the add-ons as ApplicationSets, team tenancy,
 * and the checks that hold the delivery together.
 */
export const gitops: Capability = {
  name: "gitops",
  addOns: (cluster) => addOns(cluster),
  charts(app, ctx) {
    const p = ctx.resolved;
    if (ctx.shared) {
      new BootstrapChart(app, p, ctx.addOns);
      new HubChart(app, p, ctx.addOns);
    }
    for (const cluster of ctx.clusters) {
      new ClusterBaseChart(app, p, cluster, ctx.addOns(cluster));
      new ClusterPlatformChart(app, p, cluster, ctx.addOns(cluster));
      if (cluster.delivery === "pull") new PullRootChart(app, p, cluster, ctx.addOns(cluster));
    }
  },
  files(ctx, charts): ExtraFile[] {
    const p = ctx.resolved;
    const values = ctx.clusters.flatMap((c) =>
      ctx.addOns(c).filter((a) => !a.folders).map((a) => ({ path: valuesFile(c.name, a.name), content: HEADER + toYaml(a.values(c, p), SORTED_STYLE), owner: `values/${c.name}/${a.name}` })),
    );
    return ctx.shared ? [...values, kustomization(charts)] : values;
  },
  checks: [clustersAreSelected, rolloutSteps, podSecurity, noSecretData, databaseSecretKeys, addOnNamespaces, storageClasses, bootstrapAdmission, flowsAllowed, oneDnsWriter, crdProviders, ordering, databaseBackups],
};

/** bootstrap/kustomization.yaml: the folder's objects, for `kubectl apply -k`. */
function kustomization(charts: readonly ChartOutput[]): ExtraFile {
  const files = charts.filter((c) => c.dir === BOOTSTRAP_DIR).flatMap((c) => c.objects.map(objectFileName));
  return {
    path: `${BOOTSTRAP_DIR}/${BOOTSTRAP_KUSTOMIZATION}`,
    content: HEADER + stringify({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: files.sort() }),
    owner: "bootstrap/kustomization",
  };
}
