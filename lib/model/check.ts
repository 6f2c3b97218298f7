/**
 * Cross-checks read the description as written, before or without a
 * successful parse, so one wrong type never hides an unknown reference.
 * Every field may be missing or of any type: checks look only at what is
 * well-formed and leave the rest to the schema's messages.
 */
export interface RawPlatform {
  readonly platform: any;
  readonly clusters: any[];
  readonly teams: any[];
  readonly apps: any[];
  readonly retired: any;
  readonly guardrails: any;
}

export type Check = (p: RawPlatform, add: (path: string, message: string) => void) => void;

export function rawView(input: unknown): RawPlatform {
  const o = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => (typeof x === "object" && x !== null ? x : {})) : []);
  const obj = (v: unknown) => (typeof v === "object" && v !== null ? v : {});
  return { platform: obj(o.platform), clusters: list(o.clusters), teams: list(o.teams), apps: list(o.apps), retired: obj(o.retired), guardrails: obj(o.guardrails) };
}

/** Names of `items` that are strings, with their index. */
export function named(items: any[]): { name: string; i: number }[] {
  return items.flatMap((x, i) => (typeof x.name === "string" ? [{ name: x.name, i }] : []));
}

/** Reports every later item whose name an earlier item already has. */
export function unique(items: any[], path: string, what: string, add: (path: string, message: string) => void): void {
  const first = new Map<string, number>();
  for (const { name, i } of named(items)) {
    const seen = first.get(name);
    if (seen === undefined) first.set(name, i);
    else add(`${path}[${i}].name`, `duplicate ${what} name '${name}' (first at ${path}[${seen}]); names must be unique`);
  }
}
