import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../lib/model/errors";
import { parsePlatform } from "../lib/model/load";
import { shippedRender } from "./helpers/shipped";
import { synth } from "./helpers/synth";
import { SAMPLE, sampleText } from "./helpers/platform";
import { readTree, ROOT, tempDir } from "./helpers/tree";

const SECRETLINT = path.join(ROOT, "node_modules", ".bin", "secretlint");
const RC = path.join(ROOT, ".secretlintrc.json");

/** A value secretlint's GitHub rule reports; made up, and never a real token. */
const CANARY = `ghp_${"Canary0SecretlintBasecamp7x".padEnd(36, "Q")}`;

/** secretlint (recommended preset) over a folder, as its JSON report. */
function secretlint(dir: string): { status: number | null; findings: { file: string; rule: string }[] } {
  const r = spawnSync(SECRETLINT, ["**/*", "--secretlintrc", RC, "--format", "json", "--no-gitignore", "--no-color"], { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const report = r.stdout.trim() ? JSON.parse(r.stdout) : [];
  return {
    status: r.status,
    findings: report.flatMap((f: any) => f.messages.map((m: any) => ({ file: path.relative(dir, f.filePath), rule: m.ruleId }))),
  };
}

describe("secret hygiene", () => {
  test("secretlint (recommended preset) finds nothing in any rendered output", () => {
    const out = shippedRender();
    expect(fs.readdirSync(out).sort()).toEqual(expect.arrayContaining(["cdktf.out", "dist", "gitops-out"]));
    expect(secretlint(out)).toEqual({ status: 0, findings: [] });
  });

  test("the scanner does report the canary: the test above can fail", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "values.yaml"), `token: ${CANARY}\n`);
    expect(secretlint(dir)).toEqual({ status: 1, findings: [{ file: "values.yaml", rule: "@secretlint/secretlint-rule-github" }] });
  });

  /** Every string of a description that uses every optional string field, as a path. */
  function stringPaths(): string[] {
    const full = JSON.parse(sampleText((p) => {
      p.teams[0].group = "oncall-engineers";
      p.clusters[0].budget.notify = ["oncall@acme.example"];
      p.guardrails.exceptions = [{ policy: "require-probes", app: "triage", reason: "the worker has no endpoint yet", expires: "2999-12-31" }];
      p.apps[0].components = [{ name: "api", image: p.apps[0].image }];
    }));
    const out: string[] = [];
    const walk = (v: unknown, at: string) => {
      if (typeof v === "string") out.push(at);
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
    };
    walk(full, "");
    return out;
  }

  const paths = stringPaths();

  test("the canary goes into every string of the description", () => {
    expect(paths.length).toBeGreaterThan(60);
    for (const p of ["platform.gitops.repoURL", "clusters[3].sshKey", "clusters[3].endpoint", "guardrails.exceptions[0].reason", "teams[0].owners[0]", "apps[0].image"]) expect(paths).toContain(p);
  });

  test.each(paths)("a secret in %s is refused, naming the field", (field) => {
    const text = sampleText((p) => {
      p.teams[0].group = "oncall-engineers";
      p.clusters[0].budget.notify = ["oncall@acme.example"];
      p.guardrails.exceptions = [{ policy: "require-probes", app: "triage", reason: "the worker has no endpoint yet", expires: "2999-12-31" }];
      p.apps[0].components = [{ name: "api", image: p.apps[0].image }];
      const keys = field.match(/[^.[\]]+/g)!;
      let o = p;
      for (const k of keys.slice(0, -1)) o = o[k];
      const last = keys[keys.length - 1];
      // Where a URL goes, the canary rides in it as a password; elsewhere it is the whole value.
      o[last] = /^https?:\/\//.test(o[last]) ? o[last].replace("://", `://admin:${CANARY}@`) : CANARY;
    });
    let issues: string[] = [];
    try {
      parsePlatform(text);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues = e.issues.map((i) => `${i.path}: ${i.message}`);
    }
    expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${field.replace(/[.[\]]/g, "\\$&")}: looks like (a GitHub token|a password in a URL); `))]));
  });

  test.each([
    ["platform.gitops.repoURL", (p: any) => (p.platform.gitops.repoURL = `https://bot:${CANARY}@git.example/acme/platform.git`)],
    ["clusters[3].sshKey", (p: any) => (p.clusters[3].sshKey = `-----BEGIN OPENSSH PRIVATE KEY-----\n${CANARY}\n-----END OPENSSH PRIVATE KEY-----`)],
    ["guardrails.exceptions[0].reason", (p: any) => (p.guardrails.exceptions = [{ policy: "require-probes", app: "triage", reason: `token is ${CANARY}`, expires: "2999-12-31" }])],
  ])("a secret in %s reaches no output: synth refuses and writes nothing", (_field, edit) => {
    const out = tempDir();
    const conf = path.join(tempDir(), "platform.json");
    fs.writeFileSync(conf, sampleText());
    synth({ config: conf, out });
    const before = readTree(out);
    fs.writeFileSync(conf, sampleText(edit));
    expect(() => synth({ config: conf, out })).toThrow(ConfigError);
    const after = readTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect([...after.values()].filter((b) => b.includes(CANARY) || b.includes("PRIVATE KEY"))).toEqual([]);
  });

  test("the sample carries no secret at all", () => {
    expect(JSON.stringify(SAMPLE)).not.toMatch(/PRIVATE KEY|ghp_|AKIA/);
  });
});
