import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { Tree } from "./diff";

/** Whether `spec` (a commit, or commit:folder) names a tree in the repository at `dir`. */
export function hasTree(dir: string, spec: string): boolean {
  const type = spawnSync("git", ["cat-file", "-t", spec], { cwd: dir, encoding: "utf8" });
  return type.status === 0 && ["tree", "commit"].includes(type.stdout.trim());
}

/** The files of a git tree (`ref` or `ref:folder`), as text, by path relative to it. */
export function gitTree(dir: string, spec: string): Map<string, string> {
  const list = spawnSync("git", ["ls-tree", "-r", "-z", spec], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 });
  if (list.status !== 0) throw new Error(`cannot read ${spec}: ${list.stderr.trim()}`);
  const entries = list.stdout.split("\0").filter(Boolean).map((l) => {
    const [meta, path] = l.split("\t");
    return { sha: meta.split(" ")[2], path };
  });
  const out = new Map<string, string>();
  if (entries.length === 0) return out;
  // One cat-file for every blob: `<sha> blob <size>\n<bytes>\n` each.
  const blobs = spawnSync("git", ["cat-file", "--batch"], { cwd: dir, input: entries.map((e) => e.sha).join("\n") + "\n", maxBuffer: 1 << 30 }).stdout as Buffer;
  let at = 0;
  for (const e of entries) {
    const header = blobs.subarray(at, blobs.indexOf(10, at)).toString();
    const start = at + header.length + 1;
    const size = Number(header.split(" ")[2]);
    out.set(e.path, blobs.subarray(start, start + size).toString("utf8"));
    at = start + size + 1;
  }
  return out;
}

/** Files below `dir`, as posix paths relative to it. */
export function listFiles(dir: string, rel = ""): string[] {
  if (!fs.existsSync(path.join(dir, rel))) return [];
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, r) : [r];
  });
}

/** The files below `dir`, as text, by path relative to it: a folder on disk as gitTree reads a commit's. */
export function folderTree(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

export type { Tree };
