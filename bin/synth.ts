import { performance } from "perf_hooks";
import { ConfigError } from "../lib/model/errors";
import { synth } from "../lib/pipeline/synth";
import { parseArgs } from "./args";

const USAGE = `usage: npm run synth -- [--config FILE] [--out DIR] [--debug]
  --config FILE  the platform description, YAML or JSON (default platform.yaml)
  --out DIR      where cdktf.out/, dist/ and gitops-out/ go (default .)
  --debug        print stack traces on errors`;

function main(): number {
  let args: Record<string, string | boolean> = {};
  try {
    args = parseArgs(process.argv.slice(2), { values: ["config", "out"], flags: ["debug", "help"] });
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const r = synth({ config: String(args.config ?? "platform.yaml"), out: String(args.out ?? ".") });
    console.log(
      `synth: ${r.stacks} stacks, ${r.resources} Terraform resources, ${r.objects} Kubernetes objects; ` +
        `files ${r.added} added, ${r.changed} changed, ${r.removed} removed; ${Math.round(performance.now())} ms`,
    );
    for (const s of r.keptStacks) {
      console.warn(`warning: stack '${s}' is no longer described; its Terraform state was kept in cdktf.out/stacks/${s}/. Destroy or move it, then delete the folder.`);
    }
    return 0;
  } catch (e) {
    const err = e as Error;
    const what = err instanceof ConfigError ? `${err.file} is invalid` : "synth failed";
    console.error(`error: ${what}; nothing was written.\n  ${err.message.split("\n").join("\n  ")}`);
    if (args.debug && !(err instanceof ConfigError)) console.error(err.stack);
    return 1;
  }
}

process.exitCode = main();
