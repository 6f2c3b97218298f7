import * as fs from "fs";
import * as path from "path";
import type { Capability } from "../capability";
import { formatFinding } from "../checks/finding";
import { loadDescription } from "../model/load";
import { guardRemovals } from "./removals";
import { mark, resetMarks } from "./timing";
import { writeOutputs, type WriteSummary } from "./write";

export interface SynthOptions {
  /** The description, YAML or JSON. */
  readonly config: string;
  /** The folder that receives cdktf.out/, dist/ and gitops-out/. */
  readonly out: string;
  /** Or a function that loads them: an invalid description is then refused before the construct libraries load. */
  readonly capabilities: readonly Capability[] | (() => readonly Capability[]);
  /** Clusters (name) and databases (cluster/app) whose configuration may leave cdktf.out/. */
  readonly allowRemoval?: readonly string[];
}

export interface SynthResult extends WriteSummary {
  stacks: number;
  resources: number;
  objects: number;
  /** Warnings of the checks, formatted. */
  warnings: string[];
}

/** platform description -> validated model -> data -> checks -> removal guard -> atomic write. */
export function synth(opts: SynthOptions): SynthResult {
  resetMarks();
  mark("start");
  const description = loadDescription(opts.config);
  mark("load description");
  // The construct libraries load only for a description worth rendering: a refusal stays fast.
  const capabilities = typeof opts.capabilities === "function" ? opts.capabilities() : opts.capabilities;
  const { render } = require("./render") as typeof import("./render");
  fs.mkdirSync(opts.out, { recursive: true });
  const staging = fs.mkdtempSync(path.join(opts.out, ".basecamp-staging-"));
  try {
    const r = render(description, capabilities, path.join(staging, "cdktf-app"));
    const notes = guardRemovals(opts.out, r.stacks, description.platform, opts.allowRemoval, r.outputs.find((o) => o.root === "cdktf.out"), r.outputs.find((o) => o.root === "gitops-out"));
    mark("removal guard");
    const summary = writeOutputs(opts.out, r.outputs, staging);
    mark("write");
    return {
      ...summary,
      stacks: r.stacks.length,
      resources: r.stacks.reduce(
        (n, s) => n + Object.values<Record<string, unknown>>(s.json.resource ?? {}).reduce((m, byName) => m + Object.keys(byName).length, 0),
        0,
      ),
      objects: r.charts.reduce((n, c) => n + c.objects.length, 0),
      warnings: [...r.warnings.map((w) => formatFinding(w, description)), ...notes.map((n) => `note: ${n}`)],
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
