// Jest's transform of our TypeScript: sucrase strips the types (as bin/register.js does for the
// scripts) and keeps every line where it was, so stack traces need no source map. `npm test`
// type-checks with tsc first; ts-jest would type-check nothing here either (isolatedModules)
// and transpiles several times slower.
const { transform } = require("sucrase");

module.exports = {
  process(source, filename) {
    return { code: transform(source, { transforms: ["imports", "typescript", "jest"], filePath: filename }).code };
  },
};
