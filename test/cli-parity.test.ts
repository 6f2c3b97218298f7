import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { shippedRender } from "./helpers/shipped";
import { readTree, ROOT, SHIPPED, tempDir } from "./helpers/tree";

/** The official CLIs run on the project (cdktf.json, cdk8s.yaml) and write what npm run synth writes. */
describe("npm run cdktf:synth and npm run cdk8s:synth agree with npm run synth, quietly", () => {
  let ours: string;
  beforeAll(() => (ours = shippedRender()));

  /** Runs an npm script as a user would: no update check, no call home, nothing on stderr but npm's own config notices. */
  function run(script: string, args: string[]) {
    // A TF_CLI_CONFIG_FILE that names no file makes terraform (which cdktf asks for its version) warn; not ours to judge.
    // The same description as ours: the shipped one's copy, not the user's platform.yaml.
    const env: NodeJS.ProcessEnv = { ...process.env, BASECAMP_CONFIG: SHIPPED };
    if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
    const r = spawnSync("npm", ["run", "--silent", script, "--", ...args], { cwd: ROOT, encoding: "utf8", env });
    const stderr = r.stderr
      .split("\n")
      .filter((l) => l.trim() !== "" && !/^npm warn Unknown (user|env|project) config/.test(l))
      .join("\n");
    expect({ status: r.status, stderr, out: r.status === 0 ? "" : r.stdout }).toEqual({ status: 0, stderr: "", out: "" });
    expect(r.stdout + r.stderr).not.toMatch(/new version|checkpoint|telemetry/i);
  }

  function expectSameTree(theirs: string, mine: string) {
    const a = readTree(theirs);
    const b = readTree(mine);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    const differing = [...a].filter(([f, bytes]) => !b.get(f)!.equals(bytes)).map(([f]) => f);
    expect(differing).toEqual([]);
  }

  test("cdktf synth writes the same stacks and manifest", () => {
    const out = path.join(tempDir(), "cdktf.out");
    run("cdktf:synth", ["--output", out]);
    expectSameTree(out, path.join(ours, "cdktf.out"));
  }, 120000);

  test("cdk8s synth writes the same dist/", () => {
    const out = path.join(tempDir(), "dist");
    run("cdk8s:synth", ["--output", out]);
    expectSameTree(out, path.join(ours, "dist"));
  }, 120000);

  test("cdktf synth refuses, as npm run synth does, to drop a stack that still configures cloud resources", () => {
    const root = tempDir();
    const out = path.join(root, "cdktf.out");
    fs.cpSync(path.join(ours, "cdktf.out"), out, { recursive: true });
    // A cluster the last synth wrote, with its database, that the description no longer has.
    fs.cpSync(path.join(out, "stacks", "aws-euw1"), path.join(out, "stacks", "aws-gone"), { recursive: true });
    // The app cdktf.json names, as the CLI runs it (CDKTF_OUTDIR): the CLI itself only starts it and then drops the
    // stack folders the app did not write.
    const env: NodeJS.ProcessEnv = { ...process.env, BASECAMP_CONFIG: SHIPPED, CDKTF_OUTDIR: out };
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "launch.js"), path.join(ROOT, "bin", "cdktf-app.ts")], { cwd: ROOT, encoding: "utf8", env });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("the description no longer has cluster 'aws-gone'");
    expect(fs.existsSync(path.join(out, "stacks", "aws-gone", "cdk.tf.json"))).toBe(true);
  }, 120000);
});
