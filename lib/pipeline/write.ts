import * as fs from "fs";
import * as path from "path";
import { changedPaths, type Files } from "../diff/paths";
import type { FileSet } from "./file-set";
import { compact } from "./memory";

export interface WriteSummary {
  added: number;
  changed: number;
  removed: number;
  /** The files that differ from the last synth, as <folder>/<path>, sorted. */
  paths: string[];
  /** Stack folders no longer described but kept, because they hold Terraform state. */
  keptStacks: string[];
}

/** Terraform's own files in a stack folder: never ours to delete. */
export function isTerraformWorkingFile(name: string): boolean {
  return name === ".terraform" || name === ".terraform.lock.hcl" || /\.tfstate(\..*)?$/.test(name) || name.endsWith(".tfplan");
}

/**
 * Writes every output folder into `staging` first, then swaps each changed
 * folder in with renames. Any failure before the swaps leaves the outputs as
 * they were; a failure during them rolls the earlier swaps back. `rename`
 * is the swap's rename, so tests can make one fail.
 */
export function writeOutputs(root: string, outputs: readonly FileSet[], staging: string, rename: (from: string, to: string) => void = fs.renameSync): WriteSummary {
  const summary: WriteSummary = { added: 0, changed: 0, removed: 0, paths: [], keptStacks: [] };
  const swaps: { target: string; fresh: string; previous: string }[] = [];

  for (const set of outputs) {
    const target = path.join(root, set.root);
    const diff = compare(target, set);
    summary.added += diff.added;
    summary.changed += diff.changed;
    summary.removed += diff.removed;
    // One by one: a fleet's first synth adds ~10^5 paths, more arguments than a call may take.
    for (const p of diff.paths) summary.paths.push(`${set.root}/${p}`);
    // An unchanged folder is neither written nor swapped.
    if (diff.added + diff.changed + diff.removed === 0 && fs.existsSync(target)) continue;
    const fresh = path.join(staging, set.root);
    for (const [i, rel] of set.paths().entries()) {
      if (i % 4000 === 3999) compact();
      const file = path.join(fresh, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, set.content(rel));
    }
    fs.mkdirSync(fresh, { recursive: true });
    swaps.push({ target, fresh, previous: path.join(staging, `${set.root}.previous`) });
  }

  const done: typeof swaps = [];
  try {
    for (const s of swaps) {
      if (fs.existsSync(s.target)) rename(s.target, s.previous);
      try {
        rename(s.fresh, s.target);
      } catch (e) {
        if (fs.existsSync(s.previous)) fs.renameSync(s.previous, s.target);
        throw e;
      }
      done.push(s);
    }
  } catch (e) {
    for (const s of done.reverse()) {
      fs.renameSync(s.target, s.fresh);
      if (fs.existsSync(s.previous)) fs.renameSync(s.previous, s.target);
    }
    throw e;
  }
  for (const s of done) {
    if (path.basename(s.target) === "cdktf.out") summary.keptStacks = carryTerraformFiles(s.previous, s.target);
  }
  return summary;
}

/** Moves terraform's working files (state, plugins, lock) from the old stack folders into the new ones. */
function carryTerraformFiles(previous: string, target: string): string[] {
  const kept: string[] = [];
  const stacks = path.join(previous, "stacks");
  if (!fs.existsSync(stacks)) return kept;
  for (const stack of fs.readdirSync(stacks).sort()) {
    const entries = fs.readdirSync(path.join(stacks, stack)).filter(isTerraformWorkingFile);
    if (entries.length === 0) continue;
    const dest = path.join(target, "stacks", stack);
    if (!fs.existsSync(dest)) kept.push(stack);
    fs.mkdirSync(dest, { recursive: true });
    for (const e of entries) fs.renameSync(path.join(stacks, stack, e), path.join(dest, e));
  }
  return kept;
}

function compare(target: string, set: FileSet): { added: number; changed: number; removed: number; paths: string[] } {
  const old = listFiles(target);
  // The files on disk and the new ones, each read only when the other side has the path too.
  const before: Files = { has: (p) => old.has(p), get: (p) => (old.has(p) ? fs.readFileSync(path.join(target, p), "utf8") : undefined), keys: () => old };
  const after: Files = { has: (p) => set.has(p), get: (p) => (set.has(p) ? set.content(p) : undefined), keys: () => set.paths() };
  const d = changedPaths(before, after);
  return { added: d.added.length, changed: d.changed.length, removed: d.removed.length, paths: [...d.added, ...d.changed, ...d.removed].sort() };
}

/** Files below `dir` as posix relative paths, leaving out terraform's working files. */
function listFiles(dir: string, rel = ""): Set<string> {
  const out = new Set<string>();
  if (!fs.existsSync(path.join(dir, rel))) return out;
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (isTerraformWorkingFile(e.name)) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const f of listFiles(dir, r)) out.add(f);
    else out.add(r);
  }
  return out;
}
