import { createTwoFilesPatch } from "diff";
import { parse } from "yaml";
import { attribute, STATEFUL_KINDS, STATEFUL_RESOURCES } from "./guard";
import { changedPaths } from "./paths";
import { DATABASE_TYPES } from "../pipeline/removals";

export { changedPaths };

/** A folder's files by relative path. */
export type Tree = ReadonlyMap<string, string>;

export interface ObjectChange {
  readonly change: "added" | "changed" | "removed";
  /** The file under gitops-out/, and what it holds. */
  readonly path: string;
  readonly what: string;
  /** A unified diff of the file (changed objects only). */
  readonly patch?: string;
}

export interface ResourceChange {
  readonly change: "added" | "changed" | "removed";
  readonly address: string;
  /** Per changed attribute: its path and a line diff (long strings) or before -> after. */
  readonly attributes?: readonly { path: string; patch: string }[];
}

export interface Replacement {
  readonly where: string;
  readonly why: string;
}

export interface Diff {
  /** gitops-out changes, by place: clusters/<name>, hub, bootstrap, ... */
  readonly places: ReadonlyMap<string, ObjectChange[]>;
  readonly stacks: ReadonlyMap<string, ResourceChange[]>;
  readonly replacements: readonly Replacement[];
  readonly radius: { clusters: string[]; teams: string[]; apps: string[]; addOns: string[] };
}

/** clusters/<c>/..., or the top folder (hub, bootstrap, rule-tests, ...). */
function placeOf(path: string): string {
  const parts = path.split("/");
  return parts[0] === "clusters" ? `clusters/${parts[1]}` : parts[0];
}

function objectOf(text: string | undefined): { kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } } | undefined {
  if (text === undefined) return undefined;
  try {
    const o = parse(text);
    return o && typeof o === "object" && "kind" in o ? o : undefined;
  } catch {
    return undefined;
  }
}

function describe(o: ReturnType<typeof objectOf>, path: string): string {
  if (!o) return path.endsWith(".yaml") && path.includes("/values/") ? `Helm values of ${path.split("/").pop()!.replace(/\.yaml$/, "")}` : "file";
  return `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name ?? ""}`;
}

/** Two renders of the gitops tree and of the stacks, compared object by object and resource by resource. */
export function diffRenders(gitops: { before: Tree; after: Tree }, stacks: { before: Tree; after: Tree }): Diff {
  const places = new Map<string, ObjectChange[]>();
  const replacements: Replacement[] = [];
  const radius = { clusters: new Set<string>(), teams: new Set<string>(), apps: new Set<string>(), addOns: new Set<string>() };
  const p = changedPaths(gitops.before, gitops.after);
  const note = (path: string, o: ReturnType<typeof objectOf>) => {
    const parts = path.split("/");
    if (parts[0] === "clusters") radius.clusters.add(parts[1]);
    if (parts[2] === "values") radius.addOns.add(parts[3].replace(/\.yaml$/, ""));
    if (parts[2] === "apps") radius.apps.add(parts[3]);
    const team = o?.metadata?.labels?.["basecamp.dev/team"];
    if (team) radius.teams.add(team);
    const app = o?.metadata?.labels?.["app.kubernetes.io/part-of"];
    if (app) radius.apps.add(app);
  };
  const add = (path: string, change: ObjectChange) => {
    const place = placeOf(path);
    places.set(place, [...(places.get(place) ?? []), change]);
  };
  for (const path of p.added) {
    const o = objectOf(gitops.after.get(path));
    note(path, o);
    add(path, { change: "added", path, what: describe(o, path) });
  }
  for (const path of p.changed) {
    const o = objectOf(gitops.after.get(path));
    note(path, o);
    add(path, { change: "changed", path, what: describe(o, path), patch: hunks(gitops.before.get(path)!, gitops.after.get(path)!) });
  }
  for (const path of p.removed) {
    const o = objectOf(gitops.before.get(path));
    note(path, o);
    add(path, { change: "removed", path, what: describe(o, path) });
    if (o?.kind && (STATEFUL_KINDS as readonly string[]).includes(o.kind)) {
      const renamed = p.added
        .filter((a) => placeOf(a) === placeOf(path))
        .map((a) => objectOf(gitops.after.get(a)))
        .find((n) => n?.kind === o.kind && n?.metadata?.namespace === o.metadata?.namespace);
      replacements.push({
        where: `gitops-out/${path}`,
        why: `${describe(o, path)} leaves git${renamed ? ` (renamed to ${describe(renamed, path)}?)` : ""}: a confirmed prune deletes it with what it holds`,
      });
    }
  }
  const stackChanges = new Map<string, ResourceChange[]>();
  const names = new Set([...stacks.before.keys(), ...stacks.after.keys()].filter((k) => k.startsWith("stacks/") && k.endsWith("/cdk.tf.json")));
  for (const file of [...names].sort()) {
    const stack = file.split("/")[1];
    const before = resources(stacks.before.get(file));
    const after = resources(stacks.after.get(file));
    const changes: ResourceChange[] = [];
    for (const [address, r] of after) {
      const old = before.get(address);
      if (!old) changes.push({ change: "added", address });
      else if (JSON.stringify(old) !== JSON.stringify(r)) {
        changes.push({ change: "changed", address, attributes: attributeChanges(old, r) });
        const type = address.split(".")[0];
        for (const a of STATEFUL_RESOURCES[type] ?? []) {
          const from = attribute(old, a);
          const to = attribute(r, a);
          if (JSON.stringify(from) !== JSON.stringify(to)) replacements.push({ where: `${stack}: ${address}`, why: `${a} changes (${short(from)} -> ${short(to)}), which replaces it` });
        }
      }
    }
    for (const address of before.keys()) {
      if (after.has(address)) continue;
      changes.push({ change: "removed", address });
      const type = address.split(".")[0];
      if (type in STATEFUL_RESOURCES) {
        const renamed = [...after.keys()].find((a) => a.startsWith(`${type}.`) && !before.has(a));
        replacements.push({ where: `${stack}: ${address}`, why: `${type} leaves the stack${renamed ? ` (renamed to ${renamed}?: a new address is a new resource)` : ""}: applying destroys it` });
      }
    }
    if (!stacks.after.has(file)) replacements.push({ where: `stack ${stack}`, why: "the whole stack leaves cdktf.out/: nothing is left to destroy its resources with" });
    if (changes.length > 0) stackChanges.set(stack, changes);
  }
  for (const [stack, changes] of stackChanges) {
    if (!["global", "bootstrap", "bootstrap-gcp", "bootstrap-azure"].includes(stack)) radius.clusters.add(stack);
    // An app's database: database_<app> (removals.ts databaseId).
    for (const c of changes) {
      const [type, name] = c.address.split(".");
      const id = DATABASE_TYPES.includes(type) ? /^database_([a-z0-9_]+)$/.exec(name)?.[1] : undefined;
      if (id) radius.apps.add(id.replace(/_/g, "-"));
    }
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { places, stacks: stackChanges, replacements, radius: { clusters: sorted(radius.clusters), teams: sorted(radius.teams), apps: sorted(radius.apps), addOns: sorted(radius.addOns) } };
}

/** A stack's resources by Terraform address (data sources as data.<type>.<name>). */
function resources(text: string | undefined): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (!text) return out;
  const json = JSON.parse(text);
  for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, withoutMetadata(body));
  }
  for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(json.data ?? {})) {
    for (const [name, body] of Object.entries(byName)) out.set(`data.${type}.${name}`, withoutMetadata(body));
  }
  return out;
}

function withoutMetadata(body: Record<string, unknown>): Record<string, unknown> {
  const { "//": _, ...rest } = body;
  return rest;
}

/** Changed leaf attributes; a long or multi-line string as a line diff, not one changed line of 10,000 characters. */
function attributeChanges(before: unknown, after: unknown, path = ""): { path: string; patch: string }[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  // Lists of blocks, as cdktf writes them, element by element when their length holds.
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((b, i) => attributeChanges(b, after[i], `${path}.${i}`));
  }
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before as object), ...Object.keys(after as object)])].sort();
    return keys.flatMap((k) => attributeChanges((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  // A JSON document in a string (a secret's or a policy's), pretty-printed so its line diff shows the field that changed.
  const pretty = (v: string) => {
    try {
      return /^[[{]/.test(v) ? `${JSON.stringify(JSON.parse(v), null, 2)}\n` : undefined;
    } catch {
      return undefined;
    }
  };
  if (typeof before === "string" && typeof after === "string" && pretty(before) && pretty(after)) return [{ path, patch: hunks(pretty(before)!, pretty(after)!) }];
  if (typeof before === "string" && typeof after === "string" && (before.includes("\n") || after.includes("\n") || before.length > 120 || after.length > 120)) {
    return [{ path, patch: hunks(before.endsWith("\n") ? before : `${before}\n`, after.endsWith("\n") ? after : `${after}\n`) }];
  }
  return [{ path, patch: `${short(before)} -> ${short(after)}` }];
}

/** A unified diff's hunks, without its file headers. */
function hunks(before: string, after: string): string {
  const lines = createTwoFilesPatch("a", "b", before, after, "", "", { context: 2 }).split("\n");
  return lines.slice(lines.findIndex((l) => l.startsWith("@@"))).join("\n").trimEnd();
}

function short(v: unknown): string {
  const s = v === undefined ? "(unset)" : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
