import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { expandApplications, registeredClusters } from "../lib/argo/applications";
import { sourcesOf } from "../lib/checks/argo-sources";
import { describeWith } from "./helpers/skip";
import { shippedRender } from "./helpers/shipped";

/** The shipped platform, synthesized once, read back from disk as Argo CD would read the branch. */
let out: string;
beforeAll(() => (out = shippedRender()));
const gitops = () => path.join(out, "gitops-out");

function objectsOnDisk(): { file: string; object: any }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\/values\/|kustomization\.yaml$/.test(p)) files.push(p);
    }
  };
  walk(gitops());
  return files.flatMap((file) => parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => ({ file, object: d.toJS() })));
}

describe("end to end: every Argo CD source, generated ones expanded for each registered cluster, exists on the branch", () => {
  test("folders hold objects and every $values file exists", () => {
    const all = objectsOnDisk();
    const clusters = registeredClusters(all.map((x) => x.object));
    expect(clusters.map((c) => c.name).sort()).toEqual(["aws-euw1", "azure-weu", "gcp-euw4"]);
    const apps = expandApplications(all.map((x) => x.object), clusters);
    expect(apps.length).toBeGreaterThan(25);
    const missing: string[] = [];
    let checked = 0;
    for (const app of apps) {
      for (const s of sourcesOf(app.spec)) {
        if (s.path && s.repoURL.startsWith("https://github.com/basecamp-platform/")) {
          checked++;
          const dir = path.join(gitops(), s.path);
          if (!fs.existsSync(dir) || !fs.readdirSync(dir).some((f) => f.endsWith(".yaml"))) missing.push(`${app.name}: ${s.path}`);
        }
        for (const v of s.helm?.valueFiles ?? []) {
          checked++;
          if (!fs.existsSync(path.join(gitops(), v.replace(/^\$values\//, "")))) missing.push(`${app.name}: ${v}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });
});

const kubectl = spawnSync("kubectl", ["version", "--client=true"], { encoding: "utf8" });
describeWith("kubectl", kubectl.status === 0 ? undefined : "kubectl is not installed", "kubectl kustomize builds every rendered folder with a kustomization", () => {
  test("bootstrap/ builds, with exactly the folder's objects", () => {
    const dirs: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name === "kustomization.yaml") dirs.push(dir);
      }
    };
    walk(gitops());
    expect(dirs.map((d) => path.relative(gitops(), d))).toEqual(["bootstrap"]);
    for (const dir of dirs) {
      const r = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
      expect({ dir, stderr: r.stderr, status: r.status }).toEqual({ dir, stderr: "", status: 0 });
      const built = parseAllDocuments(r.stdout).map((d) => `${d.toJS().kind}/${d.toJS().metadata.name}`).sort();
      const files = fs.readdirSync(dir).filter((f) => f !== "kustomization.yaml").length;
      expect(built).toEqual(["AppProject/platform", "Application/hub", "Application/root"]);
      expect(built.length).toBe(files);
    }
  });
});
