import * as fs from "fs";
import * as path from "path";
import { kyvernoTests, runKyvernoTest } from "./helpers/kyverno-test";
import { describeWith } from "./helpers/skip";
import { ROOT } from "./helpers/tree";

/**
 * The synth-time engine against Kyverno's own: every result of every
 * `kyverno test` file of Kyverno's pod-security and best-practices CEL
 * policies (../shared/kyverno-policies, kyverno/policies at SOURCE_COMMIT)
 * must come out of our engine as the Kyverno CLI reports it.
 */
const FIXTURES = path.resolve(ROOT, "..", "shared", "kyverno-policies");
const missing = fs.existsSync(FIXTURES) ? undefined : `${FIXTURES} is absent (it comes with ../shared)`;

describeWith("../shared/kyverno-policies", missing, "the synth-time engine agrees with Kyverno's fixtures", () => {
  const files = missing ? [] : kyvernoTests(FIXTURES);

  test("there are fixtures to agree with", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  test.each(files.map((f) => [path.relative(FIXTURES, f), f]))("%s", (_name, file) => {
    const cases = runKyvernoTest(file);
    expect(cases.length).toBeGreaterThan(0);
    const disagreements = cases
      .filter((c) => c.verdict.result !== c.expected)
      .map((c) => `${c.policy} ${c.kind}/${c.resource}: Kyverno says ${c.expected}, we say ${JSON.stringify(c.verdict)}`);
    expect(disagreements).toEqual([]);
  });
});
