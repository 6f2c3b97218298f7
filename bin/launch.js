// Starts a TypeScript entry point fast: as one esbuild bundle of it and all it
// imports (no type-checking; `npm test` type-checks). Loading ~800 modules one
// by one costs more than the synth itself. The bundle is cached and rebuilt
// whenever one of our source files or package-lock.json changes, and V8's
// compiled code for it is cached beside it.
// Usage: node bin/launch.js bin/synth.ts [args...]; with --debug it runs the
// sources unbundled (slower; exact stack traces).
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const entry = path.resolve(process.argv[2]);
process.argv.splice(2, 1);
// BASECAMP_CACHE_DIR moves the cache (the tests give a copy of the project a cache of its own).
const cacheDir = process.env.BASECAMP_CACHE_DIR || path.join(root, "node_modules", ".cache", "basecamp-bundle");
const bundle = path.join(cacheDir, `${path.relative(root, entry).replace(/[\\/]/g, "_").replace(/\.ts$/, "")}.js`);
const inputsFile = `${bundle}.inputs.json`;
const codeCacheFile = `${bundle}.v8cache`;

/** A hash of the files' contents; node_modules is covered by package-lock.json. */
function fingerprint(files) {
  const h = require("crypto").createHash("sha1");
  for (const f of files) {
    h.update(`${f}\0`);
    try {
      h.update(fs.readFileSync(path.join(root, f)));
    } catch {
      h.update("(missing)");
    }
  }
  return h.digest("hex");
}

/** Each file's size and modification time, and the latest of those times. */
function stats(files) {
  let newest = 0;
  const sig = files.map((f) => {
    try {
      const s = fs.statSync(path.join(root, f));
      newest = Math.max(newest, s.mtimeMs);
      return `${s.size}:${s.mtimeMs}`;
    } catch {
      return "-";
    }
  });
  return { sig: sig.join(","), newest };
}

/**
 * Unchanged sizes and times mean unchanged files, as for make and git; the
 * contents are hashed only when those moved, or when a file changed within
 * a second of the record (git's "racily clean" rule: a same-size edit in the
 * same clock tick would not show).
 */
function isFresh() {
  try {
    const record = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
    if (!fs.existsSync(bundle)) return false;
    const now = stats(record.inputs);
    if (now.sig === record.stats && now.newest < fs.statSync(inputsFile).mtimeMs - 1000) return true;
    if (record.hash !== fingerprint(record.inputs)) return false;
    writeAtomic(inputsFile, JSON.stringify({ ...record, stats: now.sig }));
    return true;
  } catch {
    return false;
  }
}

// cdktf records a full stack trace for every token it creates (a tenth of
// the synth), only to print it if the token later fails to resolve. The
// bundle records none; `--debug` runs the sources, which do.
const noTokenStackTraces = {
  name: "no-token-stack-traces",
  setup(b) {
    b.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: "exports.captureStackTrace = () => [];",
      loader: "js",
    }));
  },
};

async function build() {
  const result = await require("esbuild").build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile: bundle,
    // Whitespace and syntax only: names stay, for error messages and code that reads them.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    write: false,
    plugins: [noTokenStackTraces],
    logLevel: "silent",
  });
  // The launcher itself too: its build options shape the bundle.
  const inputs = [...Object.keys(result.metafile.inputs).filter((f) => !f.includes("node_modules/")), "package-lock.json", "bin/launch.js"].sort();
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const out of result.outputFiles) writeAtomic(out.path, out.contents);
  fs.rmSync(codeCacheFile, { force: true });
  writeAtomic(inputsFile, JSON.stringify({ inputs, hash: fingerprint(inputs), stats: stats(inputs).sig }));
}

function writeAtomic(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/** Runs the bundle as a CommonJS module, with V8's code cache: compiling 6 MB of JavaScript is the largest start-up cost. */
function runBundle() {
  const Module = require("module");
  const vm = require("vm");
  let cachedData;
  try {
    cachedData = fs.readFileSync(codeCacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, "utf8")), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the run the cache also holds the functions compiled lazily on the way.
    process.once("exit", () => {
      try {
        writeAtomic(codeCacheFile, script.createCachedData());
      } catch {
        // Only slower next time.
      }
    });
  }
  const m = new Module(bundle, module);
  m.filename = bundle;
  m.paths = Module._nodeModulePaths(path.dirname(bundle));
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(bundle), m, bundle, path.dirname(bundle));
}

async function main() {
  if (process.argv.includes("--debug")) {
    // The sources themselves: exact stack traces, token creation stacks included.
    require("./register.js");
    require(entry);
    return;
  }
  let ready = isFresh();
  if (!ready) {
    try {
      await build();
      ready = true;
    } catch (e) {
      // Without esbuild (or with a read-only node_modules) run the sources directly: slower, same result.
      console.error(`note: could not bundle ${path.relative(root, entry)} (${String(e.message).split("\n")[0]}); running the sources, which is slower`);
    }
  }
  if (ready) {
    runBundle();
  } else {
    require("./register.js");
    require(entry);
  }
}

main();
