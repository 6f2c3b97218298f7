import type { LabelSelector, MatchConstraints, ResourceRule, Resource } from "./types";

/** Group, version and plural resource name of an object, as admission sees it. */
export function resourceOf(o: Resource): { group: string; version: string; resource: string } {
  const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : ["", o.apiVersion];
  const lower = o.kind.toLowerCase();
  const resource = lower.endsWith("y") ? `${lower.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(lower) ? `${lower}es` : `${lower}s`;
  return { group, version, resource };
}

function has(list: readonly string[] | undefined, value: string): boolean {
  return list === undefined || list.includes("*") || list.includes(value);
}

/** Whether a resource rule covers the object on CREATE. */
export function ruleMatches(rule: ResourceRule, o: Resource): boolean {
  const r = resourceOf(o);
  return (
    has(rule.apiGroups, r.group) &&
    has(rule.apiVersions, r.version) &&
    has(rule.resources, r.resource) &&
    has(rule.operations, "CREATE") &&
    (rule.resourceNames === undefined || rule.resourceNames.length === 0 || rule.resourceNames.includes(o.metadata.name ?? ""))
  );
}

/** A Kubernetes label selector against a set of labels. */
export function selects(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(labels, e.key);
    const ok =
      e.operator === "In" ? present && (e.values ?? []).includes(labels[e.key])
      : e.operator === "NotIn" ? !present || !(e.values ?? []).includes(labels[e.key])
      : e.operator === "Exists" ? present
      : !present;
    if (!ok) return false;
  }
  return true;
}

/** The labels a namespace is selected by: its own, and the name label Kubernetes sets on every namespace. */
export function namespaceLabels(name: string, labels: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...labels, "kubernetes.io/metadata.name": name };
}

/** Whether the constraints' selectors admit the object (its resource rules are matched by the caller). */
export function selectorsMatch(mc: MatchConstraints | undefined, o: Resource, nsLabels: Readonly<Record<string, string>> | undefined): boolean {
  if (!mc) return true;
  if ((mc.excludeResourceRules ?? []).some((r) => ruleMatches(r, o))) return false;
  if (!selects(mc.objectSelector, o.metadata.labels ?? {})) return false;
  if (o.metadata.namespace !== undefined && nsLabels !== undefined && !selects(mc.namespaceSelector, nsLabels)) return false;
  return true;
}
