import * as fs from "fs";
import * as path from "path";
import { platformSchemaJson } from "../lib/model/json-schema";
import { synth } from "../lib/pipeline/synth";
import { readTree, ROOT, tempDir } from "./helpers/tree";

/**
 * cdktf.out/stacks/, gitops-out/ and platform.schema.json are committed so that
 * every PR shows the rendered diff; this fails CI when they are stale.
 */
describe("committed outputs match a fresh synth of platform.yaml", () => {
  const out = tempDir();
  beforeAll(() => synth({ config: path.join(ROOT, "platform.yaml"), out }));

  test.each(["gitops-out", "cdktf.out/stacks"])("%s is up to date (run npm run synth and commit)", (dir) => {
    const fresh = readTree(path.join(out, dir));
    const committed = readTree(path.join(ROOT, dir));
    for (const f of [...committed.keys()]) if (/(^|\/)(\.terraform|terraform\..*\.tfstate)/.test(f)) committed.delete(f);
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    const stale = [...fresh].filter(([f, bytes]) => !committed.get(f)!.equals(bytes)).map(([f]) => f);
    expect(stale).toEqual([]);
  });

  test("platform.schema.json is up to date (run npm run schema and commit)", () => {
    expect(fs.readFileSync(path.join(ROOT, "platform.schema.json"), "utf8")).toBe(platformSchemaJson());
  });

  test("platform.yaml points editors at the schema", () => {
    expect(fs.readFileSync(path.join(ROOT, "platform.yaml"), "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=./platform.schema.json",
    );
  });
});
