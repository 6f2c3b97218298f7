import type { KubeObject } from "./kube-kinds";

/** Names, labels and annotations, as the API server checks them. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** The 8 hex characters cdk8s appends to names it generates from the construct path. */
export const CDK8S_HASH_SUFFIX = /-(?=[0-9a-f]*[a-f])[0-9a-f]{8}$/;

function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS_SUBDOMAIN.test(s);
}

/** A label or annotation key: an optional DNS subdomain prefix, then a name of at most 63 characters. */
function isQualifiedKey(key: string): boolean {
  const slash = key.indexOf("/");
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  return (prefix === undefined || isDnsSubdomain(prefix)) && name.length <= 63 && QUALIFIED_NAME.test(name);
}

export function metadataProblems(o: KubeObject): string[] {
  const m = o.metadata;
  const problems: string[] = [];
  const name = m.name ?? "";
  const nameOk =
    o.kind === "Namespace" ? name.length <= 63 && DNS_LABEL.test(name)
    : o.kind === "Service" ? name.length <= 63 && DNS_1035_LABEL.test(name)
    : isDnsSubdomain(name);
  if (!nameOk) problems.push(`metadata.name '${name}' is not a valid ${o.kind} name`);
  if (m.namespace !== undefined && !(m.namespace.length <= 63 && DNS_LABEL.test(m.namespace))) {
    problems.push(`metadata.namespace '${m.namespace}' is not a DNS label`);
  }
  for (const [k, v] of Object.entries(m.labels ?? {})) {
    if (!isQualifiedKey(k)) problems.push(`label key '${k}' is not a qualified name`);
    if (typeof v !== "string" || v.length > 63 || !LABEL_VALUE.test(v)) problems.push(`label ${k} has invalid value '${v}'`);
  }
  for (const k of Object.keys(m.annotations ?? {})) {
    if (!isQualifiedKey(k)) problems.push(`annotation key '${k}' is not a qualified name`);
  }
  return problems;
}
