import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { CAPABILITIES } from "../capabilities";
import { loadDescription } from "../lib/model/load";
import { synthContext } from "../lib/pipeline/render";
import { guardRemovals, RemovalError } from "../lib/pipeline/removals";
import { stackFiles, synthStacks } from "../lib/pipeline/terraform";

// Entry point for `npx cdktf synth` (cdktf.json): the same stacks npm run synth writes, through the same removal
// guard. The CLI drops the stack folders its app no longer writes, so a cluster or database that leaves the
// description is refused here first, as npm run synth refuses it (BASECAMP_ALLOW_REMOVAL is its --allow-removal).
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const description = loadDescription(process.env.BASECAMP_CONFIG ?? "platform.yaml");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-cdktf-"));
try {
  const app = new App({ outdir: scratch, stackTraces: false });
  const ctx = synthContext(description, CAPABILITIES);
  for (const c of CAPABILITIES) c.stacks?.(app, ctx);
  const stacks = synthStacks(app);
  const files = stackFiles(stacks);
  // The guard reads the stacks of the last synth from <root>/cdktf.out; a folder of another name has none.
  if (path.basename(outdir) === "cdktf.out") {
    const allowed = (process.env.BASECAMP_ALLOW_REMOVAL ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    guardRemovals(path.dirname(outdir), stacks, description.platform, allowed, files);
  }
  for (const rel of files.paths()) {
    fs.mkdirSync(path.dirname(path.join(outdir, rel)), { recursive: true });
    fs.writeFileSync(path.join(outdir, rel), files.content(rel));
  }
} catch (e) {
  if (!(e instanceof RemovalError)) throw e;
  console.error(`error: synth refused to drop configuration that may still own cloud resources; nothing was written.\n  ${e.message.split("\n").join("\n  ")}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
