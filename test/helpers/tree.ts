import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";

export const ROOT = path.resolve(__dirname, "..", "..");
/**
 * The description the tests render as "the shipped platform": a copy of the
 * platform.yaml basecamp ships, so the user's own edits of platform.yaml
 * leave the tests green (npm run validate checks that one).
 */
export const SHIPPED = path.join(ROOT, "test", "fixtures", "platform.yaml");

const created: string[] = [];

/** A fresh temp dir, removed when the test file ends (see test/setup.ts). */
export function tempDir(prefix = "basecamp-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Every file below `dir` with its bytes, keyed by posix relative path. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.set(r, fs.readFileSync(path.join(dir, r)));
    }
  };
  if (fs.existsSync(dir)) walk("");
  return out;
}

/**
 * Runs the synth CLI from `cwd`: as `npm run synth` does, through the
 * bundling launcher (bin/launch.js), or from the sources (bin/register.js).
 */
export function runSynth(args: string[], opts: { cwd?: string; env?: Record<string, string>; bundled?: boolean } = {}) {
  const start = opts.bundled === false ? ["-r", path.join(ROOT, "bin", "register.js")] : [path.join(ROOT, "bin", "launch.js")];
  const r = spawnSync(process.execPath, [...start, path.join(ROOT, "bin", "synth.ts"), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
