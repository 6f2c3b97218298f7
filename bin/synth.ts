import { performance } from "perf_hooks";
import { CheckError } from "../lib/checks/finding";
import { ConfigError } from "../lib/model/errors";
import { RemovalError } from "../lib/pipeline/removals";
import { synth } from "../lib/pipeline/synth";
import { timings } from "../lib/pipeline/timing";
import { parseArgs } from "./args";

const USAGE = `usage: npm run synth -- [--config FILE] [--out DIR] [--allow-removal NAME[,NAME...]] [--debug]
  --config FILE          the platform description, YAML or JSON (default platform.yaml)
  --out DIR              where cdktf.out/, dist/ and gitops-out/ go (default .)
  --allow-removal NAMES  let these leave cdktf.out/ although the last synth configured them:
                         clusters by name, databases as <cluster>/<app> (prefer retired: in the description)
  --debug                print stack traces on errors`;

function main(): number {
  let args: Record<string, string | boolean> = {};
  try {
    args = parseArgs(process.argv.slice(2), { values: ["config", "out", "allow-removal"], flags: ["debug", "help"] });
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const r = synth({
      config: String(args.config ?? "platform.yaml"),
      out: String(args.out ?? "."),
      capabilities: () => (require("../capabilities") as typeof import("../capabilities")).CAPABILITIES,
      allowRemoval: typeof args["allow-removal"] === "string" ? args["allow-removal"].split(",").map((s) => s.trim()).filter(Boolean) : [],
    });
    console.log(
      `synth: ${r.stacks} stacks, ${r.resources} Terraform resources, ${r.objects} Kubernetes objects; ` +
        `files ${r.added} added, ${r.changed} changed, ${r.removed} removed; ${Math.round(performance.now())} ms`,
    );
    for (const w of r.warnings) console.warn(w);
    if (process.env.BASECAMP_TIMING) for (const t of timings()) console.error(`${t.phase.padEnd(28)} ${t.ms.toFixed(0).padStart(5)} ms`);
    for (const s of r.keptStacks) {
      console.warn(`warning: stack '${s}' is no longer described; its Terraform state was kept in cdktf.out/stacks/${s}/. Delete the folder once nothing refers to that state.`);
    }
    return 0;
  } catch (e) {
    const err = e as Error;
    const headline =
      err instanceof ConfigError ? err.headline("nothing was written.")
      : err instanceof RemovalError ? "error: synth refused to drop configuration that may still own cloud resources; nothing was written."
      : err instanceof CheckError ? `error: the rendered platform fails ${err.findings.length === 1 ? "a check" : `${err.findings.length} checks`}; nothing was written.`
      : `error: synth failed; nothing was written.`;
    console.error(`${headline}\n  ${err.message.split("\n").join("\n  ")}`);
    const known = err instanceof ConfigError || err instanceof RemovalError || err instanceof CheckError;
    if (args.debug && !known) console.error(err.stack);
    else if (args.debug) console.error("(no stack trace: this is a problem in the input, not in basecamp)");
    return 1;
  }
}

process.exitCode = main();
