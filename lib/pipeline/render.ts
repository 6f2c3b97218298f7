import { App as Cdk8sApp } from "cdk8s";
import { App as CdktfApp } from "cdktf";
import { addStacks } from "../../infra/platform-stacks";
import { addCharts } from "../../manifests/platform-charts";
import type { Platform } from "../model/schema";
import { runChecks } from "./checks";
import { withoutCreationStacks } from "./creation-stacks";
import type { FileSet } from "./file-set";
import { gitopsFiles } from "./gitops";
import { distFiles, synthCharts, type ChartOutput } from "./kubernetes";
import { stackFiles, synthStacks, type StackOutput } from "./terraform";

/** Everything one synth produces, in memory: the data and the files of the three output folders. */
export interface Rendering {
  readonly stacks: StackOutput[];
  readonly charts: ChartOutput[];
  readonly outputs: FileSet[];
}

/**
 * Builds both construct trees from the model, synthesizes them to data, runs
 * the cross-checks and lays out the files. Writes nothing: `scratch` only
 * receives the empty folders cdktf's App insists on creating.
 */
export function render(platform: Platform, source: string, scratch: string): Rendering {
  return withoutCreationStacks(() => renderTrees(platform, source, scratch));
}

function renderTrees(platform: Platform, source: string, scratch: string): Rendering {
  const tf = new CdktfApp({ outdir: scratch, stackTraces: false });
  addStacks(tf, platform);
  const k8s = new Cdk8sApp();
  addCharts(k8s, platform);

  const stacks = synthStacks(tf);
  const charts = synthCharts(k8s);
  const gitops = gitopsFiles(charts, source);
  runChecks({ platform, stacks, charts, gitops });
  return {
    stacks,
    charts,
    outputs: [stackFiles(stacks), distFiles(charts), gitops],
  };
}
