import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../lib/model/errors";
import { loadDescription, type Description } from "../lib/model/load";

/** A tiny flag parser: --name value, --name=value and boolean --flag. Unknown flags are errors. */
export function parseArgs(argv: string[], spec: { values: string[]; flags: string[] }): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].replace(/^--/, "").split(/=(.*)/s);
    if (!argv[i].startsWith("--")) throw new Error(`unexpected argument '${argv[i]}'`);
    if (spec.flags.includes(name)) out[name] = true;
    else if (spec.values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      out[name] = value;
    } else {
      throw new Error(`unknown option --${name}; allowed: ${[...spec.values, ...spec.flags].map((f) => `--${f}`).join(", ")}`);
    }
  }
  return out;
}

/**
 * The command's options, or its exit code when it is done already: --help printed the usage (0), or an
 * unknown or incomplete option was refused with it (1). --help is always a flag.
 */
export function commandArgs(usage: string, spec: { values: string[]; flags: string[] }): Record<string, string | boolean> | number {
  let args: Record<string, string | boolean>;
  try {
    args = parseArgs(process.argv.slice(2), { values: spec.values, flags: [...spec.flags, "help"] });
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n${usage}`);
    return 1;
  }
  if (!args.help) return args;
  console.log(usage);
  return 0;
}

/**
 * A command that reads a description and renders it in a scratch folder (cost, bringup): --config and
 * --help and its own flags, then `run`; a description error prints its field paths under `refusal`
 * ("no plan."), anything else one line; the exit code is run's, or 1.
 */
export function describedCommand(
  usage: string,
  spec: { flags: string[] },
  refusal: string,
  run: (description: Description, scratch: string, args: Record<string, string | boolean>) => number,
): number {
  try {
    const args = parseArgs(process.argv.slice(2), { values: ["config"], flags: [...spec.flags, "help"] });
    if (args.help) {
      console.log(usage);
      return 0;
    }
    const description = loadDescription(String(args.config ?? "platform.yaml"));
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-"));
    try {
      return run(description, scratch, args);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  } catch (e) {
    const err = e as Error;
    console.error(err instanceof ConfigError ? `${err.headline(refusal)}\n  ${err.message.split("\n").join("\n  ")}` : `error: ${err.message}`);
    return 1;
  }
}
