import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ApiObject } from "cdk8s";
import { CAPABILITIES } from "../capabilities";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import type { Capability } from "../lib/capability";
import { synth as runPipeline, type SynthOptions } from "../lib/pipeline/synth";
import { writeOutputs } from "../lib/pipeline/write";
import { FileSet } from "../lib/pipeline/file-set";
import { sampleText } from "./helpers/platform";
import { readTree, ROOT, runSynth, SHIPPED, tempDir } from "./helpers/tree";
import { GKE_WINDOW_FIRST_DAY } from "../constructs/cluster/maintenance";
import { render } from "../lib/pipeline/render";
import { TokenMap } from "cdktf/lib/tokens/private/token-map";
import { parseDescription } from "../lib/model/load";
import { scaleDescription } from "../lib/bench/scale";
import { parse } from "yaml";

const synth = (opts: Omit<SynthOptions, "capabilities">) => runPipeline({ ...opts, capabilities: CAPABILITIES });

function writeConfig(dir: string, text: string, name = "platform.json"): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function expectSameTree(left: Map<string, Buffer>, right: Map<string, Buffer>) {
  expect([...right.keys()]).toEqual([...left.keys()]);
  for (const [file, bytes] of left) expect({ file, same: right.get(file)!.equals(bytes) }).toEqual({ file, same: true });
}

describe("determinism", () => {
  test("two directories, time zones, locales and both launchers give the same bytes", () => {
    const a = tempDir();
    const b = tempDir();
    const config = SHIPPED;
    const first = runSynth(["--config", config, "--out", a], { env: { TZ: "UTC", LANG: "C" } });
    const second = runSynth(["--config", config, "--out", "out"], {
      cwd: b,
      env: { TZ: "Pacific/Chatham", LANG: "de_DE.UTF-8", LC_ALL: "tr_TR.UTF-8" },
      bundled: false,
    });
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(second.status).toBe(0);
    const left = readTree(a);
    expectSameTree(left, readTree(path.join(b, "out")));
    expect(left.size).toBeGreaterThan(50);
  });

  test("rendering cluster by cluster writes the same bytes as rendering the whole platform at once", () => {
    const shipped = fs.readFileSync(SHIPPED, "utf8");
    // The shipped fixture, and a fleet of it: 8 clusters, 3 apps on each.
    for (const text of [shipped, JSON.stringify(scaleDescription(parse(shipped), 2, 3))]) {
      const description = parseDescription(text);
      const passes: string[] = [];
      const spy: Capability = { name: "spy", charts: (_app, ctx) => void passes.push(`${ctx.shared ? "shared " : ""}${ctx.clusters.map((c) => c.name).join(",")}`.trim()) };
      const whole = render(description, CAPABILITIES, tempDir(), { byCluster: false });
      const byCluster = render(description, [...CAPABILITIES, spy], tempDir());
      // Each cluster alone in its pass, after one pass of the parts no cluster owns.
      const clusters = description.platform.clusters.map((c) => c.name);
      expect(passes).toEqual(["shared", ...clusters]);
      const files = (r: typeof whole) => new Map(r.outputs.flatMap((set) => set.paths().map((p) => [`${set.root}/${p}`, set.content(p)] as const)));
      const [left, right] = [files(whole), files(byCluster)];
      expect([...right.keys()]).toEqual([...left.keys()]);
      for (const [file, text] of left) expect({ file, same: right.get(file) === text }).toEqual({ file, same: true });
      expect(left.size).toBeGreaterThan(clusters.length * 50);
      expect(byCluster.warnings).toEqual(whole.warnings);
    }
  });

  test("the same description gives the same bytes whatever the file is called", () => {
    const conf = tempDir();
    const a = tempDir();
    const b = tempDir();
    synth({ config: writeConfig(conf, sampleText(), "platform.json"), out: a });
    synth({ config: writeConfig(conf, sampleText(), "current-prod.json"), out: b });
    expectSameTree(readTree(a), readTree(b));
  });

  test("no absolute paths, user names, host names or timestamps reach the output", () => {
    // Markers that would show if anything read the environment, the home folder or the working folder.
    const home = tempDir("basecamp-home-zq7-");
    const cwd = tempDir("basecamp-cwd-xv3-");
    const out = path.join(cwd, "out");
    const r = runSynth(["--config", SHIPPED, "--out", out], {
      cwd,
      env: { HOME: home, USER: "zq7user", LOGNAME: "zq7user", USERNAME: "zq7user", HOSTNAME: "zq7host" },
    });
    expect(r.status).toBe(0);
    const host = require("os").hostname();
    const markers = [out, cwd, home, ROOT, "zq7user", "zq7host", ...(host.length >= 6 ? [host] : [])];
    for (const [file, bytes] of readTree(out)) {
      const text = bytes.toString("utf8");
      expect({ file, found: markers.filter((m) => text.includes(m)) }).toEqual({ file, found: [] });
      expect({ file, absolute: /"\/(home|root|tmp|work|Users)\//.test(text) }).toEqual({ file, absolute: false });
      // The one date written is a constant of the source (the first day of GKE's recurring window), not the clock.
      expect({ file, date: /20\d\d-\d\d-\d\dT\d\d:\d\d/.test(text.split(`${GKE_WINDOW_FIRST_DAY}T`).join("")) }).toEqual({ file, date: false });
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
    expectSameTree(before, readTree(out));
    expect(fs.readdirSync(out).filter((f) => f.startsWith(".basecamp-staging"))).toEqual([]);
  };

  test("an invalid description exits 1, names the field, prints no stack trace", () => {
    writeConfig(conf, sampleText((p) => (p.clusters[1].network.cidr = "10.10.0.0/16")));
    const r = runSynth(["--config", path.join(conf, "platform.json"), "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: \S*platform\.json is invalid; nothing was written\./);
    expect(r.stderr).toContain("clusters[1].network.cidr: 10.10.0.0/16 overlaps 10.10.0.0/16 of cluster 'aws-a' (clusters[0])");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
    unchanged();
  });

  test("a description that would split an app's users across independent databases is refused, naming the app, and nothing is written", () => {
    writeConfig(conf, sampleText((p) => ((p.apps[0].database = {}), (p.platform.entry = { host: "triage", app: "triage" }))));
    const r = runSynth(["--config", path.join(conf, "platform.json"), "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("apps[0]: 'triage' has a database on each of aws-a, gcp-b, azure-c, which all serve the entry name");
    unchanged();
  });

  test("an SLO problem is refused the same way: every problem of the new fields at once, nothing written", () => {
    writeConfig(
      conf,
      sampleText((p) => {
        p.apps[0].slo = { availability: 100, window: "7d" };
        delete p.teams[0].alerts;
      }),
    );
    const r = runSynth(["--config", path.join(conf, "platform.json"), "--out", out]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => /^\s+\S*platform\.json:\d+: /.test(l)).map((l) => l.trim().replace(/^\S*platform\.json:\d+: /, ""));
    expect(lines).toEqual([
      expect.stringMatching(/^teams\[0\]: 'oncall' owns the platform/),
      expect.stringMatching(/^apps\[0\]\.slo\.availability: 100% leaves no error budget/),
      "apps[0].slo.window: '7d' has no burn-rate factor set; allowed: 30d",
    ]);
    unchanged();
  });

  test("a missing description is reported as unreadable", () => {
    const r = runSynth(["--config", path.join(conf, "nope.yaml"), "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: cannot read ${path.join(conf, "nope.yaml")}; nothing was written.`);
    expect(r.stderr).toContain("cannot read the file: no such file");
    unchanged();
  });

  test("a failure of a whole-tree check names the object and the description line, and writes nothing", () => {
    // A capability whose Application points at a folder nobody renders: the check runs before anything is written.
    const stray: Capability = {
      name: "stray",
      charts(app, ctx) {
        if (!ctx.shared) return;
        const chart = new RenderedChart(app, "stray", "hub-stray", "aws-a");
        describedBy(chart, "apps[0]");
        new ApiObject(chart, "app", {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "Application",
          metadata: { name: "stray", namespace: "argocd" },
          spec: { source: { repoURL: "https://git.example/acme/platform.git", targetRevision: "rendered-manifests", path: "clusters/mars" } },
        });
      },
    };
    expect(() => runPipeline({ config: path.join(conf, "platform.json"), out, capabilities: [...CAPABILITIES, stray] })).toThrow(
      /platform\.json:\d+: apps\[0\]: \[stray\/Application\/argocd\/stray\] source path 'clusters\/mars' does not exist in gitops-out\/ \(or holds no objects\)$/m,
    );
    unchanged();
  });

  test("--debug adds the stack trace of an internal error", () => {
    const file = path.join(tempDir(), "a-file");
    fs.writeFileSync(file, "");
    const r = runSynth(["--config", path.join(conf, "platform.json"), "--out", path.join(file, "out"), "--debug"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: synth failed; nothing was written.");
    expect(r.stderr).toMatch(/\n\s+at .*synth\.ts:\d+/);
  });

  test("--debug says an input error has no stack trace to show", () => {
    writeConfig(conf, sampleText((p) => (p.apps[0].team = "ghosts")));
    const r = runSynth(["--config", path.join(conf, "platform.json"), "--out", out, "--debug"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("(no stack trace: this is a problem in the input, not in basecamp)");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    unchanged();
  });

  test("--json prints one object, the summary and every changed file, or the refusal; --quiet prints nothing on success", () => {
    const dir = tempDir();
    const config = writeConfig(dir, sampleText());
    const out = path.join(dir, "out");
    const first = runSynth(["--config", config, "--out", out, "--json"]);
    expect(first.status).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ ok: true, files: { changed: 0, removed: 0 }, warnings: expect.any(Array) });
    expect(summary.files.added).toBe(summary.files.paths.length);
    expect(summary.files.paths).toContain("cdktf.out/stacks/gcp-b/cdk.tf.json");
    const quiet = runSynth(["--config", config, "--out", out, "--quiet"]);
    expect({ status: quiet.status, stdout: quiet.stdout }).toEqual({ status: 0, stdout: "" });
    writeConfig(dir, sampleText((p) => (p.apps[0].team = "ghosts")));
    const refused = runSynth(["--config", config, "--out", out, "--json"]);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, error: { kind: "description", messages: [expect.stringContaining("apps[0].team: 'ghosts' is not a team")] } });
  });

  test("on a terminal synth shows each phase as it ends, and the summary replaces the line", () => {
    const script = spawnSync("script", ["--version"]);
    if (script.status !== 0) return console.log("skipped: util-linux's script (a terminal for the test) is not installed");
    const out = tempDir();
    const cmd = [process.execPath, path.join(ROOT, "bin", "launch.js"), path.join(ROOT, "bin", "synth.ts"), "--config", SHIPPED, "--out", out].join(" ");
    const tty = spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8" });
    expect(tty.stdout).toMatch(/\r\x1b\[Ksynth: shared parts done/);
    expect(tty.stdout).toMatch(/\r\x1b\[Ksynth: cluster aws-euw1 done/);
    expect(tty.stdout).toMatch(/\r\x1b\[Ksynth: \d+ stacks, /);
    // Piped (every other test here), nothing but the summary: the determinism test holds stderr empty.
  });

  test("an unknown option is refused before anything runs", () => {
    const r = runSynth(["--confg", "x"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("unknown option --confg; allowed: --config, --out, --allow-removal, --debug, --watch, --quiet, --json, --help");
  });

  test("a rename that fails halfway through the swaps is rolled back", () => {
    const staging = fs.mkdtempSync(path.join(out, ".basecamp-staging-"));
    const sets = ["cdktf.out", "dist", "gitops-out"].map((root) => {
      const set = new FileSet(root);
      set.add("new-file.txt", "changed\n", "test");
      return set;
    });
    let renames = 0;
    const failing = (from: string, to: string) => {
      // Each swap renames twice (old out, new in); the fourth rename is the second swap's new folder.
      if (++renames === 4) throw new Error("disk full");
      fs.renameSync(from, to);
    };
    expect(() => writeOutputs(out, sets, staging, failing)).toThrow("disk full");
    fs.rmSync(staging, { recursive: true, force: true });
    unchanged();
  });
});

describe("nothing is dropped that may still own cloud resources", () => {
  function setup() {
    const out = tempDir();
    const config = writeConfig(tempDir(), sampleText((p) => (p.apps[0].database = {})));
    synth({ config, out });
    return { out, config, before: readTree(out) };
  }

  test("removing a cluster is refused, naming it and how to retire it", () => {
    const { out, config, before } = setup();
    writeConfig(path.dirname(config), sampleText((p) => ((p.apps[0].database = {}), p.clusters.splice(1, 1))));
    const r = runSynth(["--config", config, "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: synth refused to drop configuration that may still own cloud resources; nothing was written.");
    expect(r.stderr).toContain("[gcp-b] the description no longer has cluster 'gcp-b', but cdktf.out/stacks/gcp-b/cdk.tf.json still configures its cloud resources");
    expect(r.stderr).toContain("list it under retired.clusters (or pass --allow-removal gcp-b); see runbooks/remove-a-cluster.md");
    expectSameTree(before, readTree(out));
  });

  test("a cluster listed under retired.clusters leaves; its state is kept, with a warning", () => {
    const { out, config } = setup();
    const stack = path.join(out, "cdktf.out", "stacks", "gcp-b");
    fs.writeFileSync(path.join(stack, "terraform.tfstate"), '{"serial": 7}');
    writeConfig(path.dirname(config), sampleText((p) => ((p.apps[0].database = {}), p.clusters.splice(1, 1), (p.retired = { clusters: ["gcp-b"] }))));
    const r = runSynth(["--config", config, "--out", out]);
    expect(r.stderr).toContain("warning: stack 'gcp-b' is no longer described; its Terraform state was kept in cdktf.out/stacks/gcp-b/");
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(stack, "cdk.tf.json"))).toBe(false);
    expect(fs.readFileSync(path.join(stack, "terraform.tfstate"), "utf8")).toBe('{"serial": 7}');
  });

  test("--allow-removal lets a cluster go too", () => {
    const { out, config } = setup();
    writeConfig(path.dirname(config), sampleText((p) => ((p.apps[0].database = {}), p.clusters.splice(1, 1))));
    const r = runSynth(["--config", config, "--out", out, "--allow-removal", "gcp-b"]);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(out, "cdktf.out", "stacks", "gcp-b"))).toBe(false);
  });

  // The guard itself, in process: the CLI's refusal and exit code are the cluster tests' above.
  const refusal = (config: string, out: string) => {
    try {
      synth({ config, out });
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error("synth did not refuse");
  };

  test("removing a database is refused unless it is retired", () => {
    const { out, config, before } = setup();
    writeConfig(path.dirname(config), sampleText());
    const message = refusal(config, out);
    expect(message).toContain("[aws-a] the database of app 'triage' is no longer described, but cdktf.out/stacks/aws-a/cdk.tf.json has it");
    expect(message).toContain("list 'aws-a/triage' under retired.databases (or pass --allow-removal aws-a/triage)");
    expectSameTree(before, readTree(out));

    writeConfig(path.dirname(config), sampleText((p) => (p.retired = { databases: ["aws-a/triage", "gcp-b/triage", "azure-c/triage", "home-d/triage"] })));
    expect(synth({ config, out }).removed).toBeGreaterThan(0);
  });

  test("a database inside a cluster (CloudNativePG) is guarded too; retiring it says what becomes of its data", () => {
    const { out, config, before } = setup();
    // Only the homelab's database goes: the app leaves that cluster.
    const away = (p: any) => ((p.apps[0].database = {}), (p.apps[0].clusters = ["aws-a", "gcp-b", "azure-c"]));
    writeConfig(path.dirname(config), sampleText(away));
    const message = refusal(config, out);
    expect(message).toContain("[home-d] the database of app 'triage' (CloudNativePG cluster triage-db in oncall) is no longer described, but gitops-out/clusters/home-d/platform/cluster_oncall_triage-db.yaml has it");
    expect(message).toContain("list 'home-d/triage' under retired.databases (or pass --allow-removal home-d/triage)");
    expectSameTree(before, readTree(out));

    writeConfig(path.dirname(config), sampleText((p) => (away(p), (p.retired = { databases: ["home-d/triage"] }))));
    const retired = synth({ config, out });
    expect(retired.warnings).toContainEqual(expect.stringContaining("note: [home-d] database 'home-d/triage' is retired: CloudNativePG cluster triage-db in oncall leaves git; Argo CD keeps it running"));
    // The operator stays, so its CRD (and every database) does not go with the last database.
    expect(fs.existsSync(path.join(out, "gitops-out", "clusters", "home-d", "argocd", "application_argocd_addon-cloudnative-pg.yaml"))).toBe(true);
  });
});

describe("memory", () => {
  test("a render forgets the tokens of its stacks: cdktf's map would hold every construct of every save (watch) and every cluster (a fleet)", () => {
    const maps = TokenMap.instance() as unknown as { stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> };
    const size = () => maps.stringTokenMap.size + maps.numberTokenMap.size;
    const before = size();
    const out = tempDir();
    const config = writeConfig(out, sampleText());
    let registered = 0;
    // The stacks do register tokens (references between resources) while they are built.
    const spy: Capability = { name: "spy", stacks: () => void (registered = Math.max(registered, size() - before)) };
    runPipeline({ config, out, capabilities: [...CAPABILITIES, spy] });
    expect(registered).toBeGreaterThan(100);
    expect(size()).toBe(before);
    synth({ config, out });
    expect(size()).toBe(before);
  });
});

describe("writing", () => {
  test("files of objects that no longer exist disappear, and the summary counts them", () => {
    const out = tempDir();
    const first = runSynth(["--config", writeConfig(out, sampleText()), "--out", out]);
    expect(first.stdout).toMatch(/^synth: \d+ stacks, \d+ Terraform resources, \d+ Kubernetes objects; files \d+ added, 0 changed, 0 removed; \d+ ms\n$/);
    const appDir = path.join(out, "gitops-out", "clusters", "gcp-b", "apps", "triage");
    expect(fs.existsSync(appDir)).toBe(true);
    const appFiles = fs.readdirSync(appDir).length;

    writeConfig(out, sampleText((p) => (p.apps[0].clusters = ["aws-a", "azure-c", "home-d"])));
    const second = runSynth(["--config", path.join(out, "platform.json"), "--out", out]);
    expect(second.status).toBe(0);
    expect(fs.existsSync(appDir)).toBe(false);
    expect(fs.existsSync(path.join(out, "dist", "gcp-b--app--triage.k8s.yaml"))).toBe(false);
    expect(second.stdout).toMatch(new RegExp(`files 0 added, \\d+ changed, ${appFiles + 1 + Number(second.stdout.match(/, (\d+) removed/)![1]) - appFiles - 1} removed;`));
    expect(Number(second.stdout.match(/, (\d+) removed/)![1])).toBeGreaterThanOrEqual(appFiles + 1);

    const third = synth({ config: path.join(out, "platform.json"), out });
    expect([third.added, third.changed, third.removed]).toEqual([0, 0, 0]);
  });

  test("terraform's working files survive a synth", () => {
    const out = tempDir();
    const config = writeConfig(out, sampleText());
    synth({ config, out });
    const stack = path.join(out, "cdktf.out", "stacks", "gcp-b");
    fs.mkdirSync(path.join(stack, ".terraform", "providers"), { recursive: true });
    fs.writeFileSync(path.join(stack, ".terraform.lock.hcl"), "# lock");
    writeConfig(out, sampleText((p) => (p.apps[0].replicas = 3)));
    synth({ config, out });
    expect(fs.existsSync(path.join(stack, ".terraform", "providers"))).toBe(true);
    expect(fs.readFileSync(path.join(stack, ".terraform.lock.hcl"), "utf8")).toBe("# lock");
  });
});
