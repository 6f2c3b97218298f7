import { ConfigError } from "../lib/model/errors";
import { PublishError } from "../lib/publish/errors";
import { DEFAULT_MAX_DELETIONS, publish } from "../lib/publish/publish";
import { parseArgs } from "./args";

const USAGE = `usage: npm run publish -- [--config FILE] [--dir DIR] [--allow-dirty] [--allow-stale] [--allow-deletions]
                          [--max-deletions SHARE] [--push [--remote NAME]] [--debug]
Commits gitops-out/ as the whole tree of the rendered branch (platform.gitops.branch),
plus hydrator.metadata, without touching your branch, index or working tree.
  --config FILE          the platform description, relative to --dir (default platform.yaml)
  --dir DIR              the repository root (default .)
  --allow-dirty          publish although the working tree has uncommitted changes
  --allow-stale          publish although gitops-out/ is not what the description renders (a synth is skipped)
  --allow-deletions      publish although it deletes more than --max-deletions of the branch's files
  --max-deletions SHARE  the share of files one publish may delete, 0.5 or 50% (default ${DEFAULT_MAX_DELETIONS})
  --push                 push the branch to the remote, never with force; retried if someone published first
  --remote NAME          the remote to push to, and whose branch a fresh clone starts from (default origin)
  --debug                print stack traces on errors`;

function main(): number {
  let args: Record<string, string | boolean> = {};
  try {
    try {
      args = parseArgs(process.argv.slice(2), {
        values: ["config", "dir", "max-deletions", "remote"],
        flags: ["allow-dirty", "allow-stale", "allow-deletions", "push", "debug", "help"],
      });
    } catch (e) {
      throw new PublishError(`${(e as Error).message} (see --help)`);
    }
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const r = publish({
      config: args.config as string | undefined,
      dir: args.dir as string | undefined,
      allowDirty: Boolean(args["allow-dirty"]),
      checkFresh: !args["allow-stale"],
      allowDeletions: Boolean(args["allow-deletions"]),
      maxDeletions: args["max-deletions"] === undefined ? undefined : share(String(args["max-deletions"])),
      push: Boolean(args.push),
      remote: args.remote as string | undefined,
    });
    const short = (sha: string) => sha.slice(0, 7);
    if (r.created) {
      console.log(
        `published ${r.branch} ${short(r.commit)} (source ${short(r.source)}${r.dirty ? ", dirty" : ""}): ` +
          `${r.files} files, ${r.added} added, ${r.changed} changed, ${r.removed} removed`,
      );
    } else {
      console.log(`${r.branch} is up to date with ${short(r.commit)}`);
    }
    if (r.pushed) {
      const retried = r.attempts > 1 ? ` (after ${r.attempts} attempts: the remote had moved, so the commit was rebuilt on top)` : "";
      console.log(r.pushed === "pushed" ? `pushed to ${args.remote ?? "origin"}${retried}` : `${args.remote ?? "origin"} is up to date`);
    }
    for (const w of r.warnings) console.warn(`warning: ${w}`);
    if (r.dirty) console.warn("warning: published with --allow-dirty; the commit message says so");
    return 0;
  } catch (e) {
    const err = e as Error;
    if (err instanceof ConfigError) console.error(`${err.headline("nothing was published.")}\n  ${err.message.split("\n").join("\n  ")}`);
    else if (err instanceof PublishError) console.error(`error: ${err.message.split("\n").join("\n  ")}`);
    else console.error(`error: publish failed: ${err.message}`);
    if (args.debug && !(err instanceof ConfigError)) console.error(err.stack);
    return 1;
  }
}

/** "0.5" or "50%" as a share between 0 and 1. */
function share(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(value >= 0 && value <= 1)) throw new PublishError(`--max-deletions (${text}) must be a share such as 0.5 or 50%`);
  return value;
}

process.exitCode = main();
