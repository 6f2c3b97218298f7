/** What a path diff reads of a tree: a Map, or files read only when asked (synth's outputs against the disk). */
export interface Files {
  has(path: string): boolean;
  get(path: string): string | undefined;
  keys(): Iterable<string>;
}

/**
 * Files that differ between two trees: the one diff of paths that synth's summary (and so --watch's headline),
 * publish, npx basecamp and npm run diff share.
 */
export function changedPaths(before: Files, after: Files): { added: string[]; changed: string[]; removed: string[] } {
  const added = [...after.keys()].filter((p) => !before.has(p)).sort();
  const removed = [...before.keys()].filter((p) => !after.has(p)).sort();
  const changed = [...after.keys()].filter((p) => before.has(p) && before.get(p) !== after.get(p)).sort();
  return { added, changed, removed };
}
