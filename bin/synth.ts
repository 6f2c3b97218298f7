import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";
import { CheckError } from "../lib/checks/finding";
import { ConfigError } from "../lib/model/errors";
import { RemovalError } from "../lib/pipeline/removals";
import { synth } from "../lib/pipeline/synth";
import { onPhase, timings } from "../lib/pipeline/timing";
import { changeHeadline, SOURCE_DIRS, watchFile, watchSources } from "../lib/pipeline/watch";
import { commandArgs } from "./args";

const USAGE = `usage: npm run synth -- [--config FILE] [--out DIR] [--allow-removal NAME[,NAME...]] [--watch] [--quiet | --json] [--debug]
  --config FILE          the platform description, YAML or JSON (default platform.yaml)
  --out DIR              where cdktf.out/, dist/ and gitops-out/ go (default .)
  --allow-removal NAMES  let these leave cdktf.out/ although the last synth configured them:
                         clusters by name, databases as <cluster>/<app> (prefer retired: in the description)
  --watch                render again on each save of the description (and restart on a save of basecamp's
                         sources), printing what changed; a refused description is reported and watched on
  --quiet                print nothing but warnings and errors
  --json                 print one JSON object: the summary and every changed file, or the refusal
  --debug                print stack traces on errors
On a terminal, synth shows each phase as it finishes.`;

type Args = Record<string, string | boolean>;

/** Set in the environment of the renderer the --watch supervisor runs. */
const WATCH_CHILD = "BASECAMP_WATCH_CHILD";

/** One synth: the summary, or the refusal; the exit code. */
function render(args: Args, started: number): number {
  try {
    const r = synth({
      config: String(args.config ?? "platform.yaml"),
      out: String(args.out ?? "."),
      capabilities: () => (require("../capabilities") as typeof import("../capabilities")).CAPABILITIES,
      allowRemoval: typeof args["allow-removal"] === "string" ? args["allow-removal"].split(",").map((s) => s.trim()).filter(Boolean) : [],
    });
    clearProgress();
    const ms = Math.round(performance.now() - started);
    if (args.json) {
      const { stacks, resources, objects, added, changed, removed, paths, warnings, keptStacks } = r;
      console.log(JSON.stringify({ ok: true, stacks, resources, objects, files: { added, changed, removed, paths }, warnings, keptStacks, ms }));
      return 0;
    }
    if (!args.quiet) {
      console.log(`synth: ${r.stacks} stacks, ${r.resources} Terraform resources, ${r.objects} Kubernetes objects; files ${r.added} added, ${r.changed} changed, ${r.removed} removed; ${ms} ms`);
      if (args.watch) console.log(`  ${changeHeadline(r.paths)}`);
    }
    for (const w of r.warnings) console.warn(w);
    if (process.env.BASECAMP_TIMING) for (const t of timings()) console.error(`${t.phase.padEnd(28)} ${t.ms.toFixed(0).padStart(5)} ms ${t.mb.toFixed(0).padStart(6)} MB`);
    for (const s of r.keptStacks) {
      console.warn(`warning: stack '${s}' is no longer described; its Terraform state was kept in cdktf.out/stacks/${s}/. Delete the folder once nothing refers to that state.`);
    }
    return 0;
  } catch (e) {
    clearProgress();
    const err = e as Error;
    const headline =
      err instanceof ConfigError ? err.headline("nothing was written.")
      : err instanceof RemovalError ? "error: synth refused to drop configuration that may still own cloud resources; nothing was written."
      : err instanceof CheckError ? `error: the rendered platform fails ${err.findings.length === 1 ? "a check" : `${err.findings.length} checks`}; nothing was written.`
      : `error: synth failed; nothing was written.`;
    const known = err instanceof ConfigError || err instanceof RemovalError || err instanceof CheckError;
    if (args.json) {
      const kind = err instanceof ConfigError ? "description" : err instanceof RemovalError ? "removal" : err instanceof CheckError ? "checks" : "internal";
      console.log(JSON.stringify({ ok: false, error: { kind, headline, messages: err.message.split("\n") } }));
      return 1;
    }
    console.error(`${headline}\n  ${err.message.split("\n").join("\n  ")}`);
    if (args.debug && !known) console.error(err.stack);
    else if (args.debug) console.error("(no stack trace: this is a problem in the input, not in basecamp)");
    return 1;
  }
}

/**
 * --watch: a small supervisor runs the renderer as a child, which keeps the
 * libraries loaded and renders on each save of the description; a save of
 * basecamp's own sources starts a fresh child (launch.js rebuilds its bundle).
 */
function supervise(argv: string[]): void {
  const launcher = process.argv[1];
  const root = path.resolve(path.dirname(launcher), "..");
  let child: ChildProcess | undefined;
  const start = () => {
    child = spawn(process.execPath, [launcher, path.join(root, "bin", "synth.ts"), ...argv], { stdio: "inherit", env: { ...process.env, [WATCH_CHILD]: "1" } });
  };
  watchSources(root, SOURCE_DIRS, (file) => {
    console.log(`watch: ${file} changed; restarting with the new sources`);
    const old = child;
    if (old && old.exitCode === null) {
      old.once("exit", start);
      old.kill();
    } else start();
  });
  const stop = () => {
    child?.kill();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  start();
}

function watch(args: Args): void {
  const config = String(args.config ?? "platform.yaml");
  // Watching before the first render and before saying so: a save made as soon as the line shows is seen.
  watchFile(config, () => render(args, performance.now()));
  render(args, performance.now());
  console.log(`watch: watching ${config}; Ctrl-C stops`);
}

function main(): number | undefined {
  const args = commandArgs(USAGE, { values: ["config", "out", "allow-removal"], flags: ["debug", "watch", "quiet", "json"] });
  if (typeof args === "number") return args;
  if (args.watch && process.env[WATCH_CHILD]) {
    watch(args);
    return undefined;
  }
  if (args.watch) {
    supervise(process.argv.slice(2));
    return undefined;
  }
  if (args.quiet && args.json) {
    console.error(`error: --quiet and --json do not go together\n${USAGE}`);
    return 1;
  }
  // A terminal sees each phase as it ends, on one line that the summary replaces.
  if (process.stderr.isTTY && !args.quiet && !args.json) {
    onPhase((phase) => process.stderr.write(`\r\x1b[Ksynth: ${phase} done`));
    clearProgress = () => {
      onPhase(undefined);
      process.stderr.write("\r\x1b[K");
    };
  }
  return render(args, 0);
}

/** Clears the progress line before the summary or the refusal is printed. */
let clearProgress = () => {};

const code = main();
if (code !== undefined) process.exitCode = code;
