import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { evaluate, type Verdict } from "../../lib/policy/engine";
import { evaluateImages, type ImageValidatingPolicy } from "../../lib/policy/image-policy";
import { ruleNames } from "../../lib/policy/rules";
import type { PolicyException, Resource, ValidatingPolicy } from "../../lib/policy/types";

/** One (result, resource) pair of a `kyverno test` file, with what the synth-time engine says. */
export interface FixtureCase {
  readonly file: string;
  readonly policy: string;
  readonly rule?: string;
  readonly kind: string;
  readonly resource: string;
  readonly expected: string;
  readonly verdict: Verdict;
  /** The rule of the validation that failed, by the policy's rule names. */
  readonly failedRule?: string;
}

function documents(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, "utf8"))
    .map((d) => d.toJS())
    .filter((d) => d && typeof d === "object");
}

/**
 * Runs a cli.kyverno.io/v1alpha1 Test through the synth-time engine: the
 * policies, resources and exceptions it names, each result entry for each
 * of its resources.
 */
export function runKyvernoTest(file: string): FixtureCase[] {
  const dir = path.dirname(file);
  const [test] = documents(file);
  if (test?.apiVersion !== "cli.kyverno.io/v1alpha1" || test.kind !== "Test") throw new Error(`${file} is not a kyverno Test`);
  const load = (list: string[] | undefined) => (list ?? []).flatMap((f) => documents(path.join(dir, f)));
  const policies = load(test.policies).filter((d): d is ValidatingPolicy | ImageValidatingPolicy => d.kind === "ValidatingPolicy" || d.kind === "ImageValidatingPolicy");
  const resources = load(test.resources) as Resource[];
  const exceptions = load(test.exceptions).filter((d): d is PolicyException => d.kind === "PolicyException");
  // Namespace labels as the CLI has them: only what the test's values give.
  const selectors: { name: string; labels: Record<string, string> }[] = test.values?.namespaceSelector ?? [];
  const labelsOf = (ns: string | undefined) => selectors.find((n) => n.name === ns)?.labels;
  return (test.results as any[]).flatMap((r) => {
    const policy = policies.find((p) => p.metadata.name === r.policy);
    if (!policy) throw new Error(`${file}: result names policy '${r.policy}', which the test does not load`);
    return (r.resources as string[]).map((name): FixtureCase => {
      const [ns, n] = name.includes("/") ? name.split("/") : [undefined, name];
      const object = resources.find((o) => o.kind === r.kind && o.metadata.name === n && (ns === undefined || o.metadata.namespace === ns));
      if (!object) throw new Error(`${file}: result names ${r.kind} '${name}', which its resources do not hold`);
      const admission = { exceptions, namespaceLabels: labelsOf(object.metadata.namespace) };
      // An image policy's only offline verdict is its digest check.
      const verdict = policy.kind === "ValidatingPolicy" ? evaluate(policy, object, admission) : evaluateImages(policy, object, admission);
      const failedRule = verdict.result !== "fail" ? undefined : policy.kind === "ValidatingPolicy" ? ruleNames(policy)[verdict.validation] : "digest";
      return { file, policy: r.policy, rule: r.rule, kind: r.kind, resource: name, expected: r.result, verdict, failedRule };
    });
  });
}

/** Every kyverno-test.yaml below `root`. */
export function kyvernoTests(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "kyverno-test.yaml") out.push(p);
    }
  };
  walk(root);
  return out.sort();
}
