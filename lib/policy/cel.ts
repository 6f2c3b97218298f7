import { Environment } from "@marcbachmann/cel-js";
import { re2 } from "./re2";

/**
 * The CEL environment of Kyverno's ValidatingPolicy, as far as policies
 * evaluated at synth use it: optional types (`.?`, `[?]`, `orValue`),
 * homogeneous literals, and the variables Kyverno binds. Two of Kyverno's
 * behaviours that the engine lacks are restored by rewriting the call:
 * `x.orValue(y)` also accepts a non-optional `x` and returns it (Kyverno's
 * orValue compatibility macro), and `s.matches(re)` is RE2's.
 */
const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true })
  .registerVariable("object", "dyn")
  .registerVariable("oldObject", "dyn")
  .registerVariable("request", "dyn")
  .registerVariable("namespaceObject", "dyn")
  .registerVariable("variables", "dyn")
  .registerVariable("exceptions", "dyn")
  .registerFunction("dyn.orValueCompat(dyn): dyn", (x: unknown, fallback: unknown) => {
    const o = x as { hasValue?: () => boolean; value?: () => unknown } | null;
    return o && typeof o.hasValue === "function" ? (o.hasValue() ? o.value!() : fallback) : x;
  })
  .registerFunction("string.matchesRe2(string): bool", (s: string, pattern: string) => re2(pattern).test(s));

export type Compiled = (context: Record<string, unknown>) => unknown;

const compiled = new Map<string, Compiled>();

/** An expression parsed and type-checked once; throws the engine's ParseError or TypeError. */
export function compile(expression: string): Compiled {
  let fn = compiled.get(expression);
  if (fn === undefined) {
    fn = env.parse(expression.replace(/\.orValue\(/g, ".orValueCompat(").replace(/\.matches\(/g, ".matchesRe2(")) as Compiled;
    compiled.set(expression, fn);
  }
  return fn;
}

/** JSON as cel-go sees an unstructured object: whole numbers are int (BigInt here), the rest double. */
export function toCel(v: unknown): unknown {
  return convert(v);
}

function convert(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(convert);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = convert(x);
    return out;
  }
  return typeof v === "number" && Number.isInteger(v) ? BigInt(v) : v;
}

/** A CEL string literal for `s`. */
export function celString(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** A CEL list literal of strings. */
export function celList(items: readonly string[]): string {
  return `[${items.map(celString).join(", ")}]`;
}
