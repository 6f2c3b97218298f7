// Runs the TypeScript sources without type-checking (`npm test` type-checks).
// Sucrase strips types and keeps line numbers, so stack traces point at the .ts lines.
// Output is cached by content hash, so a file is transpiled once until it changes.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const cacheDir = path.join(__dirname, "..", "node_modules", ".cache", "basecamp-ts");
const salt = `sucrase-${require("sucrase/package.json").version}-imports-typescript`;
let sucrase;

require.extensions[".ts"] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const key = crypto.createHash("sha1").update(salt).update("\0").update(source).digest("hex");
  const cached = path.join(cacheDir, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, "utf8");
  } catch {
    sucrase = sucrase || require("sucrase");
    code = sucrase.transform(source, { transforms: ["imports", "typescript"], filePath: filename }).code;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, cached);
    } catch {
      // A read-only checkout still works, only slower.
    }
  }
  module._compile(code, filename);
};
