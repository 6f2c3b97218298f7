import { App } from "cdktf";
import { addStacks } from "../infra/platform-stacks";
import { loadPlatform } from "../lib/model/load";

// Entry point for `npx cdktf synth` (cdktf.json): the same stacks npm run synth writes.
const app = new App({ stackTraces: false });
addStacks(app, loadPlatform(process.env.BASECAMP_CONFIG ?? "platform.yaml"));
app.synth();
