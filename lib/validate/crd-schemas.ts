import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { createHash } from "crypto";
import * as fs from "fs";
import { isIPv4, isIPv6 } from "net";
import * as path from "path";
import { groupVersion, type KubeObject } from "./kube-kinds";

/** Custom resources against the strict schemas of ../shared/schemas/crds (kubeconform layout), with ajv. */
// The project's folder, also when this runs from launch.js's bundle under node_modules/.cache.
const inModules = __dirname.indexOf(`${path.sep}node_modules${path.sep}`);
const ROOT = inModules >= 0 ? __dirname.slice(0, inModules) : path.resolve(__dirname, "..", "..");
export const CRD_DIR = path.resolve(ROOT, "..", "shared", "schemas", "crds");

function crdSchemaFile(o: KubeObject): string {
  const { group, version } = groupVersion(o.apiVersion);
  return path.join(CRD_DIR, group, `${o.kind.toLowerCase()}_${version}.json`);
}

/** The formats the CRD schemas use, checked as the API server does; any other format is ignored with ajv's warning. */
const FORMATS = {
  int32: { type: "number" as const, validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 },
  int64: { type: "number" as const, validate: (n: number) => Number.isInteger(n) },
  "date-time": /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  ipv4: (s: string) => isIPv4(s),
  ipv6: (s: string) => isIPv6(s),
};

// inlineRefs: false compiles each shared subschema (below) once, as its own function.
/**
 * The schemas' patterns are Go (RE2) regular expressions; a few use the inline
 * flag `(?i)`, which JavaScript lacks. Dropping it and matching the whole
 * pattern case-insensitively is at least as permissive, never stricter.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  return pattern.includes("(?i)") ? new RegExp(pattern.replaceAll("(?i)", ""), `${flags}i`) : new RegExp(pattern, flags);
}
goRegExp.code = "goRegExp";

const ajv = new Ajv({ strict: false, allErrors: true, formats: FORMATS, inlineRefs: false, code: { regExp: goRegExp } });
const compiled = new Map<string, ValidateFunction>();

type Schema = Record<string, any>;
const SUBSCHEMA_MAPS = ["properties", "patternProperties", "definitions"];
const SUBSCHEMAS = ["additionalProperties", "items", "additionalItems", "not", "contains", "propertyNames", "if", "then", "else"];
const SUBSCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "items"];

function isSchema(v: unknown): v is Schema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A copy of `node` with `fn` applied to each direct subschema. */
function mapSubschemas(node: Schema, fn: (s: Schema) => Schema): Schema {
  const out: Schema = { ...node };
  for (const k of SUBSCHEMA_MAPS) {
    if (isSchema(node[k])) out[k] = Object.fromEntries(Object.entries(node[k]).map(([n, v]) => [n, isSchema(v) ? fn(v) : v]));
  }
  for (const k of SUBSCHEMAS) if (isSchema(node[k])) out[k] = fn(node[k]);
  for (const k of SUBSCHEMA_LISTS) if (Array.isArray(node[k])) out[k] = node[k].map((v: unknown) => (isSchema(v) ? fn(v) : v));
  return out;
}

/**
 * The same schema, with every subschema that occurs more than once moved to
 * `definitions` and referenced. The ApplicationSet schema repeats the whole
 * Application template in each nested generator (2 MB); ajv compiles every
 * copy, about 10 s. Shared, each is compiled once, with the same verdicts.
 */
export function shareRepeatedSubschemas(schema: Schema): Schema {
  if (JSON.stringify(schema).includes('"$ref"')) return schema; // moving subtrees would break its pointers
  const info = new Map<Schema, { hash: string; size: number }>();
  const count = new Map<string, number>();
  const visit = (node: Schema): { hash: string; size: number } => {
    let size = 1;
    const shape = mapSubschemas(node, (child) => {
      const c = visit(child);
      size += c.size;
      return { "#": c.hash };
    });
    const i = { hash: createHash("sha1").update(JSON.stringify(shape)).digest("hex"), size };
    info.set(node, i);
    count.set(i.hash, (count.get(i.hash) ?? 0) + 1);
    return i;
  };
  visit(schema);
  const shared: Record<string, Schema> = {};
  const rewrite = (node: Schema): Schema =>
    mapSubschemas(node, (child) => {
      const { hash, size } = info.get(child)!;
      if (count.get(hash)! < 2 || size < 20) return rewrite(child);
      shared[hash] ??= rewrite(child);
      return { $ref: `#/definitions/${hash}` };
    });
  const out = rewrite(schema);
  return { ...out, definitions: { ...out.definitions, ...shared } };
}

/**
 * Fields of the pinned releases that the shared catalog (an older snapshot)
 * lacks, each from the release's own CRD: a field is added, nothing else is
 * loosened. Kyverno 1.19.0, config/crds/policies.kyverno.io/
 * policies.kyverno.io_policyexceptions.yaml: spec.expiresAt (an RFC 3339
 * date-time; an expired exception is no longer applied).
 */
const NEWER_THAN_CATALOG: Record<string, (schema: Schema) => void> = {
  "policies.kyverno.io/policyexception_v1.json": (schema) => {
    schema.properties.spec.properties.expiresAt ??= { type: "string", format: "date-time" };
  },
};

function describeError(e: ErrorObject): string {
  const where = e.instancePath || "/";
  if (e.keyword === "additionalProperties") return `${where} has unknown field '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  return `${where} ${e.message}`;
}

/** Errors of one custom resource against its schema file; empty when valid. */
export function validateCustom(o: KubeObject): string[] {
  const file = crdSchemaFile(o);
  let validate = compiled.get(file);
  if (!validate) {
    if (!fs.existsSync(file)) {
      return [
        `no schema for custom resource ${o.apiVersion} ${o.kind}: expected ${path.relative(path.dirname(ROOT), file)} ` +
          `(kubeconform layout <group>/<kind lowercase>_<version>.json); add the CRD's strict schema to the shared catalog`,
      ];
    }
    const schema = JSON.parse(fs.readFileSync(file, "utf8"));
    NEWER_THAN_CATALOG[path.relative(CRD_DIR, file).split(path.sep).join("/")]?.(schema);
    validate = ajv.compile(shareRepeatedSubschemas(schema));
    compiled.set(file, validate);
  }
  return validate(o) ? [] : (validate.errors ?? []).map(describeError);
}
