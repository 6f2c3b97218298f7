import { App as Cdk8sApp } from "cdk8s";
import { App as CdktfApp } from "cdktf";
import type { Capability, SynthContext } from "../capability";
import { CORE_CHECKS, runChecks } from "../checks";
import type { Finding, RenderedTree } from "../checks/finding";
import type { Description } from "../model/load";
import { resolve, type Resolved } from "../model/resolve";
import { withoutCreationStacks } from "./creation-stacks";
import { compact } from "./memory";
import { mark } from "./timing";
import type { FileSet } from "./file-set";
import { gitopsFiles } from "./gitops";
import { distFiles, synthCharts, type ChartOutput } from "./kubernetes";
import { stackFiles, synthStacks, type StackOutput } from "./terraform";

/** Everything one synth produces, in memory: the data and the files of the three output folders. */
export interface Rendering {
  readonly resolved: Resolved;
  readonly stacks: readonly StackOutput[];
  readonly charts: readonly ChartOutput[];
  readonly outputs: FileSet[];
  readonly warnings: Finding[];
}

/**
 * Builds both construct trees from the description through every
 * capability, synthesizes them to data, runs the checks and lays out the
 * files. Writes nothing: `scratch` only receives the empty folders cdktf's
 * App insists on creating.
 */
export function render(description: Description, capabilities: readonly Capability[], scratch: string): Rendering {
  return withoutCreationStacks(() => {
    const tree = buildTree(description, capabilities, scratch);
    const warnings = runChecks(tree, [...CORE_CHECKS, ...capabilities.flatMap((c) => c.checks ?? [])]);
    compact();
    mark("checks");
    const outputs = [stackFiles(tree.stacks), distFiles(tree.charts), tree.gitops];
    mark("lay out cdktf.out and dist");
    return { resolved: tree.resolved, stacks: tree.stacks, charts: tree.charts, outputs, warnings };
  });
}

/** What every capability's hooks see: the description, resolved once, and everyone's add-ons. */
export function synthContext(description: Description, capabilities: readonly Capability[]): SynthContext {
  const resolved = resolve(description.platform);
  return {
    description,
    resolved,
    addOns: (cluster) =>
      capabilities.flatMap((c) => c.addOns?.(cluster, resolved) ?? []).sort((a, b) => a.syncWave - b.syncWave || a.name.localeCompare(b.name)),
  };
}

/** The rendered tree as data, before any check. */
export function buildTree(description: Description, capabilities: readonly Capability[], scratch: string): RenderedTree {
  const ctx = synthContext(description, capabilities);
  const resolved = ctx.resolved;
  // One construct tree at a time, each released as it is synthesized: only the data stays.
  const stacks = (() => {
    const tf = new CdktfApp({ outdir: scratch, stackTraces: false });
    for (const c of capabilities) c.stacks?.(tf, ctx);
    mark("build stacks");
    return synthStacks(tf);
  })();
  compact();
  mark("synth stacks");
  const charts = (() => {
    const k8s = new Cdk8sApp();
    for (const c of capabilities) c.charts?.(k8s, ctx);
    mark("build charts");
    return synthCharts(k8s);
  })();
  compact();
  mark("synth charts");
  const gitops = gitopsFiles(charts, capabilities.flatMap((c) => c.files?.(ctx, charts) ?? []));
  mark("lay out gitops-out");
  return { description, resolved, addOns: ctx.addOns, stacks, charts, gitops };
}
