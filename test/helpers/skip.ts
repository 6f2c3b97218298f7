/**
 * Tests that need a tool or data the machine may lack. Where it is missing,
 * the tests skip with the reason in their title, and the skip reporter
 * (test/skip-reporter.js) prints every skipped title at the end of a full
 * `npm test` run. In CI (CI=true) a missing tool fails instead: CI installs
 * what the tests need, so a skip there would hide a broken setup.
 */
export function describeWith(tool: string, missing: string | undefined, name: string, body: () => void, opts: { failInCi?: boolean } = {}): void {
  if (missing === undefined) {
    describe(name, body);
  } else if (process.env.CI === "true" && opts.failInCi !== false) {
    describe(name, () => {
      test(`${tool} is available`, () => {
        throw new Error(`CI must provide ${tool}: ${missing}`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${missing}]`, body);
  }
}
