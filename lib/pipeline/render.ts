import { App as Cdk8sApp } from "cdk8s";
import { App as CdktfApp } from "cdktf";
import type { Capability, ExtraFile, SynthContext } from "../capability";
import { CORE_CHECKS, runChecks } from "../checks";
import type { Finding, RenderedTree } from "../checks/finding";
import type { Description } from "../model/load";
import { resolve, type Resolved } from "../model/resolve";
import { withoutCreationStacks } from "./creation-stacks";
import { compact, startRender } from "./memory";
import { releasingTokens } from "./tokens";
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

/** How a render builds its construct trees. */
export interface RenderOptions {
  /**
   * One cluster at a time (the default): the parts shared by all clusters
   * first, then each cluster's stack, charts and files, each pass's
   * construct trees released once they are data. Or the whole platform in
   * one pass (`false`), which writes the same bytes and holds every
   * construct at once.
   */
  readonly byCluster?: boolean;
}

/**
 * Builds the construct trees from the description through every
 * capability, synthesizes them to data, runs the checks and lays out the
 * files. Writes nothing: `scratch` only receives the empty folders cdktf's
 * App insists on creating.
 */
export function render(description: Description, capabilities: readonly Capability[], scratch: string, opts: RenderOptions = {}): Rendering {
  return withoutCreationStacks(() => {
    const tree = buildTree(description, capabilities, scratch, opts);
    const warnings = runChecks(tree, [...CORE_CHECKS, ...capabilities.flatMap((c) => c.checks ?? [])]);
    compact();
    mark("checks");
    const outputs = [stackFiles(tree.stacks), distFiles(tree.charts), tree.gitops];
    mark("lay out cdktf.out and dist");
    return { resolved: tree.resolved, stacks: tree.stacks, charts: tree.charts, outputs, warnings };
  });
}

/** What every capability's hooks see: the description, resolved once, everyone's add-ons, and the whole platform to build. */
export function synthContext(description: Description, capabilities: readonly Capability[]): SynthContext {
  const resolved = resolve(description.platform);
  return {
    description,
    resolved,
    clusters: resolved.clusters,
    shared: true,
    addOns: (cluster) =>
      capabilities.flatMap((c) => c.addOns?.(cluster, resolved) ?? []).sort((a, b) => a.syncWave - b.syncWave || a.name.localeCompare(b.name)),
  };
}

/** The rendered tree as data, before any check: the passes' stacks, charts and files, in the order of the passes. */
export function buildTree(description: Description, capabilities: readonly Capability[], scratch: string, opts: RenderOptions = {}): RenderedTree {
  const all = synthContext(description, capabilities);
  startRender();
  const passes: Pick<SynthContext, "clusters" | "shared">[] =
    opts.byCluster === false ? [{ clusters: all.resolved.clusters, shared: true }] : [{ clusters: [], shared: true }, ...all.resolved.clusters.map((c) => ({ clusters: [c], shared: false }))];
  const stacks: StackOutput[] = [];
  const charts: ChartOutput[] = [];
  const extra: ExtraFile[] = [];
  for (const pass of passes) {
    const ctx: SynthContext = { ...all, ...pass };
    // One construct tree at a time, each released as it is synthesized: only the data stays.
    stacks.push(...synthPass(() =>
      releasingTokens(() => {
        const tf = new CdktfApp({ outdir: scratch, stackTraces: false });
        for (const c of capabilities) c.stacks?.(tf, ctx);
        return synthStacks(tf);
      }),
    ));
    const passCharts = synthPass(() => {
      const k8s = new Cdk8sApp();
      for (const c of capabilities) c.charts?.(k8s, ctx);
      return synthCharts(k8s);
    });
    charts.push(...passCharts);
    extra.push(...capabilities.flatMap((c) => c.files?.(ctx, passCharts) ?? []));
    mark(!pass.shared ? `cluster ${pass.clusters.map((c) => c.name).join(", ")}` : pass.clusters.length === 0 ? "shared parts" : "the whole platform");
  }
  const gitops = gitopsFiles(charts, extra);
  mark("lay out gitops-out");
  return { description, resolved: all.resolved, addOns: all.addOns, stacks, charts, gitops };
}

function synthPass<T>(build: () => T): T {
  const out = build();
  compact();
  return out;
}
