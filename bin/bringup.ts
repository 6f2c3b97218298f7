import { CAPABILITIES } from "../capabilities";
import { bringUpPlan, formatPlan } from "../lib/bringup/plan";
import { walk } from "../lib/bringup/walk";
import { formatFinding } from "../lib/checks/finding";
import { buildTree } from "../lib/pipeline/render";
import { describedCommand } from "./args";

const USAGE = `usage: npm run bringup -- [--config FILE]
  --config FILE   the platform description (default platform.yaml)
Prints, in order, the steps that bring this platform up: the stacks in the order of the state they read,
publishing, Argo CD on the hub, then each wave and each cluster in the rollout order, with what to watch;
then walks them as the controllers would and exits 1 at a step that would stall.`;

process.exitCode = describedCommand(USAGE, { flags: [] }, "no plan.", (description, scratch) => {
  const tree = buildTree(description, CAPABILITIES, scratch);
  process.stdout.write(formatPlan(bringUpPlan(tree)));
  // The same steps replayed against what the controllers would ask: each that stalls, and why.
  const stalls = walk(tree);
  for (const s of stalls) console.error(`would stall at: ${s.step}\n${s.findings.map((f) => `  ${formatFinding(f, description)}`).join("\n")}`);
  if (stalls.length === 0) console.log("walked: every step comes up");
  return stalls.length > 0 ? 1 : 0;
});
