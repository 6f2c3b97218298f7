import { autogenFor } from "./autogen";
import { compile, toCel } from "./cel";
import { resourceOf, ruleMatches, selectorsMatch } from "./match";
import type { PolicyException, Resource, ValidatingPolicy } from "./types";

/** What Kyverno decides for one policy and one object on CREATE. */
export type Verdict =
  | { readonly result: "pass" }
  | { readonly result: "skip"; readonly reason: string }
  | { readonly result: "fail"; readonly validation: number; readonly message: string }
  | { readonly result: "error"; readonly validation?: number; readonly message: string };

export interface Admission {
  /** Labels of the object's namespace; its name label is added. Unknown: namespace selectors pass. */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** PolicyExceptions in force. */
  readonly exceptions?: readonly PolicyException[];
  /** The object as toCel gives it, when the caller converts each object once for many policies. */
  readonly converted?: unknown;
}

/**
 * Evaluates a ValidatingPolicy against an object as Kyverno's engine does
 * (pkg/cel/policies/vpol, v1.19): the match (directly, or through autogen
 * for pod controllers), exceptions, match conditions, lazy variables, then
 * each validation in order; the first false one fails, an error errs.
 */
export function evaluate(policy: ValidatingPolicy, object: Resource, admission: Admission = {}): Verdict {
  return run(policy, object, admission, false)[0];
}

/** Like evaluate, but every failing validation, not only the first: synth reports all problems at once. */
export function evaluateAll(policy: ValidatingPolicy, object: Resource, admission: Admission = {}): Verdict[] {
  return run(policy, object, admission, true);
}

function run(policy: ValidatingPolicy, object: Resource, admission: Admission, all: boolean): Verdict[] {
  const mc = policy.spec.matchConstraints;
  const direct = (mc?.resourceRules ?? []).some((r) => ruleMatches(r, object));
  const effective = direct ? policy : autogenFor(policy, object);
  if (!effective) return [{ result: "skip", reason: `does not match ${resourceOf(object).resource}` }];
  if (!selectorsMatch(mc, object, admission.namespaceLabels)) return [{ result: "skip", reason: "excluded by its match constraints" }];

  const obj = admission.converted ?? toCel(object);
  const request = {
    operation: "CREATE",
    name: object.metadata.name ?? "",
    namespace: object.metadata.namespace ?? "",
    kind: { group: resourceOf(object).group, version: resourceOf(object).version, kind: object.kind },
    object: obj,
  };
  const namespaceObject = object.metadata.namespace
    ? { apiVersion: "v1", kind: "Namespace", metadata: { name: object.metadata.namespace, labels: admission.namespaceLabels ?? {} } }
    : null;
  const base = { object: obj, oldObject: null, request, namespaceObject };

  // Exceptions see the object itself, never the autogen rewrite.
  const allowedImages: string[] = [];
  const allowedValues: string[] = [];
  for (const ex of admission.exceptions ?? []) {
    if (!ex.spec.policyRefs.some((r) => r.name === policy.metadata.name && r.kind === policy.kind)) continue;
    let applies: boolean;
    try {
      applies = (ex.spec.matchConditions ?? []).every((m) => compile(m.expression)(base) === true);
    } catch (e) {
      return [{ result: "error", message: `exception ${ex.metadata.name}: ${firstLine(e)}` }];
    }
    if (!applies) continue;
    if ((ex.spec.images ?? []).length === 0 && (ex.spec.allowedValues ?? []).length === 0) {
      return [{ result: "skip", reason: `exempted by PolicyException ${ex.metadata.namespace ? `${ex.metadata.namespace}/` : ""}${ex.metadata.name}` }];
    }
    allowedImages.push(...(ex.spec.images ?? []));
    allowedValues.push(...(ex.spec.allowedValues ?? []));
  }

  const variables: Record<string, unknown> = {};
  const context = { ...base, variables, exceptions: { allowedImages, allowedValues } };
  for (const v of effective.spec.variables ?? []) {
    let state: { value: unknown } | { error: unknown } | undefined;
    Object.defineProperty(variables, v.name, {
      enumerable: true,
      get() {
        if (state === undefined) {
          try {
            state = { value: compile(v.expression)(context) };
          } catch (error) {
            state = { error };
          }
        }
        if ("error" in state) throw state.error;
        return state.value;
      },
    });
  }

  for (const m of effective.spec.matchConditions ?? []) {
    let ok: unknown;
    try {
      ok = compile(m.expression)({ ...base, variables: {} });
    } catch (e) {
      return [{ result: "error", message: `match condition ${m.name}: ${firstLine(e)}` }];
    }
    if (ok === false) return [{ result: "skip", reason: `match condition ${m.name} is false` }];
  }

  const failures: Verdict[] = [];
  for (const [i, v] of (effective.spec.validations ?? []).entries()) {
    let out: unknown;
    try {
      out = compile(v.expression)(context);
    } catch (e) {
      failures.push({ result: "error", validation: i, message: firstLine(e) });
      if (!all) break;
      continue;
    }
    if (typeof out !== "boolean") failures.push({ result: "error", validation: i, message: `validation ${i} gave ${typeof out}, not a bool` });
    else if (!out) failures.push({ result: "fail", validation: i, message: message(v, context) });
    if (failures.length > 0 && !all) break;
  }
  return failures.length > 0 ? failures : [{ result: "pass" }];
}

function message(v: { message?: string; messageExpression?: string; expression: string }, context: Record<string, unknown>): string {
  if (v.messageExpression) {
    try {
      const m = compile(v.messageExpression)(context);
      if (typeof m === "string" && m.trim() !== "") return m;
    } catch (e) {
      return `failed to evaluate message expression: ${firstLine(e)}`;
    }
  }
  return v.message ?? `failed expression: ${v.expression}`;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0];
}
