import type { KubeObject } from "../pipeline/kubernetes";

/**
 * Argo CD's view of the rendered tree: the clusters registered on the hub and
 * the Applications that Applications and ApplicationSets (list and cluster
 * generators) make of them. Every check that reasons about Applications
 * expands them here, in one place.
 */
export interface RegisteredCluster {
  readonly name: string;
  readonly server: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Keys only are known at synth when the values come from the registration record. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The object that registers it. */
  readonly registeredBy: string;
}

export interface ExpandedApplication {
  /** The Application or ApplicationSet that makes it. */
  readonly owner: KubeObject;
  /** For generated ones: which generator element or cluster. */
  readonly element?: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: any;
}

export const CLUSTER_SECRET_TYPE = "argocd.argoproj.io/secret-type";

/** Clusters registered by Secrets or by ExternalSecrets whose target template is an Argo CD cluster secret. */
export function registeredClusters(objects: readonly KubeObject[]): RegisteredCluster[] {
  const out: RegisteredCluster[] = [];
  for (const o of objects) {
    const spec = o.spec as any;
    const target = o.kind === "ExternalSecret" ? spec?.target?.template : o.kind === "Secret" ? { metadata: o.metadata, data: (o as any).stringData } : undefined;
    if (target?.metadata?.labels?.[CLUSTER_SECRET_TYPE] !== "cluster") continue;
    const data = target.data ?? {};
    const annotations: Record<string, string> = { ...(target.metadata.annotations ?? {}) };
    for (const from of spec?.target?.template?.templateFrom ?? []) {
      if (from.target === "Annotations") for (const key of Object.keys(from.literal ? parseLiteralKeys(from.literal) : {})) annotations[key] = `<${key} from the registration>`;
    }
    out.push({ name: data.name, server: data.server, labels: target.metadata.labels, annotations, registeredBy: `${o.kind}/${o.metadata.name}` });
  }
  return out;
}

/** Keys of a YAML map of one level, as templateFrom literals write them ("key: value" per line). */
function parseLiteralKeys(literal: string): Record<string, string> {
  return Object.fromEntries(
    literal
      .split("\n")
      .map((l) => /^([^:#\s][^:]*):\s*(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1].trim(), m[2]]),
  );
}

/** A Kubernetes label selector (matchLabels and matchExpressions) against labels. */
export function matchesSelector(labels: Readonly<Record<string, string>>, selector: any): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries<string>(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    const ok =
      e.operator === "In" ? has && e.values.includes(value)
      : e.operator === "NotIn" ? !has || !e.values.includes(value)
      : e.operator === "Exists" ? has
      : e.operator === "DoesNotExist" ? !has
      : false;
    if (!ok) return false;
  }
  return true;
}

/** The parameters Argo CD's cluster generator gives a template for one cluster. */
export function clusterParams(c: RegisteredCluster, values: Record<string, string> = {}): Record<string, unknown> {
  return {
    name: c.name,
    nameNormalized: c.name.toLowerCase().replace(/[^a-z0-9.-]/g, "-"),
    server: c.server,
    metadata: { labels: c.labels, annotations: c.annotations },
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, render(v, { name: c.name, server: c.server, metadata: { labels: c.labels, annotations: c.annotations } })])),
  };
}

/** Every Application the objects make: plain ones, and those of ApplicationSets for each generator element. */
export function expandApplications(objects: readonly KubeObject[], clusters: readonly RegisteredCluster[]): ExpandedApplication[] {
  const out: ExpandedApplication[] = [];
  for (const o of objects) {
    if (o.apiVersion !== "argoproj.io/v1alpha1") continue;
    const spec = o.spec as any;
    if (o.kind === "Application") {
      out.push({ owner: o, name: o.metadata.name, labels: o.metadata.labels ?? {}, spec });
    } else if (o.kind === "ApplicationSet") {
      for (const { element, params, template: own } of generatorParams(o, clusters)) {
        const merged = own ? mergeTemplate(own, spec.template) : spec.template;
        const template = JSON.parse(JSON.stringify(merged), (_, v) => (typeof v === "string" ? render(v, params, `[ApplicationSet/${o.metadata.name}]`) : v));
        out.push({ owner: o, element, name: template.metadata.name, labels: template.metadata.labels ?? {}, spec: template.spec });
      }
    }
  }
  return out;
}

/**
 * A generator's own template over the set's, as Argo CD merges them
 * (mergeGeneratorTemplate: mergo.Merge without override): objects merge key
 * by key, and what the generator sets wins unless it is empty (a zero value,
 * an empty list), which the set's then fills.
 */
export function mergeTemplate(own: unknown, shared: unknown): unknown {
  const empty = (v: unknown) => v === undefined || v === null || v === "" || v === 0 || v === false || (Array.isArray(v) && v.length === 0);
  if (isObject(own) && isObject(shared)) {
    const out: Record<string, unknown> = { ...own };
    for (const [k, v] of Object.entries(shared)) out[k] = k in own ? mergeTemplate(own[k], v) : v;
    return out;
  }
  return empty(own) ? shared : own;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The parameter sets of an ApplicationSet's generators, each with its generator's own template if it has one. */
export function generatorParams(set: KubeObject, clusters: readonly RegisteredCluster[]): { element: string; params: Record<string, unknown>; template?: unknown }[] {
  const spec = set.spec as any;
  return (spec.generators as any[]).flatMap((g) => {
    if (g.list) return (g.list.elements as Record<string, unknown>[]).map((el) => ({ element: `element ${JSON.stringify(el)}`, params: el, template: g.list.template }));
    if (g.clusters) {
      return clusters
        .filter((c) => matchesSelector(c.labels, g.clusters.selector))
        .map((c) => ({ element: `cluster ${c.name}`, params: clusterParams(c, g.clusters.values), template: g.clusters.template }));
    }
    throw new Error(`[ApplicationSet/${set.metadata.name}] only list and cluster generators can be expanded; teach lib/argo/applications.ts the ${Object.keys(g)[0]} generator`);
  });
}

/**
 * Go-template placeholders as Argo CD renders them with missingkey=error:
 * {{.a.b}} and {{index .a "b"}}; anything missing is an error, as it is in Argo CD.
 */
export function render(text: string, params: Record<string, unknown>, where = ""): string {
  return text.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (whole, expr: string) => {
    const index = /^index\s+\.([\w.]+)\s+"([^"]+)"$/.exec(expr);
    const dotted = /^\.([\w.]+)$/.exec(expr);
    let value: unknown;
    if (index) value = lookup(params, [...index[1].split("."), index[2]]);
    else if (dotted) value = lookup(params, dotted[1].split("."));
    else throw new Error(`${where} template ${whole} is not one basecamp can expand`);
    if (value === undefined) throw new Error(`${where} template ${whole} has no value for this element (missingkey=error)`);
    return String(value);
  });
}

function lookup(params: unknown, path: string[]): unknown {
  let v: unknown = params;
  for (const k of path) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}
