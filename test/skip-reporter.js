// Prints every skipped test with its reason (test/helpers/skip.ts puts the
// reason in the title) after a run: jest shows no console output of a file
// whose tests all skip, so without this a missing tool would pass silently.
"use strict";

class SkipReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.testResults.flatMap((file) =>
      file.testResults.filter((t) => (t.status === "pending" || t.status === "skipped") && /\[skipped: /.test([...t.ancestorTitles, t.title].join(" "))).map((t) => `${t.ancestorTitles.join(" > ")} > ${t.title}`),
    );
    if (skipped.length === 0) return;
    const lines = [`\n${skipped.length} test${skipped.length === 1 ? "" : "s"} skipped:`, ...[...new Set(skipped)].map((s) => `  - ${s}`)];
    process.stderr.write(`${lines.join("\n")}\n`);
  }
}

module.exports = SkipReporter;
