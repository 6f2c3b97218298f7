import type { AddOn } from "../../constructs/argocd/add-on";
import { TRAITS } from "../../constructs/cluster/traits";
import { IN_CLUSTER_SERVER } from "../../constructs/argocd/types";
import { matchesSelector, type ExpandedApplication } from "../argo/applications";
import { BOOTSTRAP_DIR, HUB_DIR } from "../layout";
import type { KubeObject } from "../pipeline/kubernetes";
import { treeApplications } from "./applications";
import { providerOf } from "./crd-providers";
import { objectsOf, type Check, type Finding, type RenderedTree } from "./finding";
import { podSpecOf } from "./pod-spec";
import { volumesIn } from "./storage-classes";

/** Namespaces every cluster has before Argo CD syncs anything (Argo CD's own among them). */
const EXISTING_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease", "argocd"];

/** When an Application syncs on its cluster: [phase, n], compared in order, and how to say it. */
interface Slot {
  readonly at: readonly [number, number];
  readonly says: string;
}

/** What Argo CD syncs onto one cluster, each Application with its slot and what it makes there. */
interface Delivery {
  readonly app: ExpandedApplication;
  readonly slot: Slot;
  readonly addOn?: AddOn;
  /** Each with its own slot: an object of hub/ syncs at its own wave there. */
  readonly objects: readonly { object: KubeObject; label: string; source?: string; slot: Slot }[];
}

/**
 * Nothing an Application waits for comes from a later one on its cluster:
 * no sync wave (a pull-mode cluster's Applications) and no RollingSync step
 * (the hub's fleet) waits on what a later one makes. An object's CRD, its
 * namespace and the Secrets its pods read; an add-on's namespace, the
 * Secrets it declares and the StorageClasses its volumes name: each must be
 * made by an earlier Application (or the same one), or exist on every
 * cluster. Otherwise that wave never becomes healthy, and the one that
 * would make what it waits for never syncs.
 */
export const ordering: Check = {
  name: "ordering",
  run(tree) {
    const findings: Finding[] = [];
    const byCluster = deliveriesByCluster(tree);
    for (const cluster of tree.resolved.clusters) {
      const deliveries = byCluster.get(cluster.name) ?? [];
      const builtInClass = TRAITS[cluster.provider].rendersStorageClass ? [] : [TRAITS[cluster.provider].storageClass];
      const makers = makersOf(deliveries);
      const need = (by: Delivery, at: Slot, where: string, source: string | undefined, kind: Kind, key: string, required: boolean) => {
        const from = makers(kind, key);
        const what = kind === "CRD" ? `the CRD of ${key.replace("|", " ")}` : `${kind} ${key}`;
        if (from.length === 0) {
          if (required) findings.push({ severity: "error", where, source, message: `waits at ${at.says} on ${what}, which nothing Argo CD syncs to ${cluster.name} makes` });
          return;
        }
        if (from.some((d) => d === by || before(d.slot, at))) return;
        const first = from[0];
        findings.push({ severity: "error", where, source, message: `waits at ${at.says} on ${what}, which ${first.app.name} makes only at ${first.slot.says}: that step never becomes healthy, so the later one never syncs` });
      };
      for (const d of deliveries) {
        if (d.addOn) {
          const a = d.addOn;
          const where = `${cluster.name}/${d.app.name}`;
          const source = `clusters[${cluster.index}]`;
          if (!EXISTING_NAMESPACES.includes(a.namespace)) need(d, d.slot, where, source, "Namespace", a.namespace, true);
          for (const s of a.secrets?.(cluster, tree.resolved) ?? []) need(d, d.slot, where, source, "Secret", `${a.namespace}/${s}`, true);
          for (const v of volumesIn(a.values(cluster, tree.resolved))) {
            if (typeof v.className === "string" && !builtInClass.includes(v.className)) need(d, d.slot, `${where} (values ${v.path})`, source, "StorageClass", v.className, true);
          }
        }
        for (const { object, label, source, slot } of d.objects) {
          const ns = object.metadata.namespace;
          if (ns && !EXISTING_NAMESPACES.includes(ns)) need(d, slot, label, source, "Namespace", ns, false);
          if (!builtIn(object.apiVersion)) need(d, slot, label, source, "CRD", `${object.apiVersion}|${object.kind}`, false);
          for (const s of secretsRead(object)) need(d, slot, label, source, "Secret", `${ns}/${s}`, false);
        }
      }
    }
    return findings;
  },
};

type Kind = "CRD" | "Namespace" | "Secret" | "StorageClass";

/** Who makes what on one cluster, in delivery order: indexed once, so each need is a lookup. */
function makersOf(deliveries: readonly Delivery[]): (kind: Kind, key: string) => readonly Delivery[] {
  const made = new Map<string, Delivery[]>();
  const add = (kind: Kind, key: string, d: Delivery) => {
    const k = `${kind}|${key}`;
    const list = made.get(k) ?? [];
    if (list[list.length - 1] !== d) list.push(d);
    made.set(k, list);
  };
  for (const d of deliveries) {
    if (d.addOn && createsNamespace(d.app)) add("Namespace", d.addOn.namespace, d);
    for (const { object } of d.objects) {
      if (object.kind === "Namespace") add("Namespace", object.metadata.name, d);
      if (object.kind === "StorageClass") add("StorageClass", object.metadata.name, d);
      for (const s of secretsMade(object)) add("Secret", s, d);
    }
  }
  const crds = new Map<string, Delivery[]>();
  return (kind, key) => {
    if (kind !== "CRD") return made.get(`${kind}|${key}`) ?? [];
    let list = crds.get(key);
    if (!list) {
      const [apiVersion, k] = key.split("|");
      list = deliveries.filter((d) => d.addOn !== undefined && providerOf([d.addOn], apiVersion, k) !== undefined);
      crds.set(key, list);
    }
    return list;
  };
}

/** API groups Kubernetes serves itself, and Argo CD's, which runs before anything syncs. */
function builtIn(apiVersion: string): boolean {
  if (!apiVersion.includes("/")) return true;
  const group = apiVersion.split("/")[0];
  return !group.includes(".") || group.endsWith(".k8s.io") || group === "argoproj.io";
}

function before(a: Slot, b: Slot): boolean {
  return a.at[0] < b.at[0] || (a.at[0] === b.at[0] && a.at[1] < b.at[1]);
}

function createsNamespace(app: ExpandedApplication): boolean {
  return (app.spec.syncPolicy?.syncOptions ?? []).includes("CreateNamespace=true");
}

/** namespace/name of the Secrets an object makes: itself, or an ExternalSecret's target. */
function secretsMade(o: KubeObject): string[] {
  const ns = o.metadata.namespace;
  if (o.kind === "Secret") return [`${ns}/${o.metadata.name}`];
  if (o.kind === "ExternalSecret") return [`${ns}/${(o.spec as any)?.target?.name ?? o.metadata.name}`];
  return [];
}

/** The Secrets a pod-running object's pods cannot start without (optional references left out). */
function secretsRead(o: KubeObject): string[] {
  const pod = podSpecOf(o)?.spec;
  if (!pod) return [];
  const out = new Set<string>();
  for (const v of pod.volumes ?? []) if (v.secret && !v.secret.optional) out.add(v.secret.secretName);
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef && !e.valueFrom.secretKeyRef.optional) out.add(e.valueFrom.secretKeyRef.name);
    for (const e of c.envFrom ?? []) if (e.secretRef && !e.secretRef.optional) out.add(e.secretRef.name);
  }
  return [...out];
}

/**
 * Every Application that syncs onto each cluster, in its slot: the
 * bootstrap's and hub/'s own (by their wave in that folder, all before the
 * fleet, which syncs at hub/'s wave 0), the fleet's (by RollingSync step),
 * and a pull-mode cluster's own (by wave in its Applications' folder). One
 * pass over the tree for every cluster.
 */
function deliveriesByCluster(tree: RenderedTree): Map<string, Delivery[]> {
  const all = objectsOf(tree);
  const apps = treeApplications(tree);
  const { repoURL } = tree.resolved.platform.platform.gitops;
  const inFolder = new Map<string, typeof all>();
  for (const o of all) {
    const k = `${o.chart.cluster}\0${o.chart.dir}`;
    const list = inFolder.get(k) ?? [];
    list.push(o);
    inFolder.set(k, list);
  }
  const addOnsOf = new Map(tree.resolved.clusters.map((c) => [c.name, tree.addOns(c)]));
  const out = new Map<string, Delivery[]>();
  for (const { object, chart } of all) {
    if (object.kind !== "Application" && object.kind !== "ApplicationSet") continue;
    const steps = (object.spec as any)?.strategy?.rollingSync?.steps as any[] | undefined;
    for (const app of apps.of(object)) {
      const dest = app.spec.destination ?? {};
      const cluster = dest.name ?? (dest.server === IN_CLUSTER_SERVER ? chart.cluster : undefined);
      const addOns = cluster === undefined ? undefined : addOnsOf.get(cluster);
      if (cluster === undefined || addOns === undefined) continue;
      const wave = Number(object.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
      let slot: Slot;
      if (steps) {
        const i = steps.findIndex((s) => matchesSelector(app.labels, { matchExpressions: s.matchExpressions }));
        if (i < 0) continue; // rollout-steps reports it
        slot = { at: [2, i], says: `rollout step ${i + 1} of ${object.metadata.name}` };
      } else if (chart.dir === BOOTSTRAP_DIR || chart.dir === HUB_DIR) {
        slot = { at: [chart.dir === BOOTSTRAP_DIR ? 0 : 1, wave], says: `${chart.dir}/ wave ${wave}` };
      } else {
        slot = { at: [2, wave], says: `wave ${wave}` };
      }
      const sources: any[] = app.spec.sources ?? [app.spec.source];
      const folders = [...new Set(sources.filter((s) => s.repoURL === repoURL && s.path !== undefined).map((s) => s.path as string))];
      const addOn = addOns.find((a) => sources.some((s) => s.repoURL === a.repoURL && (a.chart === undefined || s.chart === a.chart)));
      const objects = folders
        .flatMap((dir) => inFolder.get(`${cluster}\0${dir}`) ?? [])
        .map((o) => {
          const own = Number(o.object.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
          return { object: o.object, label: o.label, source: o.origin.source, slot: o.chart.dir === HUB_DIR ? { at: [1, own] as const, says: `hub/ wave ${own}` } : slot };
        });
      const list = out.get(cluster) ?? [];
      list.push({ app, slot, addOn, objects });
      out.set(cluster, list);
    }
  }
  return out;
}
