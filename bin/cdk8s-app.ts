import { App } from "cdk8s";
import { addCharts } from "../manifests/platform-charts";
import { loadPlatform } from "../lib/model/load";

// Entry point for `npx cdk8s synth` (cdk8s.yaml): the same dist/ npm run synth writes.
const app = new App();
addCharts(app, loadPlatform(process.env.BASECAMP_CONFIG ?? "platform.yaml"));
app.synth();
