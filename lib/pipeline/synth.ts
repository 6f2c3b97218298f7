import * as fs from "fs";
import * as path from "path";
import { loadPlatform } from "../model/load";
import { render } from "./render";
import { writeOutputs, type WriteSummary } from "./write";

export interface SynthOptions {
  /** The description, YAML or JSON. */
  readonly config: string;
  /** The folder that receives cdktf.out/, dist/ and gitops-out/. */
  readonly out: string;
}

export interface SynthResult extends WriteSummary {
  stacks: number;
  resources: number;
  objects: number;
}

/** platform description -> validated model -> data -> checks -> atomic write. */
export function synth(opts: SynthOptions): SynthResult {
  const platform = loadPlatform(opts.config);
  fs.mkdirSync(opts.out, { recursive: true });
  const staging = fs.mkdtempSync(path.join(opts.out, ".basecamp-staging-"));
  try {
    const r = render(platform, path.basename(opts.config), path.join(staging, "cdktf-app"));
    const summary = writeOutputs(opts.out, r.outputs, staging);
    return {
      ...summary,
      stacks: r.stacks.length,
      resources: r.stacks.reduce(
        (n, s) => n + Object.values<Record<string, unknown>>(s.json.resource ?? {}).reduce((m, byName) => m + Object.keys(byName).length, 0),
        0,
      ),
      objects: r.charts.reduce((n, c) => n + c.objects.length, 0),
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
