import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CAPABILITIES } from "../capabilities";
import { PROMETHEUS_STORAGE_GB } from "../constructs/addons/kube-prometheus-stack";
import { LOKI_STORAGE_GB } from "../constructs/addons/loki";
import { TEMPO_STORAGE_GB } from "../constructs/addons/tempo";
import { estimate } from "../lib/cost/estimate";
import { report } from "../lib/cost/report";
import { ConfigError } from "../lib/model/errors";
import { loadDescription } from "../lib/model/load";
import { render } from "../lib/pipeline/render";
import { parseArgs } from "./args";

const USAGE = `usage: npm run cost -- [--config FILE] [--detail]
  --config FILE   the platform description (default platform.yaml)
  --detail        every priced item of every cluster
Prints each cluster's monthly estimate beside its budget and each team's share; exits 1 when a cluster's
floor is over its budget.`;

function main(): number {
  try {
    const args = parseArgs(process.argv.slice(2), { values: ["config"], flags: ["detail", "help"] });
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const description = loadDescription(String(args.config ?? "platform.yaml"));
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-cost-"));
    try {
      const r = render(description, CAPABILITIES, scratch);
      const volumes = { hubGb: PROMETHEUS_STORAGE_GB.hub + LOKI_STORAGE_GB + TEMPO_STORAGE_GB, spokeGb: PROMETHEUS_STORAGE_GB.spoke };
      const { text, overBudget } = report(estimate(r.resolved, r.stacks, r.charts, volumes), description, Boolean(args.detail));
      process.stdout.write(text);
      return overBudget.length > 0 ? 1 : 0;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  } catch (e) {
    const err = e as Error;
    console.error(err instanceof ConfigError ? `${err.headline("no estimate.")}\n  ${err.message.split("\n").join("\n  ")}` : `error: ${err.message}`);
    return 1;
  }
}

process.exitCode = main();
