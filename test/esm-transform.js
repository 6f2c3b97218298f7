// Jest runs CommonJS; @marcbachmann/cel-js ships only ES modules. esbuild
// (already the synth's bundler) turns each of its files into CommonJS.
const { transformSync } = require("esbuild");

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, { loader: "js", format: "cjs", target: "node20", sourcemap: true, sourcefile: filename });
    return { code, map };
  },
};
