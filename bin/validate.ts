import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CheckError } from "../lib/checks/finding";
import { ConfigError } from "../lib/model/errors";
import { synth } from "../lib/pipeline/synth";
import { STEPS, type Outcome, type ValidateContext } from "../lib/validate/steps";
import { commandArgs } from "./args";

const USAGE = `usage: npm run validate -- [--config FILE] [--steps NAME[,NAME...]]
  Every offline check of the description and its committed outputs, one line each; exit 1 on any failure.
  --config FILE   the platform description (default platform.yaml)
  --steps NAMES   only these, after synth: ${STEPS.map((s) => s.name).join(", ")}`;

function line(name: string, o: Outcome, seconds?: number): void {
  console.log(`${o.status.toUpperCase().padEnd(5)} ${name.padEnd(12)} ${o.detail}${seconds === undefined ? "" : ` (${seconds.toFixed(1)} s)`}`);
}

async function main(): Promise<number> {
  const args = commandArgs(USAGE, { values: ["config", "steps"], flags: [] });
  if (typeof args === "number") return args;
  // synth always runs first: naming it is allowed, and changes nothing.
  const wanted = typeof args.steps === "string" ? args.steps.split(",").map((s) => s.trim()).filter((s) => s !== "synth") : STEPS.map((s) => s.name);
  const unknown = wanted.filter((w) => !STEPS.some((s) => s.name === w));
  if (unknown.length > 0) {
    console.error(`error: no step ${unknown.join(", ")}; there are: ${STEPS.map((s) => s.name).join(", ")}`);
    return 1;
  }
  const config = String(args.config ?? "platform.yaml");
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-validate-"));
  let failed = 0;
  try {
    // The description and every check synth runs (the policy gate, Pod Security, the bring-up order, ...), on a
    // render of its own: the project's outputs are only read.
    let hub: string;
    try {
      const r = synth({ config, out: fresh, capabilities: () => (require("../capabilities") as typeof import("../capabilities")).CAPABILITIES });
      const { loadDescription } = require("../lib/model/load") as typeof import("../lib/model/load");
      hub = loadDescription(config).platform.platform.gitops.hub;
      line("synth", { status: "ok", detail: `${r.stacks} stacks, ${r.resources} Terraform resources, ${r.objects} objects; the description and every check of synth pass${r.warnings.length > 0 ? ` (${r.warnings.length} warnings)` : ""}` });
      // Checks synth runs on every render, each named: a failing one would have stopped synth above, naming it.
      line("policies", { status: "ok", detail: "every rendered workload passes the guardrails' policies, evaluated as Kyverno does (the policy gate)" });
      line("pod-security", { status: "ok", detail: "every workload is admitted by its namespace's Pod Security level" });
      line("bring-up", { status: "ok", detail: "nothing a sync wave or rollout step waits on comes from a later one (the bring-up walk)" });
    } catch (e) {
      const err = e as Error;
      const why = err instanceof ConfigError ? "the description is invalid" : err instanceof CheckError ? "the rendered platform fails its checks" : "synth failed";
      line("synth", { status: "fail", detail: `${why}: ${err.message.split("\n").slice(0, 3).join("; ")}` });
      console.log(`SKIP  ${"the rest".padEnd(12)} nothing to validate without a render`);
      return 1;
    }
    const ctx: ValidateContext = { root: process.cwd(), config, fresh, fromHead: process.env.CI === "true", hub };
    for (const step of STEPS.filter((s) => wanted.includes(s.name))) {
      let outcome: Outcome;
      const started = Date.now();
      try {
        outcome = await step.run(ctx);
      } catch (e) {
        outcome = { status: "fail", detail: (e as Error).message.split("\n")[0] };
      }
      line(step.name, outcome, (Date.now() - started) / 1000);
      if (outcome.status === "fail") failed++;
    }
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
  console.log(failed === 0 ? "validate: every check passes (skipped ones say why)" : `validate: ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(`error: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);
