import { CAPABILITIES } from "../../capabilities";
import { synth as pipeline, type SynthOptions } from "../../lib/pipeline/synth";

/** The synth of `npm run synth`, in process: every capability of the platform. */
export function synth(opts: Omit<SynthOptions, "capabilities">) {
  return pipeline({ ...opts, capabilities: CAPABILITIES });
}
