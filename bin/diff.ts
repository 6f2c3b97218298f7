import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffRenders, type Tree } from "../lib/diff/diff";
import { folderTree, gitTree, hasTree } from "../lib/diff/git-tree";
import { report } from "../lib/diff/report";
import { GLOBAL_STACK, BOOTSTRAP_STACK, BOOTSTRAP_GCP_STACK, BOOTSTRAP_AZURE_STACK } from "../lib/model/reserved";
import { commandArgs } from "./args";

const USAGE = `usage: npm run diff -- [--config FILE] [--base REF] [--stacks-base REF] [--markdown] [--max-chars N] [--allow-replace]
What the working tree's render changes: per cluster and object, per stack and resource, with the blast radius
first and the stacks to apply after merging; exit 2 when something that holds data would be destroyed or
replaced (a database, volume, namespace, bucket, key vault, state store, VM, DNS zone), unless --allow-replace.
  --base REF         the rendered tree to compare with: a rendered branch, or a commit whose gitops-out/ is used
                     (default: origin/<platform.gitops.branch>, else the local branch, else HEAD's gitops-out/)
  --stacks-base REF  the commit whose cdktf.out/ is compared (default HEAD)
  --markdown         Markdown, for a pull request comment
  --max-chars N      cut the details to N characters (a comment holds 65,536); the guard is always shown`;

function main(): number {
  const args = commandArgs(USAGE, { values: ["config", "base", "stacks-base", "max-chars"], flags: ["markdown", "allow-replace"] });
  if (typeof args === "number") return args;
  const config = String(args.config ?? "platform.yaml");
  const { synth } = require("../lib/pipeline/synth") as typeof import("../lib/pipeline/synth");
  const { loadDescription } = require("../lib/model/load") as typeof import("../lib/model/load");
  const description = loadDescription(config);
  const p = description.platform;
  const repo = process.cwd();
  const branch = p.platform.gitops.branch;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-diff-"));
  try {
    synth({ config, out: scratch, capabilities: () => (require("../capabilities") as typeof import("../capabilities")).CAPABILITIES });
    const base = typeof args.base === "string" ? args.base : [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`].find((r) => hasTree(repo, r)) ?? "HEAD";
    let gitopsBefore: Tree;
    if (hasTree(repo, `${base}:gitops-out`)) gitopsBefore = gitTree(repo, `${base}:gitops-out`);
    else if (hasTree(repo, base)) {
      const t = gitTree(repo, base);
      t.delete("hydrator.metadata");
      gitopsBefore = t;
    } else gitopsBefore = new Map();
    const stacksBase = typeof args["stacks-base"] === "string" ? args["stacks-base"] : "HEAD";
    const stacksBefore = hasTree(repo, `${stacksBase}:cdktf.out`) ? gitTree(repo, `${stacksBase}:cdktf.out`) : new Map<string, string>();
    const d = diffRenders({ before: gitopsBefore, after: folderTree(path.join(scratch, "gitops-out")) }, { before: stacksBefore, after: folderTree(path.join(scratch, "cdktf.out")) });
    const hub = p.platform.gitops.hub;
    const clusters = p.clusters.map((c) => c.name);
    const applyOrder = [BOOTSTRAP_STACK, BOOTSTRAP_GCP_STACK, BOOTSTRAP_AZURE_STACK, hub, ...clusters.filter((c) => c !== hub), GLOBAL_STACK];
    // The fleet's order (manifests/hub-chart.ts fleetSteps): by provider in platform.gitops.rollout; the rest sync on their own.
    const ordered = p.platform.gitops.rollout.flatMap((provider) => p.clusters.filter((c) => c.provider === provider).map((c) => c.name));
    const rollout = [...ordered, ...clusters.filter((c) => !ordered.includes(c))];
    const against = `${base === "HEAD" ? "HEAD's gitops-out/" : base} and ${stacksBase}'s cdktf.out/`;
    process.stdout.write(report(d, { against, applyOrder, rollout, markdown: Boolean(args.markdown), maxChars: typeof args["max-chars"] === "string" ? Number(args["max-chars"]) : undefined }));
    return d.replacements.length > 0 && !args["allow-replace"] ? 2 : 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (e) {
  const err = e as Error & { headline?: (s: string) => string };
  console.error(`${err.headline ? err.headline("no diff.") : "error: diff failed"}\n  ${err.message.split("\n").join("\n  ")}`);
  process.exitCode = 1;
}
