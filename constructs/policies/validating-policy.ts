import { celString } from "../../lib/policy/cel";
import { RULES_ANNOTATION } from "../../lib/policy/rules";
import type { LabelSelector, ValidatingPolicy } from "../../lib/policy/types";
import { CONTAINER_VARIABLES, type PolicyDefinition } from "./definitions";

export const POLICIES_API = "policies.kyverno.io/v1";

/** Pods on CREATE and UPDATE: Kyverno's autogen extends the policy to their controllers. */
export const POD_RULES = [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] }];

/** Namespaces left alone, by name. */
export function namespacesExcept(names: readonly string[]): LabelSelector {
  return { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: [...names].sort() }] };
}

function variableName(rule: string): string {
  return rule.replace(/-([a-z])/g, (_, x: string) => x.toUpperCase());
}

/**
 * A definition as Kyverno's ValidatingPolicy: one variable per rule (its
 * offending fields), one validation per rule that passes when the list is
 * empty and names each field when it is not. Deny on failure; the rules'
 * names in order in the basecamp.dev/rules annotation.
 */
export function validatingPolicy(def: PolicyDefinition, excluded: readonly string[]): ValidatingPolicy & { spec: Record<string, unknown> } {
  const variables = [
    ...Object.entries(CONTAINER_VARIABLES).map(([name, expression]) => ({ name, expression })),
    ...Object.entries(def.variables ?? {}).map(([name, expression]) => ({ name, expression })),
    ...def.rules.map((r) => ({ name: variableName(r.name), expression: r.offenders })),
  ];
  const names = variables.map((v) => v.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`policy ${def.name}: two variables are named ${twice}`);
  return {
    apiVersion: POLICIES_API,
    kind: "ValidatingPolicy",
    metadata: {
      name: def.name,
      annotations: {
        "policies.kyverno.io/title": def.title,
        "policies.kyverno.io/description": def.description,
        [RULES_ANNOTATION]: def.rules.map((r) => r.name).join(","),
      },
    },
    spec: {
      validationActions: ["Deny"],
      failurePolicy: "Fail",
      matchConstraints: { resourceRules: POD_RULES, namespaceSelector: namespacesExcept(excluded) },
      ...(def.controllers ? { autogen: { podControllers: { controllers: [...def.controllers] } } } : {}),
      ...(def.matchConditions ? { matchConditions: def.matchConditions.map((m) => ({ ...m })) } : {}),
      variables,
      validations: def.rules.map((r) => {
        const v = `variables.${variableName(r.name)}`;
        const named = r.form === "containers" ? `'containers[' + ${v}.join(', ') + ${celString(`]${r.field}: ${r.what}`)}` : `${v}.join(', ') + ${celString(`: ${r.what}`)}`;
        return { expression: `size(${v}) == 0`, message: r.form === "containers" ? `containers[*]${r.field}: ${r.what}` : r.what, messageExpression: named };
      }),
    },
  };
}
