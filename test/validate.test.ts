import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { sampleText } from "./helpers/platform";
import { ROOT, runSynth, tempDir } from "./helpers/tree";

/** npm run validate in a project folder of its own (its description, outputs and schema), some steps only. */
function validate(project: string, steps: string) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), CI: "" };
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "launch.js"), path.join(ROOT, "bin", "validate.ts"), "--steps", steps], { cwd: project, encoding: "utf8", env });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("npm run validate", () => {
  const project = tempDir("basecamp-validate-");
  beforeAll(() => {
    fs.writeFileSync(path.join(project, "platform.yaml"), `# yaml-language-server: $schema=./platform.schema.json\n${sampleText()}\n`);
    fs.copyFileSync(path.join(ROOT, "platform.schema.json"), path.join(project, "platform.schema.json"));
    expect(runSynth(["--config", "platform.yaml"], { cwd: project }).status).toBe(0);
  });

  test("one line per check, and exit 0 when the committed outputs are the description's", () => {
    const r = validate(project, "freshness,schemas,amtool");
    expect(r.out).toMatch(/^OK {4}synth {8}\d+ stacks, .*every check of synth pass/m);
    expect(r.out).toMatch(/^OK {4}freshness {4}gitops-out\/ and cdktf\.out\/ \(\d+ files\) and platform\.schema\.json match/m);
    expect(r.out).toMatch(/^(OK|SKIP) +schemas /m);
    expect(r.out).toMatch(/^(OK|SKIP) +amtool /m);
    expect(r.status).toBe(0);
  });

  test("a description changed without synth: the stale files are named, and it exits 1", () => {
    const file = path.join(project, "platform.yaml");
    const before = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, `# yaml-language-server: $schema=./platform.schema.json\n${sampleText((p) => (p.clusters[1].budget.monthly += 1))}\n`);
    try {
      const r = validate(project, "freshness");
      expect(r.out).toMatch(/^FAIL  freshness  .*cdktf\.out\/stacks\/gcp-b\/cdk\.tf\.json differs.*run npm run synth and commit/m);
      expect(r.out).toMatch(/^validate: 1 failed$/m);
      expect(r.status).toBe(1);
    } finally {
      fs.writeFileSync(file, before);
    }
  });

  test("a description synth refuses fails the first line with synth's reason", () => {
    const dir = tempDir("basecamp-validate-bad-");
    fs.writeFileSync(path.join(dir, "platform.yaml"), sampleText((p) => (p.apps[0].team = "ghosts")));
    const r = validate(dir, "freshness");
    expect(r.out).toMatch(/^FAIL  synth {8}the description is invalid: .*apps\[0\]\.team/m);
    expect(r.status).toBe(1);
  });
});
