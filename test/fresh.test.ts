import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { platformSchemaJson } from "../lib/model/json-schema";
import { ROOT } from "./helpers/tree";

/**
 * In CI (.ci/run sets CI=true) the comparison is with HEAD. The rendered outputs' freshness is the user's
 * description's, so npm run validate checks it; the schema is basecamp's own, generated from its code.
 */
const fromHead = process.env.CI === "true";

describe("the committed schema", () => {
  test("platform.schema.json is up to date (run npm run schema and commit)", () => {
    const committed = fromHead
      ? spawnSync("git", ["show", "HEAD:platform.schema.json"], { cwd: ROOT, encoding: "utf8" }).stdout
      : fs.readFileSync(path.join(ROOT, "platform.schema.json"), "utf8");
    expect(committed).toBe(platformSchemaJson());
  });
});
