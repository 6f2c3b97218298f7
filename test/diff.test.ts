import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { diffRenders } from "../lib/diff/diff";
import { sampleText } from "./helpers/platform";
import { synth } from "./helpers/synth";
import { ROOT, tempDir } from "./helpers/tree";

const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
const git = (dir: string, args: string[]) => {
  const r = spawnSync("git", args, { cwd: dir, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

const withDb = (p: any) => (p.apps[0].database = {});
let repo: string | undefined;

/** npm run diff in a repository whose platform.yaml and render are committed (made once), after `edit` of the description. */
function diffAfter(edit: (p: any) => void, args: string[] = []) {
  if (!repo) {
    repo = tempDir("basecamp-diff-");
    git(repo, ["init", "-q", "-b", "main"]);
    fs.writeFileSync(path.join(repo, "platform.yaml"), sampleText(withDb));
    synth({ config: path.join(repo, "platform.yaml"), out: repo });
    git(repo, ["add", "-A"]);
    git(repo, ["commit", "-q", "-m", "render"]);
  }
  fs.writeFileSync(path.join(repo, "platform.yaml"), sampleText((p) => (withDb(p), edit(p))));
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "launch.js"), path.join(ROOT, "bin", "diff.ts"), "--base", "HEAD", ...args], { cwd: repo, encoding: "utf8" });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe("npm run diff", () => {
  test("a bigger database: the blast radius, the objects and resources that change (attributes, not files), and the stacks to apply in order", () => {
    const r = diffAfter((p) => (p.apps[0].database.storage = 40));
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^clusters: aws-a, azure-c, gcp-b, home-d$/m);
    expect(r.out).toMatch(/^teams: oncall$/m);
    expect(r.out).toMatch(/^apps: triage$/m);
    expect(r.out).toMatch(/^rollout steps: .*aws-a \(step \d\)/m);
    expect(r.out).toMatch(/== stack aws-a ==\n {2}changed  aws_db_instance\.database_triage\n {6}allocated_storage: 20 -> 40\n/);
    expect(r.out).toMatch(/== stack gcp-b ==\n {2}changed  google_sql_database_instance\.database_triage\n {6}settings\.disk_size: 20 -> 40\n/);
    // The homelab's CloudNativePG cluster, as a diff of its YAML.
    expect(r.out).toMatch(/changed +clusters\/home-d\/platform\/cluster_oncall_triage-db\.yaml \(Cluster oncall\/triage-db\)\n(?: {6}.*\n)*? {6}- {4}size: 20Gi\n {6}\+ {4}size: 40Gi/);
    expect(r.out).toMatch(/^stacks to apply after merging, in order: aws-a, gcp-b, azure-c$/m);
    expect(r.out).not.toMatch(/REPLACEMENT GUARD/);
  }, 60000);

  test("a renamed app: its databases would be replaced; the guard says so and exits 2, unless --allow-replace (then in Markdown)", () => {
    const rename = (p: any) => {
      p.apps[0].name = "triage2";
    };
    const r = diffAfter(rename);
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/== REPLACEMENT GUARD: \d+ changes would destroy or replace something that holds data ==/);
    expect(r.out).toMatch(/aws-a: aws_db_instance\.database_triage: aws_db_instance leaves the stack \(renamed to aws_db_instance\.database_triage2\?: a new address is a new resource\): applying destroys it/);
    expect(r.out).toMatch(/gitops-out\/clusters\/home-d\/platform\/cluster_oncall_triage-db\.yaml: Cluster oncall\/triage-db leaves git \(renamed to Cluster oncall\/triage2-db\?\)/);
    // Acknowledged, in Markdown for a pull request comment: headings per place, the guard first, diffs in fenced blocks.
    const md = diffAfter(rename, ["--allow-replace", "--markdown"]);
    expect(md.status).toBe(0);
    expect(md.out).toMatch(/^# basecamp diff: /);
    expect(md.out.indexOf("## REPLACEMENT GUARD")).toBeLessThan(md.out.indexOf("## cluster aws-a"));
    expect(md.out).toMatch(/^## cluster aws-a$/m);
    expect(md.out).toMatch(/^- changed `clusters\/aws-a\/platform\/[^`]+` \([^)]+\)\n```diff\n@@ /m);
  }, 60000);

  test("a long string (cloud-init) changes as a line diff of the lines that changed", () => {
    const long = (n: number) => Array.from({ length: 40 }, (_, i) => `line ${i}${i === 20 ? ` changed ${n}` : ""}`).join("\n");
    const stack = (n: number) => new Map([["stacks/h/cdk.tf.json", JSON.stringify({ resource: { proxmox_virtual_environment_file: { init: { source_raw: [{ data: long(n) }] } } } })]]);
    const d = diffRenders({ before: new Map(), after: new Map() }, { before: stack(1), after: stack(2) });
    const change = d.stacks.get("h")![0];
    expect(change.attributes!.map((a) => a.path)).toEqual(["source_raw.0.data"]);
    expect(change.attributes![0].patch.split("\n").filter((l) => /^[-+]/.test(l))).toEqual(["-line 20 changed 1", "+line 20 changed 2"]);
  });
});
