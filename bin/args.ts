/** A tiny flag parser: --name value, --name=value and boolean --flag. Unknown flags are errors. */
export function parseArgs(argv: string[], spec: { values: string[]; flags: string[] }): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].replace(/^--/, "").split(/=(.*)/s);
    if (!argv[i].startsWith("--")) throw new Error(`unexpected argument '${argv[i]}'`);
    if (spec.flags.includes(name)) out[name] = true;
    else if (spec.values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      out[name] = value;
    } else {
      throw new Error(`unknown option --${name}; allowed: ${[...spec.values, ...spec.flags].map((f) => `--${f}`).join(", ")}`);
    }
  }
  return out;
}
