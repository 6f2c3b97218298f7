import * as fs from "fs";
import * as path from "path";

/** The folders of basecamp's own sources: a save there needs fresh code, not only a fresh render. */
export const SOURCE_DIRS = ["bin", "capabilities", "constructs", "lib", "manifests"];

/**
 * Calls `onChange` after each save of `file`, once per burst of events.
 * Watches the folder, not the file: editors save by writing a new file and
 * renaming it over the old one, which ends a watch on the file itself.
 */
export function watchFile(file: string, onChange: () => void, settleMs = 40): fs.FSWatcher {
  const dir = path.dirname(path.resolve(file));
  const name = path.basename(file);
  let timer: NodeJS.Timeout | undefined;
  let last = fingerprint(file);
  return fs.watch(dir, (_event, changed) => {
    if (changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      // A save that leaves the bytes as they were (touch, an editor's autosave) renders nothing.
      const now = fingerprint(file);
      if (now === last) return;
      last = now;
      onChange();
    }, settleMs);
  });
}

/** Calls `onChange` once per burst of saves of TypeScript sources below `dirs`. */
export function watchSources(root: string, dirs: readonly string[], onChange: (file: string) => void, settleMs = 100): fs.FSWatcher[] {
  let timer: NodeJS.Timeout | undefined;
  return dirs
    .filter((d) => fs.existsSync(path.join(root, d)))
    .map((d) =>
      fs.watch(path.join(root, d), { recursive: true }, (_event, file) => {
        if (!file || !String(file).endsWith(".ts")) return;
        clearTimeout(timer);
        timer = setTimeout(() => onChange(path.join(d, String(file))), settleMs);
      }),
    );
}

function fingerprint(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** How many places a headline names before it counts the rest. */
const HEADLINE_GROUPS = 8;

/**
 * What a render changed, in a line: by cluster, stack and folder, with the
 * number of files each. "clusters aws-euw1 (3 files); stacks aws-euw1 (1 file)".
 */
export function changeHeadline(paths: readonly string[]): string {
  if (paths.length === 0) return "nothing changed";
  const groups = new Map<string, number>();
  for (const p of paths) {
    const parts = p.split("/");
    // dist/ holds the same objects as gitops-out/, chart by chart: it names nothing new.
    if (parts[0] === "dist") continue;
    const key =
      parts[0] === "cdktf.out" && parts[1] === "stacks" ? `stack ${parts[2]}`
      : parts[0] === "gitops-out" && parts[1] === "clusters" ? `cluster ${parts[2]}`
      : parts[0] === "gitops-out" && parts.length > 2 ? `${parts[1]}/`
      : p;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const each = [...groups].map(([k, n]) => `${k} (${n} file${n === 1 ? "" : "s"})`);
  if (each.length === 0) return "changed: dist/ only";
  const shown = each.slice(0, HEADLINE_GROUPS);
  return `changed: ${shown.join(", ")}${each.length > shown.length ? `, and ${each.length - shown.length} more` : ""}`;
}
