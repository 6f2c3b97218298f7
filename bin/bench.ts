import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { parse } from "yaml";
import { scaleDescription } from "../lib/bench/scale";
import { CAPABILITIES } from "../capabilities";
import { synth } from "../lib/pipeline/synth";

// Prints synth speed figures; see the README's "Speed" section for what they mean.
const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

interface Sample {
  ms: number;
  mb?: number;
}

/** Wall time and peak memory (GNU time, when installed) of one command. */
function run(cmd: string[], cwd: string, env: Record<string, string> = {}): Sample {
  const argv = TIME ? [TIME, "-f", "%M", ...cmd] : cmd;
  const start = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, encoding: "utf8" });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  const kb = TIME ? Number(r.stderr.trim().split("\n").pop()) : NaN;
  return { ms, mb: Number.isFinite(kb) ? kb / 1024 : undefined };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function peak(samples: Sample[]): number | undefined {
  return samples.every((s) => s.mb !== undefined) ? Math.max(...samples.map((s) => s.mb!)) : undefined;
}

function report(label: string, samples: Sample[]): number {
  const ms = median(samples.map((s) => s.ms));
  const mb = peak(samples);
  console.log(`${label.padEnd(44)} median ${ms.toFixed(0).padStart(6)} ms   peak ${mb === undefined ? "   n/a (install GNU time)" : `${mb.toFixed(0).padStart(4)} MB`}   (${samples.length} runs)`);
  return ms;
}

function repeat(n: number, f: () => Sample): Sample[] {
  return Array.from({ length: n }, f);
}

/**
 * Runs `npm run synth -- --watch` as a user does (through the launcher's bundle), saves the description
 * RUNS times with a new budget, and reads each render's time from its summary line.
 */
function watchRenders(node: string[], scratch: string, base: any): number {
  const watched = path.join(scratch, "watched.json");
  fs.writeFileSync(watched, JSON.stringify(base));
  const log = path.join(scratch, "watch.log");
  const child = spawn(node[0], [...node.slice(1), "--watch", "--config", watched, "--out", path.join(scratch, "w")], { cwd: ROOT, stdio: ["ignore", fs.openSync(log, "w"), "inherit"] });
  const lines = () => fs.readFileSync(log, "utf8").split("\n");
  const wait = (done: () => boolean) => {
    const until = Date.now() + 60_000;
    while (!done()) {
      if (Date.now() > until) throw new Error(`watch mode did not answer:\n${lines().join("\n")}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  };
  const summaries = () => lines().filter((l) => l.startsWith("synth: "));
  try {
    wait(() => lines().some((l) => l.startsWith("watch: watching")));
    for (let i = 1; i <= RUNS; i++) {
      base.clusters[0].budget.monthly += 1;
      fs.writeFileSync(watched, JSON.stringify(base));
      wait(() => summaries().length > i);
    }
  } finally {
    child.kill();
  }
  const ms = summaries().slice(1).map((l) => Number(/; (\d+) ms$/.exec(l)![1]));
  if (!summaries().slice(1).every((l) => / [1-9]\d* changed/.test(l))) throw new Error("a watched save changed nothing");
  return median(ms);
}

function main(): void {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-bench-"));
  const big = path.join(scratch, "platform-x10.yaml");
  const base = parse(fs.readFileSync(path.join(ROOT, "platform.yaml"), "utf8"));
  const scaled = scaleDescription(base, 10);
  fs.writeFileSync(big, JSON.stringify(scaled));
  console.log(`basecamp bench: ${os.cpus().length} cores, node ${process.version}; shipped platform: ${base.clusters.length} clusters x ${base.apps.length} app(s); x10: ${scaled.clusters.length} clusters x ${scaled.apps!.length} app(s)\n`);

  const out = (name: string) => ["--out", path.join(scratch, name)];
  run(["npm", "run", "--silent", "synth", "--", ...out("warm")], ROOT); // fills the transpile cache
  const npmSynth = report("npm run synth (shipped platform)", repeat(RUNS, () => run(["npm", "run", "--silent", "synth", "--", ...out("a")], ROOT)));
  // What npm itself costs before our synth starts: `npm run env` runs nothing of ours.
  const npmStart = report("npm run env (npm's own start, for scale)", repeat(RUNS, () => run(["npm", "run", "--silent", "env"], ROOT)));
  const node = [process.execPath, path.join(ROOT, "bin", "launch.js"), path.join(ROOT, "bin", "synth.ts")];
  const smallSamples = repeat(RUNS, () => run([...node, ...out("b")], ROOT));
  const small = report("node bin/launch.js bin/synth.ts (shipped)", smallSamples);
  const large = report("node bin/launch.js bin/synth.ts (x10)", repeat(RUNS, () => run([...node, "--config", big, ...out("c")], ROOT)));
  const cdktf = report("npx cdktf synth (shipped platform)", repeat(Math.min(RUNS, 3), () =>
    run(["npx", "cdktf", "synth", "--output", path.join(scratch, "cdktf-cli")], ROOT, { CHECKPOINT_DISABLE: "1", CI: "1" })));

  // The work itself, without process start-up and module loading: warm, in one process.
  const inProcess = (config: string, dir: string) =>
    median(repeat(RUNS, () => {
      const t = performance.now();
      synth({ capabilities: CAPABILITIES, config, out: path.join(scratch, dir) });
      return { ms: performance.now() - t };
    }).map((s) => s.ms));
  inProcess(path.join(ROOT, "platform.yaml"), "warm-in-process");
  const workSmall = inProcess(path.join(ROOT, "platform.yaml"), "d");
  const workLarge = inProcess(big, "e");

  // What --watch does on each save: the real command, its libraries loaded, the description changed (a budget).
  const rerender = watchRenders(node, scratch, base);
  console.log(`\nsynth work in one warm process: shipped ${workSmall.toFixed(0)} ms, x10 ${workLarge.toFixed(0)} ms -> ${(workLarge / workSmall).toFixed(1)}x the time for 10x the description (budget 12x)`);
  console.log(`watch mode: a save of the description renders again in ${rerender.toFixed(0)} ms median (budget 300 ms): ${rerender <= 300 ? "within" : "OVER"}`);
  const faster = cdktf / npmSynth;
  console.log(`whole command: x10 takes ${(large / small).toFixed(1)}x the shipped one; npm run synth is ${faster.toFixed(1)}x faster than npx cdktf synth, which renders only the stacks (budget 5x): ${faster >= 5 ? "within" : "OVER"}`);
  // The budget is the synth's own: what `npm run synth` runs, from process start to exit. npm's start comes on top
  // and is shown beside it; on a slow machine it is a third of a second.
  const mb = peak(smallSamples);
  const within = small <= 1000 && (mb === undefined || mb <= 400) ? "within" : "OVER";
  console.log(`budget for the synth of the shipped platform: 1000 ms median, 400 MB peak: ${within} (${small.toFixed(0)} ms, ${mb === undefined ? "peak n/a" : `${mb.toFixed(0)} MB`})`);
  console.log(`npm run synth adds npm's own start (npm run env: ${npmStart.toFixed(0)} ms here): ${npmSynth.toFixed(0)} ms`);
  if (process.argv.includes("--scale")) scale(node, scratch);
  fs.rmSync(scratch, { recursive: true, force: true });
}

/** Fleets generated from the shipped description: 40 and 200 clusters, 20 apps on each; one run each. */
function scale(node: string[], scratch: string): void {
  console.log("\nfleet scale (one run each):");
  for (const [factor, budgetMb] of [[10, undefined], [50, 1024]] as const) {
    const file = path.join(scratch, `fleet-${factor}.json`);
    const fleet = scaleDescription(parse(fs.readFileSync(path.join(ROOT, "platform.yaml"), "utf8")), factor, 20);
    fs.writeFileSync(file, JSON.stringify(fleet));
    const out = path.join(scratch, `fleet-${factor}`);
    const s = run([...node, "--config", file, "--out", out], ROOT);
    const files = countFiles(out);
    const perFile = s.ms / files;
    const memory = s.mb === undefined ? "peak n/a" : `peak ${s.mb.toFixed(0)} MB`;
    const verdict = budgetMb === undefined || s.mb === undefined ? "" : ` (budget ${budgetMb} MB: ${s.mb <= budgetMb ? "within" : "OVER"})`;
    console.log(`  ${fleet.clusters.length} clusters x 20 apps: ${files} files in ${(s.ms / 1000).toFixed(1)} s, ${perFile.toFixed(2)} ms per file, ${memory}${verdict}`);
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function countFiles(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0);
}

main();
