import { CAPABILITIES } from "../capabilities";
import { PROMETHEUS_STORAGE_GB } from "../constructs/addons/kube-prometheus-stack";
import { LOKI_STORAGE_GB } from "../constructs/addons/loki";
import { TEMPO_STORAGE_GB } from "../constructs/addons/tempo";
import { estimate } from "../lib/cost/estimate";
import { report } from "../lib/cost/report";
import { render } from "../lib/pipeline/render";
import { describedCommand } from "./args";

const USAGE = `usage: npm run cost -- [--config FILE] [--detail]
  --config FILE   the platform description (default platform.yaml)
  --detail        every priced item of every cluster
Prints each cluster's monthly estimate beside its budget and each team's share; exits 1 when a cluster's
floor is over its budget.`;

process.exitCode = describedCommand(USAGE, { flags: ["detail"] }, "no estimate.", (description, scratch, args) => {
  const r = render(description, CAPABILITIES, scratch);
  const volumes = { hubGb: PROMETHEUS_STORAGE_GB.hub + LOKI_STORAGE_GB + TEMPO_STORAGE_GB, spokeGb: PROMETHEUS_STORAGE_GB.spoke };
  const { text, overBudget } = report(estimate(r.resolved, r.stacks, r.charts, volumes), description, Boolean(args.detail));
  process.stdout.write(text);
  return overBudget.length > 0 ? 1 : 0;
});
