import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { freshness, type ValidateContext } from "../lib/validate/steps";
import { sampleText } from "./helpers/platform";
import { synth } from "./helpers/synth";
import { ROOT, tempDir } from "./helpers/tree";

/** npm run validate in a project folder of its own, some steps only (CI unset: the working tree is compared). */
function validate(project: string, steps: string) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), CI: "" };
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "launch.js"), path.join(ROOT, "bin", "validate.ts"), "--steps", steps], { cwd: project, encoding: "utf8", env });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("npm run validate", () => {
  // A project: its description, schema and committed render; and a fresh render of the description beside it.
  const project = tempDir("basecamp-validate-");
  const fresh = tempDir("basecamp-validate-fresh-");
  const config = path.join(project, "platform.yaml");
  const write = (edit: (p: any) => void = () => {}) => fs.writeFileSync(config, `# yaml-language-server: $schema=./platform.schema.json\n${sampleText(edit)}\n`);
  const ctx: ValidateContext = { root: project, config, fresh, fromHead: false, hub: "aws-a" };
  beforeAll(() => {
    write();
    fs.copyFileSync(path.join(ROOT, "platform.schema.json"), path.join(project, "platform.schema.json"));
    synth({ config, out: project });
    synth({ config, out: fresh });
  });

  test("one line per check, and exit 0 when the committed outputs are the description's", () => {
    const r = validate(project, "freshness");
    expect(r.out).toMatch(/^OK {4}synth {8}\d+ stacks, .*every check of synth pass/m);
    expect(r.out).toMatch(/^OK {4}policies {5}every rendered workload passes/m);
    expect(r.out).toMatch(/^OK {4}freshness {4}gitops-out\/ and cdktf\.out\/ \(\d+ files\) and platform\.schema\.json match/m);
    expect(r.out).toMatch(/^validate: every check passes/m);
    expect(r.status).toBe(0);
  });

  // The schemas step validates what test/schema-validity.test.ts holds to the same schemas on the shipped render.
  test("freshness: a description changed without synth names the stale files", () => {
    expect(freshness.run(ctx)).toMatchObject({ status: "ok" });
    // The committed render is last change's; the fresh one is of the new description.
    const stale = tempDir("basecamp-validate-stale-");
    write((p) => (p.clusters[1].budget.monthly += 1));
    try {
      synth({ config, out: stale });
      const r = freshness.run({ ...ctx, fresh: stale });
      expect(r).toMatchObject({ status: "fail", detail: expect.stringMatching(/cdktf\.out\/stacks\/gcp-b\/cdk\.tf\.json differs.*run npm run synth and commit/) });
    } finally {
      write();
    }
  });

  test("a description synth refuses fails the first line with synth's reason, and exits 1", () => {
    const dir = tempDir("basecamp-validate-bad-");
    fs.writeFileSync(path.join(dir, "platform.yaml"), sampleText((p) => (p.apps[0].team = "ghosts")));
    const r = validate(dir, "freshness");
    expect(r.out).toMatch(/^FAIL  synth {8}the description is invalid: .*apps\[0\]\.team/m);
    expect(r.status).toBe(1);
  });
});
