import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse, parseAllDocuments } from "yaml";
import { CATALOG_DIR, POLICY_TESTS_DIR, RULE_TESTS_DIR } from "../layout";
import { platformSchemaJson } from "../model/json-schema";
import { toYaml, PLAIN_STYLE } from "../pipeline/yaml";
import { CRD_DIR, validateCustom } from "./crd-schemas";
import { classify, validateCore, type KubeObject } from "./kube-kinds";
import { folderTree, gitTree, listFiles } from "../diff/git-tree";
import { awsTestOverride, detectToolchain, describeDiagnostics, fakeState, initValidatePlan, TerraformSandbox } from "./terraform";

export type Status = "ok" | "fail" | "skip";
export interface Outcome {
  readonly status: Status;
  readonly detail: string;
}

/** What every step reads: the project, and a fresh render of its description in `fresh`. */
export interface ValidateContext {
  readonly root: string;
  readonly config: string;
  readonly fresh: string;
  /** Compare the committed outputs at HEAD (CI), not the working tree. */
  readonly fromHead: boolean;
  readonly hub: string;
}

export interface Step {
  readonly name: string;
  run(ctx: ValidateContext): Outcome | Promise<Outcome>;
}

const ok = (detail: string): Outcome => ({ status: "ok", detail });
const fail = (detail: string): Outcome => ({ status: "fail", detail });
const skip = (detail: string): Outcome => ({ status: "skip", detail });
const has = (tool: string, args = ["--version"]) => spawnSync(tool, args, { encoding: "utf8" }).status === 0;
const first = (lines: readonly string[], n = 5) => `${lines.slice(0, n).join("; ")}${lines.length > n ? `; and ${lines.length - n} more` : ""}`;

/** Terraform's own files: state, plugins, locks and plans are never rendered. */
const TERRAFORM_FILE = /(^|\/)(\.terraform(\/|\.lock\.hcl$)|[^/]*\.tfstate(\.[^/]*)?$|[^/]*\.tfplan$)/;

export const freshness: Step = {
  name: "freshness",
  run(ctx) {
    const stale: string[] = [];
    let count = 0;
    for (const dir of ["gitops-out", "cdktf.out"]) {
      const fresh = folderTree(path.join(ctx.fresh, dir));
      const committed = ctx.fromHead ? gitTree(ctx.root, `HEAD:${dir}`) : folderTree(path.join(ctx.root, dir));
      for (const f of [...committed.keys()]) if (TERRAFORM_FILE.test(f)) committed.delete(f);
      count += fresh.size;
      for (const [f, text] of fresh) if (committed.get(f) !== text) stale.push(`${dir}/${f} ${committed.has(f) ? "differs" : "is missing"}`);
      for (const f of committed.keys()) if (!fresh.has(f)) stale.push(`${dir}/${f} is no longer rendered`);
    }
    const schema = ctx.fromHead ? spawnSync("git", ["show", "HEAD:platform.schema.json"], { cwd: ctx.root, encoding: "utf8" }).stdout : readOr(path.join(ctx.root, "platform.schema.json"));
    if (schema !== platformSchemaJson()) stale.push("platform.schema.json differs (npm run schema)");
    if (path.basename(ctx.config) === "platform.yaml" && !readOr(ctx.config).startsWith("# yaml-language-server: $schema=./platform.schema.json\n")) {
      stale.push("platform.yaml's first line no longer points editors at the schema (# yaml-language-server: $schema=./platform.schema.json)");
    }
    if (stale.length > 0) return fail(`${stale.length} stale: ${first(stale)}; run npm run synth and commit${ctx.fromHead ? " (compared with HEAD)" : ""}`);
    return ok(`gitops-out/ and cdktf.out/ (${count} files) and platform.schema.json match the description${ctx.fromHead ? " at HEAD" : ""}`);
  },
};

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Every Kubernetes object of gitops-out/: one per file, outside the folders of values and tests. */
function renderedObjects(gitops: string): { file: string; object: KubeObject }[] {
  return listFiles(gitops)
    // Not objects of a cluster: Helm values, the rule and policy tests, kustomize's list, Backstage's catalog.
    .filter((f) => f.endsWith(".yaml") && !/(^|\/)values\//.test(f) && ![RULE_TESTS_DIR, POLICY_TESTS_DIR, CATALOG_DIR].some((d) => f.startsWith(`${d}/`)) && !f.endsWith("kustomization.yaml"))
    .flatMap((file) =>
      parseAllDocuments(fs.readFileSync(path.join(gitops, file), "utf8"))
        .map((d) => d.toJS() as KubeObject)
        .filter((o) => o && typeof o === "object" && "apiVersion" in o && "kind" in o)
        .map((object) => ({ file, object })),
    );
}

export const schemas: Step = {
  name: "schemas",
  run(ctx) {
    const objects = renderedObjects(path.join(ctx.fresh, "gitops-out"));
    const crds = fs.existsSync(CRD_DIR);
    const problems: string[] = [];
    let custom = 0;
    for (const { file, object } of objects) {
      const c = classify(object);
      if ("error" in c) problems.push(`${file}: ${c.error}`);
      else if (c.core) problems.push(...validateCore(object).map((e) => `${file}: ${e}`));
      else if (crds && !c.unschemed) {
        custom++;
        problems.push(...validateCustom(object).map((e) => `${file}: ${e}`));
      }
    }
    if (problems.length > 0) return fail(`${problems.length} problems: ${first(problems, 3)}`);
    const note = crds ? `${custom} custom resources against ${CRD_DIR}` : `custom resources not checked: ${CRD_DIR} is absent`;
    return ok(`${objects.length} objects valid (${note})`);
  },
};

export const terraform: Step = {
  name: "terraform",
  async run(ctx) {
    const { toolchain, missing } = detectToolchain();
    if (!toolchain) return skip(missing.join("; "));
    const stacksDir = path.join(ctx.fresh, "cdktf.out", "stacks");
    const mirrored = (source: string) => fs.existsSync(path.join(toolchain.mirror, "registry.terraform.io", source));
    const planned: string[] = [];
    const skipped: string[] = [];
    const problems: string[] = [];
    const sandbox = new TerraformSandbox(toolchain);
    try {
      // A stand-in of the hub's outputs, for the stacks that read its state: a plan needs values, not the real ones.
      const hubState = path.join(sandbox.root, "hub.tfstate");
      fs.writeFileSync(hubState, fakeState({ egress_addresses: ["203.0.113.10"], oidc_issuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/VALIDATE" }));
      for (const name of fs.readdirSync(stacksDir).sort()) {
        const json = JSON.parse(fs.readFileSync(path.join(stacksDir, name, "cdk.tf.json"), "utf8"));
        // "aws" is short for hashicorp/aws.
        const sources = Object.values<{ source: string }>(json.terraform?.required_providers ?? {}).map((p) => {
          const s = p.source.replace(/^registry\.terraform\.io\//, "");
          return s.includes("/") ? s : `hashicorp/${s}`;
        });
        const absent = sources.filter((s) => !mirrored(s));
        if (absent.length > 0) {
          skipped.push(`${name} (${absent.join(", ")})`);
          continue;
        }
        const run = await initValidatePlan(sandbox, sandbox.addStack(path.join(stacksDir, name), name, awsTestOverride(json, { hub: hubState })));
        if (!run.validate.valid) problems.push(`${name}: ${describeDiagnostics(run.validate).split("\n")[0]}`);
        else planned.push(name);
      }
    } finally {
      sandbox.dispose();
    }
    if (problems.length > 0) return fail(first(problems));
    const rest = skipped.length > 0 ? `; not planned, no offline copy of their providers here: ${skipped.join(", ")}` : "";
    return planned.length > 0 ? ok(`validate and plan (offline) pass: ${planned.join(", ")}${rest}`) : skip(`no stack's providers are available offline${rest}`);
  },
};

export const promtool: Step = {
  name: "promtool",
  run(ctx) {
    if (!has("promtool")) return skip("promtool is not installed (apt-get install prometheus)");
    const dir = path.join(ctx.fresh, "gitops-out", RULE_TESTS_DIR);
    const rules = fs.readdirSync(dir).filter((f) => f.endsWith(".rules.yaml"));
    const tests = fs.readdirSync(dir).filter((f) => f.endsWith(".test.yaml"));
    const check = spawnSync("promtool", ["check", "rules", ...rules], { cwd: dir, encoding: "utf8" });
    if (check.status !== 0) return fail(`check rules: ${(check.stdout + check.stderr).trim().split("\n").slice(-3).join("; ")}`);
    const test = spawnSync("promtool", ["test", "rules", ...tests], { cwd: dir, encoding: "utf8" });
    if (test.status !== 0) return fail(`test rules: ${(test.stdout + test.stderr).match(/FAILED[^\n]*|name: [^\n]*/g)?.slice(0, 3).join("; ") ?? "failed"}`);
    return ok(`${rules.length} rule files pass check rules; ${tests.length} unit test files pass`);
  },
};

export const amtool: Step = {
  name: "amtool",
  run(ctx) {
    if (!has("amtool")) return skip("amtool is not installed (apt-get install prometheus-alertmanager)");
    const values = parse(fs.readFileSync(path.join(ctx.fresh, "gitops-out", "clusters", ctx.hub, "values", "kube-prometheus-stack.yaml"), "utf8"));
    const file = path.join(ctx.fresh, "alertmanager.yaml");
    // Debian's amtool (0.25) predates the webhook's url_file, which the hub's Alertmanager reads: a URL in its place.
    fs.writeFileSync(file, toYaml(JSON.parse(JSON.stringify(values.alertmanager.config).replace(/"url_file":"[^"]+"/g, '"url":"https://heartbeat.invalid/"')), PLAIN_STYLE));
    const r = spawnSync("amtool", ["check-config", file], { encoding: "utf8" });
    return r.status === 0 ? ok(`the hub's Alertmanager configuration passes check-config`) : fail((r.stdout + r.stderr).trim().split("\n").slice(-3).join("; "));
  },
};

export const kyverno: Step = {
  name: "kyverno",
  run(ctx) {
    if (!has("kyverno", ["version"])) return skip("the kyverno CLI is not installed; the policy gate ran in synth, its fixtures are in gitops-out/policy-tests/");
    const r = spawnSync("kyverno", ["test", path.join(ctx.fresh, "gitops-out", "policy-tests")], { encoding: "utf8" });
    return r.status === 0 ? ok("kyverno test passes the policy fixtures") : fail((r.stdout + r.stderr).trim().split("\n").slice(-3).join("; "));
  },
};

export const yamllint: Step = {
  name: "yamllint",
  run(ctx) {
    if (!has("yamllint")) return skip("yamllint is not installed (apt-get install yamllint)");
    const config = path.join(ctx.fresh, "yamllint.yaml");
    // Line length is the only default relaxed: image digests and descriptions are long by nature.
    fs.writeFileSync(config, "extends: default\nrules:\n  line-length: disable\n  document-start: disable\n");
    const r = spawnSync("yamllint", ["-f", "parsable", "-s", "-c", config, "gitops-out", "dist"], { cwd: ctx.fresh, encoding: "utf8" });
    return r.status === 0 ? ok("gitops-out/ and dist/ lint clean") : fail(first(r.stdout.trim().split("\n"), 3));
  },
};

export const secretlint: Step = {
  name: "secretlint",
  run(ctx) {
    const bin = path.join(ctx.root, "node_modules", ".bin", "secretlint");
    if (!fs.existsSync(bin)) return skip("secretlint is not installed (npm ci)");
    const rc = path.join(ctx.root, ".secretlintrc.json");
    const r = spawnSync(bin, ["cdktf.out/**/*", "dist/**/*", "gitops-out/**/*", "--secretlintrc", rc, "--format", "json", "--no-gitignore", "--no-color"], { cwd: ctx.fresh, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const report = r.stdout.trim() ? JSON.parse(r.stdout) : [];
    const findings = report.flatMap((f: any) => f.messages.map((m: any) => `${path.relative(ctx.fresh, f.filePath)} (${m.ruleId})`));
    return findings.length === 0 && r.status === 0 ? ok("no secret in cdktf.out/, dist/ or gitops-out/") : fail(first(findings.length > 0 ? findings : [r.stderr.trim()]));
  },
};

/** Every step, in the order they run. */
export const STEPS: readonly Step[] = [freshness, schemas, terraform, promtool, amtool, kyverno, yamllint, secretlint];
