import type { MatchConstraints, Resource, ValidatingPolicy } from "./types";

/**
 * Kyverno's autogen for pod controllers (pkg/cel/autogen, v1.19): a policy
 * on pods also applies to the pod template of each controller, by rewriting
 * the policy's text. `object.spec` becomes the template's spec and
 * `object.metadata` its metadata, except `object.metadata.namespace`, which
 * stays the workload's own.
 */
type Variant = "defaults" | "cronjobs";

const REPLACEMENTS: Record<Variant, [string, string][]> = {
  defaults: [
    ["spec", "spec.template.spec"],
    ["metadata", "spec.template.metadata"],
  ],
  cronjobs: [
    ["spec", "spec.jobTemplate.spec.template.spec"],
    ["metadata", "spec.jobTemplate.spec.template.metadata"],
  ],
};

/** Kyverno's pod controllers, by resource, with their rewrite. */
export const CONTROLLERS: Readonly<Record<string, { kind: string; apiVersion: string; variant: Variant }>> = {
  daemonsets: { kind: "DaemonSet", apiVersion: "apps/v1", variant: "defaults" },
  deployments: { kind: "Deployment", apiVersion: "apps/v1", variant: "defaults" },
  replicasets: { kind: "ReplicaSet", apiVersion: "apps/v1", variant: "defaults" },
  statefulsets: { kind: "StatefulSet", apiVersion: "apps/v1", variant: "defaults" },
  jobs: { kind: "Job", apiVersion: "batch/v1", variant: "defaults" },
  cronjobs: { kind: "CronJob", apiVersion: "batch/v1", variant: "cronjobs" },
};

/**
 * Kinds Kyverno does not autogen for but whose pods it checks when they are
 * created; synth checks their template as those pods, so the refusal comes
 * before the merge rather than at the first rollout.
 */
export const POD_TEMPLATE_KINDS: Readonly<Record<string, string>> = { "argoproj.io/v1alpha1/Rollout": "defaults" };

/** Kyverno's CanAutoGen: exactly one rule, on core v1 pods, with no names, exclusions or object selector. */
export function canAutogen(mc: MatchConstraints | undefined): boolean {
  const rules = mc?.resourceRules ?? [];
  if (rules.length !== 1 || mc?.objectSelector || (mc?.excludeResourceRules ?? []).length > 0) return false;
  const r = rules[0];
  const only = (list: readonly string[] | undefined, v: string) => list !== undefined && list.length === 1 && list[0] === v;
  return only(r.apiGroups, "") && only(r.apiVersions, "v1") && only(r.resources, "pods") && (r.resourceNames ?? []).length === 0;
}

/** The autogen rewrite of a policy for an object's kind, or undefined when autogen does not cover it. */
export function autogenFor(policy: ValidatingPolicy, o: Resource): ValidatingPolicy | undefined {
  if (!canAutogen(policy.spec.matchConstraints)) return undefined;
  const key = `${o.apiVersion}/${o.kind}`;
  const asPods = POD_TEMPLATE_KINDS[key] as Variant | undefined;
  if (asPods) return rewrite(policy, asPods);
  const entry = Object.entries(CONTROLLERS).find(([, c]) => c.kind === o.kind && c.apiVersion === o.apiVersion);
  if (!entry) return undefined;
  const enabled = policy.spec.autogen?.podControllers?.controllers;
  if (enabled !== undefined && !enabled.includes(entry[0])) return undefined;
  return rewrite(policy, entry[1].variant);
}

const rewritten = new WeakMap<ValidatingPolicy, Partial<Record<Variant, ValidatingPolicy>>>();

function rewrite(policy: ValidatingPolicy, variant: Variant): ValidatingPolicy {
  const cached = rewritten.get(policy) ?? {};
  if (cached[variant]) return cached[variant]!;
  const { matchConstraints, ...rest } = policy.spec;
  let text = JSON.stringify(rest);
  for (const [from, to] of REPLACEMENTS[variant]) {
    for (const root of ["object", "oldObject"]) {
      const guard = from === "metadata" ? "(?!\\.namespace(?![A-Za-z0-9_]))" : "";
      text = text.replace(new RegExp(`(?<![A-Za-z0-9_])${root}\\.${from}(?![A-Za-z0-9_])${guard}`, "g"), `${root}.${to}`);
    }
  }
  const out: ValidatingPolicy = { ...policy, spec: { ...JSON.parse(text), matchConstraints } };
  cached[variant] = out;
  rewritten.set(policy, cached);
  return out;
}
