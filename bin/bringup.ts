import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CAPABILITIES } from "../capabilities";
import { bringUpPlan, formatPlan } from "../lib/bringup/plan";
import { walk } from "../lib/bringup/walk";
import { formatFinding } from "../lib/checks/finding";
import { ConfigError } from "../lib/model/errors";
import { loadDescription } from "../lib/model/load";
import { buildTree } from "../lib/pipeline/render";
import { parseArgs } from "./args";

const USAGE = `usage: npm run bringup -- [--config FILE]
  --config FILE   the platform description (default platform.yaml)
Prints, in order, the steps that bring this platform up: the stacks in the order of the state they read,
publishing, Argo CD on the hub, then each wave and each cluster in the rollout order, with what to watch.`;

function main(): number {
  try {
    const args = parseArgs(process.argv.slice(2), { values: ["config"], flags: ["help"] });
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const description = loadDescription(String(args.config ?? "platform.yaml"));
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-bringup-"));
    try {
      const tree = buildTree(description, CAPABILITIES, scratch);
      process.stdout.write(formatPlan(bringUpPlan(tree)));
      // The same steps replayed against what the controllers would ask: the first that stalls, and why.
      const stalls = walk(tree);
      for (const s of stalls) console.error(`would stall at: ${s.step}\n${s.findings.map((f) => `  ${formatFinding(f, description)}`).join("\n")}`);
      if (stalls.length === 0) console.log("walked: every step comes up");
      return stalls.length > 0 ? 1 : 0;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  } catch (e) {
    const err = e as Error;
    console.error(err instanceof ConfigError ? `${err.headline("no plan.")}\n  ${err.message.split("\n").join("\n  ")}` : `error: ${err.message}`);
    return 1;
  }
}

process.exitCode = main();
