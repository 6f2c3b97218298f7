import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { changeHeadline } from "../lib/pipeline/watch";
import { sampleText } from "./helpers/platform";
import { readTree, ROOT, tempDir } from "./helpers/tree";

/** The watcher's output so far, and a way to wait for a line that matches. */
function watcher(args: string[]): { proc: ChildProcess; next: (pattern: RegExp, timeoutMs?: number) => Promise<string>; output: () => string } {
  const proc = spawn(process.execPath, [path.join(ROOT, "bin", "launch.js"), path.join(ROOT, "bin", "synth.ts"), "--watch", ...args], { cwd: ROOT, detached: true });
  let text = "";
  let seen = 0;
  const waiters: (() => void)[] = [];
  const feed = (chunk: Buffer) => {
    text += chunk.toString();
    for (const w of waiters.splice(0)) w();
  };
  proc.stdout!.on("data", feed);
  proc.stderr!.on("data", feed);
  const next = (pattern: RegExp, timeoutMs = 20000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${text}`)), timeoutMs);
      const look = () => {
        const rest = text.slice(seen);
        const m = pattern.exec(rest);
        if (m) {
          seen += m.index + m[0].length;
          clearTimeout(timer);
          resolve(m[0]);
        } else waiters.push(look);
      };
      look();
    });
  return { proc, next, output: () => text };
}

describe("npm run synth -- --watch", () => {
  let proc: ChildProcess | undefined;
  afterEach(() => {
    // The supervisor and its renderer are one process group.
    if (proc?.pid) {
      try {
        process.kill(-proc.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  });

  test("renders on start and on each save, says what changed, and survives a broken save followed by a fixed one", async () => {
    const dir = tempDir();
    const config = path.join(dir, "platform.json");
    const out = path.join(dir, "out");
    fs.writeFileSync(config, sampleText());
    const w = watcher(["--config", config, "--out", out]);
    proc = w.proc;
    await w.next(/watch: watching .*\n/);
    const first = readTree(out);
    expect(first.size).toBeGreaterThan(50);

    // A real save: one cluster's budget. Only that cluster's stack changes.
    fs.writeFileSync(config, sampleText((p) => (p.clusters[1].budget.monthly += 100)));
    const summary = await w.next(/synth: [^\n]*\n\s+changed: [^\n]*\n/);
    expect(summary).toMatch(/files 0 added, [1-9]\d* changed, 0 removed/);
    expect(summary).toContain("stack gcp-b (1 file)");
    const second = readTree(out);
    expect([...second.keys()].filter((f) => !second.get(f)!.equals(first.get(f)!))).toContain("cdktf.out/stacks/gcp-b/cdk.tf.json");

    // A broken save: the same message as synth, the outputs as they were, and it keeps watching.
    fs.writeFileSync(config, sampleText((p) => (p.clusters[1].budget.monthly = "lots")));
    const refusal = await w.next(/error: [^\n]* is invalid; nothing was written\.\n[^\n]*\n/);
    expect(refusal).toContain("clusters[1].budget.monthly");
    const unchanged = readTree(out);
    expect([...unchanged].every(([f, bytes]) => second.get(f)!.equals(bytes))).toBe(true);

    // Fixed: rendered again.
    fs.writeFileSync(config, sampleText((p) => (p.clusters[1].budget.monthly += 200)));
    expect(await w.next(/synth: [^\n]*\n\s+changed: [^\n]*\n/)).toContain("stack gcp-b (1 file)");
    expect(w.output()).not.toMatch(/synth failed/);
  }, 60000);

  test("the headline groups what changed by cluster, stack and folder, and counts the rest", () => {
    expect(changeHeadline([])).toBe("nothing changed");
    expect(changeHeadline(["cdktf.out/stacks/a/cdk.tf.json", "dist/a.k8s.yaml", "gitops-out/clusters/a/values/x.yaml", "gitops-out/clusters/a/base/y.yaml", "gitops-out/hub/z.yaml"])).toBe(
      "changed: stack a (1 file), cluster a (2 files), hub/ (1 file)",
    );
    const many = Array.from({ length: 12 }, (_, i) => `gitops-out/clusters/c${i}/x.yaml`);
    expect(changeHeadline(many)).toMatch(/^changed: cluster c0 \(1 file\), .*, and 4 more$/);
  });
});
