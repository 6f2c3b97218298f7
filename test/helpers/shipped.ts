import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT, SHIPPED } from "./tree";

/** The folders whose sources shape a render: a change to any of them is a new render. */
const SOURCES = ["capabilities", "constructs", "infra", "lib", "manifests"];

function signature(): string {
  const h = createHash("sha1");
  h.update(fs.readFileSync(SHIPPED));
  h.update(fs.readFileSync(path.join(ROOT, "package-lock.json")));
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else h.update(`${rel}\0${fs.readFileSync(path.join(ROOT, rel), "utf8")}\0`);
    }
  };
  for (const d of SOURCES) walk(d);
  return h.digest("hex").slice(0, 16);
}

/**
 * The shipped description's render, made once per version of the sources
 * and shared by the suites that only read it (each jest worker would
 * otherwise load every construct library and render it again). Read only:
 * a suite that writes beside it copies it first.
 */
export function shippedRender(): string {
  const dir = path.join(os.tmpdir(), `basecamp-shipped-render-${signature()}`);
  if (fs.existsSync(path.join(dir, "gitops-out"))) return dir;
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-shipped-fresh-"));
  const { synth } = require("./synth") as typeof import("./synth");
  synth({ config: SHIPPED, out: fresh });
  try {
    fs.renameSync(fresh, dir);
  } catch {
    // Another suite made it first: theirs is the same render.
    fs.rmSync(fresh, { recursive: true, force: true });
  }
  return dir;
}
