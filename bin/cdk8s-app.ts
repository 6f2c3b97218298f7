import { App } from "cdk8s";
import { CAPABILITIES } from "../capabilities";
import { loadDescription } from "../lib/model/load";
import { synthContext } from "../lib/pipeline/render";

// Entry point for `npx cdk8s synth` (cdk8s.yaml): the same dist/ npm run synth writes.
const app = new App();
const description = loadDescription(process.env.BASECAMP_CONFIG ?? "platform.yaml");
const ctx = synthContext(description, CAPABILITIES);
for (const c of CAPABILITIES) c.charts?.(app, ctx);
app.synth();
