import { ApiObject, type App } from "cdk8s";
import { bySet, syncOrder, type AddOn } from "../constructs/argocd/add-on";
import { application, AUTOSCALED } from "../constructs/argocd/application";
import { applicationSet, type RolloutStep } from "../constructs/argocd/application-set";
import { clusterSecret, gcpCredentials, REGISTRY_STORE } from "../constructs/argocd/cluster-secret";
import { ARGOCD_NAMESPACE } from "../constructs/argocd/types";
import { GCP_CREDENTIALS_SECRET } from "../constructs/addons/argo-cd";
import { appLabel, controllerIdentities, enableLabel, LABEL } from "../constructs/cluster/registration";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import { appDir, applicationName, clusterBaseDir, clusterPlatformDir, HUB_DIR, WAVE } from "../lib/layout";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import type { Provider } from "../lib/model/schema";
import { MONITORING } from "../constructs/observability/signals";
import { PLATFORM_PROJECT, teamProject, teamProjectName } from "./projects";
import { addOnGenerators, addOnSpec, destination, folder } from "./delivery";
import { commonLabels, registrationLabels } from "./labels";

/**
 * The Argo CD control layer on the hub, synced by the root Application:
 * the hub's own Argo CD and External Secrets, every push-mode cluster's
 * registration (an ExternalSecret making its cluster Secret), the projects,
 * and the fleet: one ApplicationSet for every add-on, folder and app of the
 * push-mode clusters, rolled out cluster by cluster and wave by wave.
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
        identities: c.isHub ? [] : controllerIdentities(c.provider, c.apps.some((a) => a.spec.database)),
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

    const fleet = new ApiObject(this, "fleet", fleetSet(p, push, addOns));
    describedBy(fleet, "clusters");
  }
}

/** The label value of a sync wave: label values begin with a letter or digit. */
export function waveLabel(wave: number): string {
  return wave < 0 ? `minus-${-wave}` : String(wave);
}

/**
 * Everything the hub syncs onto the push-mode clusters, as one
 * ApplicationSet whose RollingSync does what sync waves do on a pull-mode
 * cluster: cluster by cluster in the rollout order, wave by wave, each step
 * once the one before is Healthy. An add-on's CRDs are there before the
 * folders that use them, its namespace and Secrets before the add-on, and a
 * change reaches the next cluster only once the one before is healthy again.
 * One generator per add-on (enabled by its label), one for each cluster's
 * base and platform folders, one per app.
 */
function fleetSet(p: Resolved, push: readonly ResolvedCluster[], addOns: (c: ResolvedCluster) => readonly AddOn[]) {
  const byName = new Map<string, { addOn: AddOn; providers: Set<Provider> }>();
  for (const c of push) for (const a of addOns(c).filter((x) => bySet(x, c))) {
    const entry = byName.get(a.name) ?? { addOn: a, providers: new Set() };
    entry.providers.add(c.provider);
    byName.set(a.name, entry);
  }
  const sets = [...byName.values()].sort((x, y) => x.addOn.syncWave - y.addOn.syncWave || x.addOn.name.localeCompare(y.addOn.name));
  const labels = (wave: number, extra: Record<string, string>) => ({ ...templateLabels(extra), [WAVE_LABEL]: waveLabel(wave) });
  const cluster = { matchLabels: { [LABEL.secretType]: "cluster" } };
  const folderTemplate = (what: string, path: string, wave: number) => ({
    name: applicationName("{{.name}}", what),
    labels: labels(wave, {}),
    project: PLATFORM_PROJECT,
    sources: [folder(p, path)],
    destination: destination("{{.name}}", "default"),
  });
  const apps = p.apps.filter((a) => a.clusters.some((c) => p.cluster(c).delivery === "push"));
  return applicationSet({
    name: "fleet",
    namespace: ARGOCD_NAMESPACE,
    generators: [
      ...sets.flatMap(({ addOn: a, providers }) =>
        addOnGenerators(a, enableLabel(a.name), [...providers]).map((g) => ({
          ...g,
          template: {
            name: applicationName("{{.name}}", `addon-${a.name}`),
            labels: labels(a.syncWave, { "basecamp.dev/addon": a.name }),
            project: PLATFORM_PROJECT,
            ...addOnSpec(p, a, "{{.name}}", Boolean(a.registrationValues)),
            destination: destination("{{.name}}", a.namespace),
          },
        })),
      ),
      { ...cluster, template: folderTemplate("base", clusterBaseDir("{{.name}}"), WAVE.base) },
      { ...cluster, template: folderTemplate("platform", clusterPlatformDir("{{.name}}"), WAVE.platform) },
      ...apps.map((a) => ({
        matchLabels: { [appLabel(a.name)]: "true" },
        template: {
          name: applicationName("{{.name}}", `app-${a.name}`),
          labels: labels(WAVE.apps, { "basecamp.dev/app": a.name }),
          project: teamProjectName(a.team),
          sources: [folder(p, appDir("{{.name}}", a.name))],
          destination: destination("{{.name}}", a.namespace),
          ...(a.spec.autoscale ? { ignoreDifferences: AUTOSCALED } : {}),
        },
      })),
    ],
    steps: fleetSteps(p, push, (c) => syncOrder(c, addOns(c)).map((s) => s.wave)),
    // What every generator's template shares; each generator's own sets the rest.
    template: { name: applicationName("{{.name}}", "fleet"), labels: templateLabels({}), project: PLATFORM_PROJECT, destination: destination("{{.name}}", "default") },
  });
}

/** The label of a fleet Application that holds its wave. */
export const WAVE_LABEL = "basecamp.dev/wave";

/** RollingSync steps: each cluster in the rollout order, and on it each wave it has, lowest first. */
export function fleetSteps(p: Resolved, push: readonly ResolvedCluster[], waves: (c: ResolvedCluster) => number[]): RolloutStep[] {
  const ordered = p.platform.platform.gitops.rollout.flatMap((provider) => push.filter((c) => c.provider === provider));
  return ordered.flatMap((c) =>
    [...new Set(waves(c))]
      .sort((a, b) => a - b)
      .map((w) => ({ matchExpressions: [{ key: "basecamp.dev/cluster", operator: "In" as const, values: [c.name] }, { key: WAVE_LABEL, operator: "In" as const, values: [waveLabel(w)] }] })),
  );
}

/** Labels of a generated Application: its cluster and provider, which rollout steps select on. */
function templateLabels(extra: Record<string, string>): Record<string, string> {
  return { "basecamp.dev/cluster": "{{.name}}", [LABEL.provider]: `{{index .metadata.labels "${LABEL.provider}"}}`, ...extra };
}
