import { ApiObject, type App } from "cdk8s";
import { bySet, type AddOn } from "../constructs/argocd/add-on";
import { application } from "../constructs/argocd/application";
import { applicationSet } from "../constructs/argocd/application-set";
import { clusterSecret, gcpCredentials, REGISTRY_STORE } from "../constructs/argocd/cluster-secret";
import { ARGOCD_NAMESPACE } from "../constructs/argocd/types";
import { GCP_CREDENTIALS_SECRET } from "../constructs/addons/argo-cd";
import { appLabel, CONTROLLER_IDENTITIES, enableLabel, LABEL } from "../constructs/cluster/registration";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { appDir, applicationName, clusterPlatformDir, HUB_DIR } from "../lib/layout";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import { MONITORING } from "../constructs/observability/signals";
import { PLATFORM_PROJECT, teamProject, teamProjectName } from "./projects";
import { addOnGenerators, addOnSpec, destination, folder, rolloutSteps } from "./delivery";
import { commonLabels, registrationLabels } from "./labels";

/**
 * The Argo CD control layer on the hub, synced by the root Application:
 * the hub's own Argo CD and External Secrets, every push-mode cluster's
 * registration (an ExternalSecret making its cluster Secret), the projects,
 * one ApplicationSet per add-on and one for the clusters' platform folders
 * and apps, all rolled out in the description's order.
 */
export class HubChart extends RenderedChart {
  constructor(scope: App, p: Resolved, addOns: (c: ResolvedCluster) => readonly AddOn[]) {
    super(scope, "hub", HUB_DIR, p.hub.name, commonLabels(p));
    const hub = p.hub;
    const push = p.clusters.filter((c) => c.delivery === "push");
    const key = (c: string) => `${p.name}/${c}/registration`;

    for (const team of p.teams) {
      const on = push.filter((c) => c.teams.includes(team));
      if (on.length > 0) new ApiObject(this, `project-${team.name}`, teamProject(p, team, on));
    }

    // The hub's own add-ons that must run before it can register itself.
    for (const a of addOns(hub).filter((x) => !bySet(x, hub))) {
      new ApiObject(
        this,
        `addon-${a.name}`,
        application({
          name: a.name === "argo-cd" ? "argo-cd" : applicationName(hub.name, `addon-${a.name}`),
          namespace: ARGOCD_NAMESPACE,
          project: PLATFORM_PROJECT,
          ...addOnSpec(p, a, hub.name, false),
          destination: { server: "https://kubernetes.default.svc", namespace: a.namespace },
          syncWave: a.syncWave,
          // Deleting the Application must never delete Argo CD or the secrets it runs on.
          cascade: false,
        }),
      );
    }
    new ApiObject(this, "registry", {
      apiVersion: "external-secrets.io/v1",
      kind: "ClusterSecretStore",
      metadata: { name: REGISTRY_STORE, annotations: { "argocd.argoproj.io/sync-wave": "-20" } },
      // Pod Identity: the hub's External Secrets may read every registration and ingest token, nothing else of other clusters.
      spec: { provider: { aws: { service: "SecretsManager", region: hub.spec.region } }, conditions: [{ namespaces: [ARGOCD_NAMESPACE, MONITORING] }] },
    });
    for (const c of push) {
      const reg = clusterSecret(this, `cluster-${c.name}`, {
        cluster: c.name,
        auth: c.isHub ? "in-cluster" : (c.provider as "aws" | "gcp" | "azure"),
        key: key(c.name),
        labels: registrationLabels(p, c, addOns(c)),
        identities: c.isHub ? [] : CONTROLLER_IDENTITIES[c.provider],
      });
      reg.metadata.addAnnotation("argocd.argoproj.io/sync-wave", "-15");
      describedBy(reg, `clusters[${c.index}]`);
    }
    const gke = push.filter((c) => c.provider === "gcp");
    if (gke.length > 0) {
      gcpCredentials(this, "gcp-credentials", { name: GCP_CREDENTIALS_SECRET, clusters: gke.map((c) => ({ cluster: c.name, key: key(c.name) })) }).metadata.addAnnotation(
        "argocd.argoproj.io/sync-wave",
        "-15",
      );
    }

    // One ApplicationSet per add-on, for every push-mode cluster whose label enables it.
    const sets = new Map<string, { addOn: AddOn; clusters: ResolvedCluster[] }>();
    for (const c of push) for (const a of addOns(c).filter((x) => bySet(x, c))) {
      const entry = sets.get(a.name) ?? { addOn: a, clusters: [] };
      entry.clusters.push(c);
      sets.set(a.name, entry);
    }
    for (const { addOn: a, clusters } of [...sets.values()].sort((x, y) => x.addOn.syncWave - y.addOn.syncWave || x.addOn.name.localeCompare(y.addOn.name))) {
      const providers = [...new Set(clusters.map((c) => c.provider))];
      new ApiObject(
        this,
        `addon-set-${a.name}`,
        applicationSet({
          name: `addon-${a.name}`,
          namespace: ARGOCD_NAMESPACE,
          syncWave: a.syncWave,
          generators: addOnGenerators(a, enableLabel(a.name), providers),
          steps: rolloutSteps(p, providers),
          template: {
            name: applicationName("{{.name}}", `addon-${a.name}`),
            labels: templateLabels({ "basecamp.dev/addon": a.name }),
            project: PLATFORM_PROJECT,
            ...addOnSpec(p, a, "{{.name}}", Boolean(a.registrationValues)),
            destination: destination("{{.name}}", a.namespace),
          },
        }),
      );
    }

    // Cluster by cluster in the rollout order, its platform folder then its apps: an app never syncs before its
    // namespace exists, and one cluster's sick platform folder holds back only the clusters after it.
    const kind = (k: string) => ({ key: "basecamp.dev/kind", operator: "In" as const, values: [k] });
    const ordered = p.platform.platform.gitops.rollout.flatMap((provider) => push.filter((c) => c.provider === provider));
    const apps = p.apps.filter((a) => a.clusters.some((c) => p.cluster(c).delivery === "push"));
    const workloads = new ApiObject(
      this,
      "workloads",
      applicationSet({
        name: "workloads",
        namespace: ARGOCD_NAMESPACE,
        generators: [
          { matchLabels: { [LABEL.secretType]: "cluster" }, values: { kind: "platform", what: "platform", project: PLATFORM_PROJECT, path: clusterPlatformDir("{{.name}}"), namespace: "default", app: "" } },
          ...apps.map((a) => ({
            matchLabels: { [appLabel(a.name)]: "true" },
            values: { kind: "app", what: `app-${a.name}`, project: teamProjectName(a.team), path: appDir("{{.name}}", a.name), namespace: a.namespace, app: a.name },
          })),
        ],
        steps: ordered.flatMap((c) => {
          const cluster = { key: "basecamp.dev/cluster", operator: "In" as const, values: [c.name] };
          return [{ matchExpressions: [kind("platform"), cluster] }, ...(c.apps.length > 0 ? [{ matchExpressions: [kind("app"), cluster] }] : [])];
        }),
        template: {
          name: applicationName("{{.name}}", "{{.values.what}}"),
          labels: templateLabels({ "basecamp.dev/kind": "{{.values.kind}}", "basecamp.dev/app": "{{.values.app}}" }),
          project: "{{.values.project}}",
          sources: [folder(p, "{{.values.path}}")],
          destination: destination("{{.name}}", "{{.values.namespace}}"),
        },
      }),
    );
    describedBy(workloads, "apps");
  }
}

/** Labels of a generated Application: its cluster and provider, which rollout steps select on. */
function templateLabels(extra: Record<string, string>): Record<string, string> {
  return { "basecamp.dev/cluster": "{{.name}}", [LABEL.provider]: `{{index .metadata.labels "${LABEL.provider}"}}`, ...extra };
}
