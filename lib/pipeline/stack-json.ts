import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Token, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";
import { deepMerge } from "cdktf/lib/util";

/**
 * A stack's Terraform JSON, as TerraformStack.toTerraform() builds it, with a
 * cheaper resolve. cdktf's resolve allocates a context per value and tests
 * every string against four token patterns, twice over the whole stack; most
 * of a stack holds no token at all. Here a value that cannot hold a token is
 * copied as it is, and every other value goes to cdktf's own resolve, as a
 * whole: a string, a number, or the whole array or object around it.
 * test/stack-json.test.ts holds the two to the same JSON for every stack the
 * sample platform renders; the parity test holds synth to `cdktf synth`.
 */
export function stackJson(stack: TerraformStack): Record<string, unknown> {
  const internals = stack as unknown as { cdktfVersion: string; rawOverrides: Record<string, unknown> };
  const metadata: Record<string, unknown> = {
    version: internals.cdktfVersion,
    stackName: stack.node.id,
    backend: "local",
    cloud: undefined,
    ...(Object.keys(internals.rawOverrides).length > 0 ? { overrides: { stack: Object.keys(internals.rawOverrides) } } : {}),
  };
  const elements = terraformElements(stack);
  for (const e of elements) deepMerge(metadata, resolveValue(stack, e.toMetadata()));
  const outputs = {};
  for (const e of elements) {
    if (!TerraformOutput.isTerraformOutput(e)) continue;
    deepMerge(outputs, e.node.path.split("/").reduceRight<Record<string, unknown>>((inner, part) => ({ [part]: Object.keys(inner).length === 0 ? e.friendlyUniqueId : inner }), {}));
  }
  const tf: Record<string, unknown> = { "//": { metadata, outputs } };
  for (const e of elements) deepMerge(tf, resolveValue(stack, e.toTerraform()));
  // toTerraform() resolves the merged whole once more, for the stack's own overrides (which may also unset
  // keys); without any, that pass would only drop the metadata's unset keys.
  if (Object.keys(internals.rawOverrides).length > 0) {
    deepMerge(tf, internals.rawOverrides);
    return resolveValue(stack, tf) as Record<string, unknown>;
  }
  for (const k of Object.keys(metadata)) if (metadata[k] === undefined) delete metadata[k];
  return tf;
}

/** The stack's elements in construct order, not descending into nested stacks. */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) if (!TerraformStack.isStack(child)) terraformElements(child, into);
  return into;
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());
/** cdktf's number tokens are doubles below -1e288; no plain number comes near. */
const TOKEN_NUMBERS_BELOW = -1e280;
/** What cdktf's resolve looks for in a string: a token marker, or a number that may be a number token. */
const MAY_HOLD_TOKEN = /TfToken\[|[-|\d.+]e/;
/** Values cdktf refuses in a scalar context: encoded map tokens. */
const MAP_TOKEN_STRINGS = new Set<string>([Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE]);
/** Thrown where only cdktf's own walk gives the right answer (its depth limit, its error paths). */
const CDKTF_WALK = Symbol("cdktf walk");

/**
 * One value resolved; on any error, or deeper than the fast walk goes, the whole value is resolved by cdktf
 * itself, so errors name the same path and the same depth limit applies.
 */
function resolveValue(scope: IConstruct, value: unknown): unknown {
  try {
    return resolve(scope, value);
  } catch {
    return cdktfResolve(scope, value);
  }
}

function resolve(scope: IConstruct, value: unknown, depth = 0): unknown {
  if (value === undefined || value === null || typeof value === "boolean") return value;
  if (typeof value === "string") return mayBeToken(value) ? cdktfResolve(scope, value) : value;
  if (typeof value === "number") return mayBeToken(value) ? cdktfResolve(scope, value) : value;
  // Deep trees (cdktf's circular-reference limit) and functions are for cdktf's walk from the top.
  if (depth > 100 || typeof value === "function") throw CDKTF_WALK;
  if (typeof value !== "object") return cdktfResolve(scope, value);
  if (Array.isArray(value)) {
    // A list token or number list token makes the whole array one token.
    if (value.some(mayBeToken)) return cdktfResolve(scope, value);
    const out: unknown[] = [];
    for (const item of value) {
      const r = resolve(scope, item, depth + 1);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || Tokenization.isResolvable(value)) return cdktfResolve(scope, value);
  const keys = Object.keys(value);
  // Keys are resolved too, and a map token key makes the whole object one token; cdktf refuses a construct.
  if (keys.some(mayBeToken) || ("_children" in value && "_metadata" in value)) throw CDKTF_WALK;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const r = resolve(scope, (value as Record<string, unknown>)[k], depth + 1);
    if (r !== undefined) out[k] = r;
  }
  return out;
}

function mayBeToken(item: unknown): boolean {
  if (typeof item === "string") return MAY_HOLD_TOKEN.test(item) || MAP_TOKEN_STRINGS.has(item);
  return typeof item === "number" && (item < TOKEN_NUMBERS_BELOW || item === Token.NUMBER_MAP_TOKEN_VALUE);
}

function cdktfResolve(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER });
}
