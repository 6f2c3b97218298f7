import * as fs from "fs";
import * as path from "path";
import { synth } from "../lib/pipeline/synth";
import { sampleText } from "./helpers/platform";
import { readTree, ROOT, runSynth, tempDir } from "./helpers/tree";


function writeConfig(dir: string, text: string): string {
  const file = path.join(dir, "platform.json");
  fs.writeFileSync(file, text);
  return file;
}

describe("determinism", () => {
  test("two directories, time zones, locales and both launchers give the same bytes", () => {
    const a = tempDir();
    const b = tempDir();
    const config = path.join(ROOT, "platform.yaml");
    const first = runSynth(["--config", config, "--out", a], { env: { TZ: "UTC", LANG: "C" }, bundled: true });
    const second = runSynth(["--config", config, "--out", "out"], {
      cwd: b,
      env: { TZ: "Pacific/Chatham", LANG: "de_DE.UTF-8", LC_ALL: "tr_TR.UTF-8" },
    });
    expect(first.status).toBe(0);
    expect(second.status).toBe(0);
    const left = readTree(a);
    const right = readTree(path.join(b, "out"));
    expect([...right.keys()]).toEqual([...left.keys()]);
    for (const [file, bytes] of left) expect(right.get(file)!.equals(bytes)).toBe(true);
    expect(left.size).toBeGreaterThan(50);
  });

  test("no absolute paths, user names or timestamps reach the output", () => {
    const out = tempDir();
    synth({ config: path.join(ROOT, "platform.yaml"), out });
    const user = require("os").userInfo().username;
    for (const [file, bytes] of readTree(out)) {
      const text = bytes.toString("utf8");
      expect({ file, hasPath: text.includes(out) || text.includes(ROOT) || /"\/(home|root|tmp|work)\//.test(text) }).toEqual({ file, hasPath: false });
      expect({ file, hasUser: new RegExp(`\\b${user}\\b`).test(text) && user !== "root" }).toEqual({ file, hasUser: false });
      expect({ file, hasDate: /20\d\d-\d\d-\d\dT\d\d:\d\d/.test(text) }).toEqual({ file, hasDate: false });
    }
  });

  test("every stack sets its backend explicitly, with a relative path", () => {
    const out = tempDir();
    synth({ config: path.join(ROOT, "platform.yaml"), out });
    const stacks = fs.readdirSync(path.join(out, "cdktf.out", "stacks"));
    for (const s of stacks) {
      const json = JSON.parse(fs.readFileSync(path.join(out, "cdktf.out", "stacks", s, "cdk.tf.json"), "utf8"));
      expect(json.terraform.backend).toEqual({ local: { path: `terraform.${s}.tfstate` } });
    }
  });
});

describe("safety: a failing synth leaves the outputs as they were", () => {
  let out: string;
  let conf: string;
  let before: Map<string, Buffer>;

  beforeEach(() => {
    out = tempDir();
    conf = tempDir();
    synth({ config: writeConfig(conf, sampleText()), out });
    before = readTree(out);
    expect(before.size).toBeGreaterThan(20);
  });

  const unchanged = () => {
    const after = readTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [file, bytes] of before) expect({ file, same: after.get(file)!.equals(bytes) }).toEqual({ file, same: true });
    expect(fs.readdirSync(out).filter((f) => f.startsWith(".basecamp-staging"))).toEqual([]);
  };

  test("an invalid description exits 1, names the field, prints no stack trace", () => {
    writeConfig(conf, sampleText((p) => (p.clusters[1].network.cidr = "10.10.0.0/16")));
    const r = runSynth(["--config", path.join(conf, "platform.json"), "--out", out], { bundled: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: \S*platform\.json is invalid; nothing was written\./);
    expect(r.stderr).toContain("clusters[1].network.cidr: 10.10.0.0/16 overlaps 10.10.0.0/16 of cluster 'aws-a' (clusters[0])");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
    unchanged();
  });

  test("a construct error names the construct path and writes nothing", () => {
    // Component names are only checked for uniqueness within an app: two
    // components whose names collide in Kubernetes reach the construct tree.
    writeConfig(conf, sampleText((p) => {
      p.apps.push({ name: "triage-api", team: "oncall", image: "ghcr.io/acme/x:1.0" });
      p.apps[0].components = [{ name: "api" }];
    }));
    const r = runSynth(["--config", path.join(conf, "platform.json"), "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: synth failed; nothing was written.");
    expect(r.stderr).toContain(
      "[aws-a--triage-api/Deployment/oncall/triage-api] is also rendered for cluster aws-a by [aws-a--triage]; two Argo CD applications would fight over it",
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    unchanged();
  });

  test("--debug adds the stack trace", () => {
    const r = runSynth(["--config", path.join(out, "missing.yaml"), "--out", out, "--debug"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("missing.yaml: (top level): cannot read the file (ENOENT)");
    unchanged();
  });

  test("an unknown option is refused before anything runs", () => {
    const r = runSynth(["--confg", "x"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("unknown option --confg; allowed: --config, --out, --debug, --help");
  });
});

describe("writing", () => {
  test("files of objects that no longer exist disappear, and the summary counts them", () => {
    const out = tempDir();
    const first = runSynth(["--config", writeConfig(out, sampleText()), "--out", out]);
    expect(first.stdout).toMatch(/^synth: 5 stacks, \d+ Terraform resources, \d+ Kubernetes objects; files \d+ added, 0 changed, 0 removed; \d+ ms\n$/);
    const appDir = path.join(out, "gitops-out", "clusters", "gcp-b", "apps", "triage");
    expect(fs.existsSync(appDir)).toBe(true);

    writeConfig(out, sampleText((p) => (p.apps[0].clusters = ["aws-a", "azure-c", "home-d"])));
    const second = runSynth(["--config", path.join(out, "platform.json"), "--out", out]);
    expect(second.status).toBe(0);
    expect(fs.existsSync(appDir)).toBe(false);
    expect(fs.existsSync(path.join(out, "dist", "gcp-b--triage.k8s.yaml"))).toBe(false);
    // A Deployment, a Service and a dist file go; the ApplicationSet, the AppProject and dist's hub chart change.
    expect(second.stdout).toMatch(/files 0 added, 3 changed, 3 removed;/);

    const third = runSynth(["--config", path.join(out, "platform.json"), "--out", out]);
    expect(third.stdout).toMatch(/files 0 added, 0 changed, 0 removed;/);
  });

  test("terraform's working files survive a synth; a removed stack with state is kept and reported", () => {
    const out = tempDir();
    const config = writeConfig(out, sampleText());
    synth({ config, out });
    const stack = path.join(out, "cdktf.out", "stacks", "gcp-b");
    fs.writeFileSync(path.join(stack, "terraform.gcp-b.tfstate"), '{"serial": 7}');
    fs.mkdirSync(path.join(stack, ".terraform", "providers"), { recursive: true });
    fs.writeFileSync(path.join(stack, ".terraform.lock.hcl"), "# lock");

    synth({ config, out });
    expect(fs.readFileSync(path.join(stack, "terraform.gcp-b.tfstate"), "utf8")).toBe('{"serial": 7}');
    expect(fs.existsSync(path.join(stack, ".terraform", "providers"))).toBe(true);

    writeConfig(out, sampleText((p) => p.clusters.splice(1, 1)));
    const r = runSynth(["--config", config, "--out", out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("warning: stack 'gcp-b' is no longer described; its Terraform state was kept in cdktf.out/stacks/gcp-b/");
    expect(fs.readFileSync(path.join(stack, "terraform.gcp-b.tfstate"), "utf8")).toBe('{"serial": 7}');
    expect(fs.existsSync(path.join(stack, "cdk.tf.json"))).toBe(false);
  });
});
