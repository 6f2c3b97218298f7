import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { platformSchemaJson } from "../lib/model/json-schema";
import { synth } from "./helpers/synth";
import { readTree, ROOT, tempDir } from "./helpers/tree";

/**
 * The files of `dir` as committed at HEAD. CI runs `npm run synth` before the
 * tests, so there the working tree cannot tell whether the commit was stale.
 */
function committedTree(dir: string): Map<string, Buffer> {
  const list = spawnSync("git", ["ls-tree", "-r", "-z", "HEAD", "--", `${dir}/`], { cwd: ROOT, encoding: "buffer" });
  if (list.status !== 0) throw new Error(`CI=true but there is no git commit to compare with (git ls-tree: ${list.stderr ?? list.error}); run the tests in a clone`);
  const out = new Map<string, Buffer>();
  for (const entry of list.stdout.toString("utf8").split("\0").filter(Boolean)) {
    const [meta, file] = entry.split("\t");
    const blob = spawnSync("git", ["cat-file", "blob", meta.split(" ")[2]], { cwd: ROOT, encoding: "buffer" });
    out.set(path.posix.relative(dir, file), blob.stdout);
  }
  return out;
}

/**
 * In CI (.ci/run sets CI=true) the comparison is with HEAD, and a checkout
 * without git history fails rather than comparing the tree with itself.
 * Locally it compares with the working tree, which synth may just have written.
 */
const fromHead = process.env.CI === "true";

/**
 * cdktf.out/, gitops-out/ and platform.schema.json are committed so that
 * every PR shows the rendered diff; this fails CI when they are stale.
 */
describe(`committed outputs match a fresh synth of platform.yaml (${fromHead ? "as committed at HEAD" : "in the working tree"})`, () => {
  const out = tempDir();
  beforeAll(() => synth({ config: path.join(ROOT, "platform.yaml"), out }));

  test.each(["gitops-out", "cdktf.out"])("%s is up to date (run npm run synth and commit)", (dir) => {
    const fresh = readTree(path.join(out, dir));
    const committed = fromHead ? committedTree(dir) : readTree(path.join(ROOT, dir));
    for (const f of [...committed.keys()]) if (/(^|\/)(\.terraform|terraform\..*\.tfstate)/.test(f)) committed.delete(f);
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    const stale = [...fresh].filter(([f, bytes]) => !committed.get(f)!.equals(bytes)).map(([f]) => f);
    expect(stale).toEqual([]);
  });

  test("platform.schema.json is up to date (run npm run schema and commit)", () => {
    const committed = fromHead
      ? spawnSync("git", ["show", "HEAD:platform.schema.json"], { cwd: ROOT, encoding: "utf8" }).stdout
      : fs.readFileSync(path.join(ROOT, "platform.schema.json"), "utf8");
    expect(committed).toBe(platformSchemaJson());
  });

  test("platform.yaml points editors at the schema", () => {
    expect(fs.readFileSync(path.join(ROOT, "platform.yaml"), "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=./platform.schema.json",
    );
  });
});
