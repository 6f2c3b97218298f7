import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { changedPaths } from "../diff/paths";
import { PublishError } from "./errors";
import type { Git } from "./git";

/** Written at the root of the rendered branch, beside the render (see metadata.ts). */
export const METADATA_FILE = "hydrator.metadata";

/** One file of a tree: git mode, blob id and path from the tree root. */
export interface Entry {
  readonly path: string;
  readonly mode: string;
  readonly sha: string;
}

export interface TreeDiff {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

/**
 * The files under `root` with their blob ids, hashed byte for byte: no
 * clean filters, no text conversion, no ignore rules. With `write` the blobs
 * are stored; without, nothing is written to the repository.
 */
export function hashRender(git: Git, root: string, label: string, write: boolean): Entry[] {
  const files = listFiles(root, label);
  if (files.length === 0) return [];
  const shas = hashFiles(git, root, files.map((f) => f.path), write);
  return files.map((f, i) => ({ ...f, sha: shas[i] }));
}

export function hashFiles(git: Git, root: string, paths: readonly string[], write: boolean): string[] {
  if (paths.length === 0) return [];
  const input = paths.map((p) => path.join(root, p)).join("\n") + "\n";
  const out = git.run(["hash-object", "--no-filters", ...(write ? ["-w"] : []), "--stdin-paths"], { input });
  return out.trim().split("\n");
}

function listFiles(root: string, label: string): { path: string; mode: string }[] {
  const out: { path: string; mode: string }[] = [];
  const walk = (rel: string): void => {
    for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${d.name}` : d.name;
      // git cannot store these paths as they are, so the tree would not equal the folder.
      if (d.name === ".git" || d.name.includes("\n")) throw new PublishError(`${label}/${p}: git cannot store this name; rename it`);
      if (d.isDirectory()) walk(p);
      else if (d.isFile()) out.push({ path: p, mode: fs.statSync(path.join(root, p)).mode & 0o111 ? "100755" : "100644" });
      else throw new PublishError(`${label}/${p} is not a regular file or a folder; the render may hold only those`);
    }
  };
  walk("");
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every blob of a commit's tree. */
export function commitEntries(git: Git, commit: string): Entry[] {
  const out = git.run(["ls-tree", "-r", "-z", "--full-tree", commit]);
  return out
    .split("\0")
    .filter((l) => l !== "")
    .map((l) => {
      const [meta, p] = l.split(/\t(.*)/s);
      const [mode, , sha] = meta.split(" ");
      return { path: p, mode, sha };
    });
}

/** What `next` adds, changes and removes relative to `base`; hydrator.metadata does not count. */
export function diffEntries(base: readonly Entry[], next: readonly Entry[]): TreeDiff {
  // A file is its mode and blob: git's view of its bytes.
  const files = (entries: readonly Entry[]) => new Map(entries.filter((e) => e.path !== METADATA_FILE).map((e) => [e.path, `${e.mode} ${e.sha}`]));
  const d = changedPaths(files(base), files(next));
  return { added: d.added.length, changed: d.changed.length, removed: d.removed.length };
}

/** Writes a tree object from entries through a throwaway index; the user's index is never read or written. */
export function writeTree(git: Git, entries: readonly Entry[]): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-publish-"));
  try {
    const env = { GIT_INDEX_FILE: path.join(tmp, "index") };
    const input = entries.map((e) => `${e.mode} ${e.sha}\t${e.path}\0`).join("");
    git.run(["update-index", "-z", "--index-info"], { input, env });
    return git.run(["write-tree"], { env }).trim();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
