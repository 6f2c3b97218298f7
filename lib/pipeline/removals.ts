import * as fs from "fs";
import * as path from "path";
import type { Platform } from "../model/schema";
import type { FileSet } from "./file-set";
import type { StackOutput } from "./terraform";

/** Terraform resource types that hold a database; their logical ids are database_<app>. */
export const DATABASE_TYPES = ["aws_db_instance", "google_sql_database_instance", "azurerm_postgresql_flexible_server"];

/** The logical id of an app's database in a cluster stack; app names have no '_', so it reads back. */
export function databaseId(app: string): string {
  return `database_${app.replace(/-/g, "_")}`;
}

/** A synth that would drop the configuration of something that may still exist in a cloud. */
export class RemovalError extends Error {
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "RemovalError";
  }
}

/**
 * Refuses to drop a stack or a database whose configuration the previous
 * synth wrote, unless the description retires it (retired.clusters,
 * retired.databases) or the user passed --allow-removal. Without its
 * configuration nothing is left to destroy the cloud resources with, and
 * prevent_destroy does not protect a removed block. A database inside a
 * cluster (CloudNativePG) is guarded the same way; retiring one returns a
 * note of what becomes of its data.
 */
export function guardRemovals(out: string, stacks: readonly StackOutput[], platform: Platform, allowed: readonly string[] = [], fresh?: FileSet, freshGitops?: FileSet): string[] {
  const ok = new Set([...platform.retired.clusters, ...platform.retired.databases, ...allowed]);
  const { problems, notes } = inClusterDatabases(out, ok, freshGitops);
  guardStacks(out, stacks, ok, fresh, problems);
  if (problems.length > 0) throw new RemovalError(problems);
  return notes;
}

function guardStacks(out: string, stacks: readonly StackOutput[], ok: Set<string>, fresh: FileSet | undefined, problems: string[]): void {
  const dir = path.join(out, "cdktf.out", "stacks");
  if (!fs.existsSync(dir)) return;
  const byName = new Map(stacks.map((s) => [s.name, s]));
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, "cdk.tf.json");
    if (!fs.existsSync(file)) continue;
    const now = byName.get(name);
    if (!now) {
      if (!ok.has(name)) {
        problems.push(
          `[${name}] the description no longer has cluster '${name}', but cdktf.out/stacks/${name}/cdk.tf.json still configures its cloud resources; ` +
            `dropping it would leave nothing to destroy them with. Put the cluster back, run terraform destroy in that folder, then remove it and ` +
            `list it under retired.clusters (or pass --allow-removal ${name}); see runbooks/remove-a-cluster.md`,
        );
      }
      continue;
    }
    const text = fs.readFileSync(file, "utf8");
    // An unchanged stack drops nothing; most synths change few stacks.
    const rel = `stacks/${name}/cdk.tf.json`;
    if (fresh?.has(rel) && fresh.content(rel) === text) continue;
    const before = databases(JSON.parse(text));
    const after = new Set(databases(now.json));
    for (const app of before) {
      const key = `${name}/${app}`;
      if (!after.has(app) && !ok.has(key)) {
        problems.push(
          `[${name}] the database of app '${app}' is no longer described, but cdktf.out/stacks/${name}/cdk.tf.json has it; ` +
            `applying that would delete it with its data (prevent_destroy does not protect a removed block). ` +
            `If that is intended, list '${key}' under retired.databases (or pass --allow-removal ${key}); see runbooks/remove-a-database.md`,
        );
      }
    }
  }
}

/**
 * CloudNativePG clusters the previous synth wrote to gitops-out/ and this one
 * does not. Argo CD keeps such a Cluster until its prune is confirmed
 * (Prune=confirm, Delete=false), and its operator stays on every Proxmox
 * cluster, so nothing is lost at once; but the next confirmed prune deletes
 * the Cluster and its volumes, so dropping one must be said on purpose.
 */
function inClusterDatabases(out: string, ok: Set<string>, fresh: FileSet | undefined): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const root = path.join(out, "gitops-out", "clusters");
  if (!fs.existsSync(root) || !fresh) return { problems, notes };
  for (const cluster of fs.readdirSync(root).sort()) {
    const dir = path.join(root, cluster, "platform");
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.startsWith("cluster_")).sort()) {
      const rel = `clusters/${cluster}/platform/${file}`;
      if (fresh.has(rel)) continue;
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      if (!/^apiVersion: postgresql\.cnpg\.io\//m.test(text)) continue;
      const app = /app\.kubernetes\.io\/part-of: (\S+)/.exec(text)?.[1] ?? file.replace(/^cluster_[^_]+_/, "").replace(/-db\.yaml$/, "");
      const [, namespace, name] = /^cluster_([^_]+)_(.+)\.yaml$/.exec(file) ?? [];
      const key = `${cluster}/${app}`;
      // A retired cluster takes its databases along: the note still says what becomes of them.
      if (ok.has(key) || ok.has(cluster)) {
        notes.push(
          `[${cluster}] database '${key}' is retired: CloudNativePG cluster ${name} in ${namespace} leaves git; Argo CD keeps it running (Prune=confirm, Delete=false) ` +
            `until someone confirms the prune, which deletes it with its volumes. Take a backup first (runbooks/remove-a-database.md).`,
        );
      } else {
        problems.push(
          `[${cluster}] the database of app '${app}' (CloudNativePG cluster ${name} in ${namespace}) is no longer described, but gitops-out/${rel} has it; ` +
            `a confirmed prune would delete it with its data. If that is intended, list '${key}' under retired.databases (or pass --allow-removal ${key}); see runbooks/remove-a-database.md`,
        );
      }
    }
  }
  return { problems, notes };
}

/** Apps whose databases a stack's Terraform JSON configures. */
function databases(json: Record<string, any>): string[] {
  return DATABASE_TYPES.flatMap((t) => Object.keys(json.resource?.[t] ?? {}))
    .filter((id) => id.startsWith("database_"))
    .map((id) => id.slice("database_".length).replace(/_/g, "-"));
}
