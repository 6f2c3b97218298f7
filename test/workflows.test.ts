import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ROOT, tempDir } from "./helpers/tree";

const DIR = path.join(ROOT, ".github", "workflows");
const VALIDATOR = path.join(ROOT, "node_modules", ".bin", "action-validator");
const validate = (file: string) => spawnSync(VALIDATOR, [file], { encoding: "utf8" });
const workflow = (name: string) => ({ text: fs.readFileSync(path.join(DIR, name), "utf8"), spec: parse(fs.readFileSync(path.join(DIR, name), "utf8")) });
const runs = (job: any) => (job.steps ?? []).map((s: any) => s.run ?? "").join("\n");
const uses = (job: any) => (job.steps ?? []).map((s: any) => s.uses ?? "").filter(Boolean);

describe("GitHub Actions workflows", () => {
  test("every workflow passes action-validator, which refuses a broken one", () => {
    const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
    expect(files.sort()).toEqual(["add-app.yaml", "publish.yaml", "pull-request.yaml"]);
    for (const f of files) {
      const r = validate(path.join(DIR, f));
      expect({ f, status: r.status, out: r.status === 0 ? "" : r.stdout + r.stderr }).toEqual({ f, status: 0, out: "" });
    }
    const broken = path.join(tempDir(), "broken.yaml");
    fs.writeFileSync(broken, workflow("publish.yaml").text.replace("runs-on:", "run-on:"));
    expect(validate(broken).status).not.toBe(0);
  });

  test("pull requests: tests, validate, the diff as a comment, a plan per stack with OIDC, kyverno test and promtool", () => {
    const { text, spec } = workflow("pull-request.yaml");
    expect(Object.keys(spec.on)).toEqual(["pull_request"]);
    expect(runs(spec.jobs.test)).toMatch(/npm ci[\s\S]*npm run synth[\s\S]*npm test/);
    expect(runs(spec.jobs.validate)).toContain("npm run validate");
    // Against the pull request's base: HEAD is the merge commit, whose cdktf.out/ is the PR's own.
    expect(runs(spec.jobs.diff)).toContain('npm run --silent diff -- --markdown --stacks-base "origin/${{ github.base_ref }}"');
    expect(spec.jobs.diff.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    // One plan per stack: a matrix from the committed stacks, OIDC to each cloud, no long-lived key anywhere.
    expect(spec.jobs.plan.strategy.matrix.stack).toBe("${{ fromJson(needs.stacks.outputs.stacks) }}");
    expect(spec.jobs.plan.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(uses(spec.jobs.plan)).toEqual(expect.arrayContaining([expect.stringMatching(/^aws-actions\/configure-aws-credentials@/), expect.stringMatching(/^google-github-actions\/auth@/), expect.stringMatching(/^azure\/login@/)]));
    expect(runs(spec.jobs.plan)).toMatch(/terraform init[\s\S]*terraform plan/);
    expect(text).not.toMatch(/secrets\.|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|ARM_CLIENT_SECRET|GOOGLE_CREDENTIALS|credentials_json/);
    expect(runs(spec.jobs.policies)).toMatch(/kyverno test gitops-out\/policy-tests[\s\S]*promtool test rules \*\.test\.yaml/);
    // The workflow's kyverno is the one the clusters run.
    expect(spec.jobs.policies.steps.find((s: any) => s.uses?.startsWith("kyverno/")).with.release).toBe("v1.19.0");
  });

  test("main: synth, the committed render checked, then publish to the rendered branch, one at a time, never forced", () => {
    const { spec } = workflow("publish.yaml");
    expect(spec.on).toEqual({ push: { branches: ["main"] } });
    expect(spec.concurrency).toEqual({ group: "publish-rendered-manifests", "cancel-in-progress": false });
    const steps = runs(spec.jobs.publish);
    // New files count: git status, not git diff, which leaves untracked ones out.
    expect(steps).toMatch(/npm run synth[\s\S]*git status --porcelain -- cdktf\.out gitops-out[\s\S]*npm run publish -- --push/);
    expect(steps).not.toMatch(/--force|-f\b|--allow-stale|--allow-dirty/);
    expect(spec.permissions).toEqual({ contents: "write" });
  });
});
