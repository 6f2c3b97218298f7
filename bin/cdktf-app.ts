import { App } from "cdktf";
import { CAPABILITIES } from "../capabilities";
import { loadDescription } from "../lib/model/load";
import { synthContext } from "../lib/pipeline/render";

// Entry point for `npx cdktf synth` (cdktf.json): the same stacks npm run synth writes.
const app = new App({ stackTraces: false });
const description = loadDescription(process.env.BASECAMP_CONFIG ?? "platform.yaml");
const ctx = synthContext(description, CAPABILITIES);
for (const c of CAPABILITIES) c.stacks?.(app, ctx);
app.synth();
