import { spawnSync } from "child_process";
import * as path from "path";
import { synth } from "../lib/pipeline/synth";
import { readTree, ROOT, tempDir } from "./helpers/tree";

/** The official CLIs run on the project (cdktf.json, cdk8s.yaml) and write what npm run synth writes. */
describe("npx cdktf synth and npx cdk8s synth agree with npm run synth", () => {
  const ours = tempDir();
  beforeAll(() => synth({ config: path.join(ROOT, "platform.yaml"), out: ours }));

  function run(args: string[]) {
    const r = spawnSync("npx", ["--no-install", ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1", DISABLE_VERSION_CHECK: "1" },
    });
    expect({ status: r.status, stderr: r.status === 0 ? "" : r.stderr + r.stdout }).toEqual({ status: 0, stderr: "" });
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
    run(["cdktf", "synth", "--output", out]);
    expectSameTree(out, path.join(ours, "cdktf.out"));
  }, 120000);

  test("cdk8s synth writes the same dist/", () => {
    const out = path.join(tempDir(), "dist");
    run(["cdk8s", "synth", "--output", out]);
    expectSameTree(out, path.join(ours, "dist"));
  }, 120000);
});
