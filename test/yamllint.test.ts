import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { shippedRender } from "./helpers/shipped";
import { describeWith } from "./helpers/skip";
import { tempDir } from "./helpers/tree";

const missing = spawnSync("yamllint", ["--version"]).status === 0 ? undefined : "yamllint is not installed (apt-get install yamllint)";

describeWith("yamllint", missing, "yamllint accepts every rendered file", () => {
  test("gitops-out/ and dist/ lint clean", () => {
    const out = shippedRender();
    const config = path.join(tempDir(), "yamllint.yaml");
    // Line length is the only default we relax: image digests and descriptions are long by nature.
    fs.writeFileSync(config, "extends: default\nrules:\n  line-length: disable\n  document-start: disable\n");
    const r = spawnSync("yamllint", ["-f", "parsable", "-s", "-c", config, "gitops-out", "dist"], { cwd: out, encoding: "utf8" });
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });
});
