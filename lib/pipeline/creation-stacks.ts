/**
 * cdktf records a full stack trace for every token it creates (creationStack),
 * only to print it if the token later fails to resolve; formatting those traces
 * took a quarter of a large synth. While `fn` runs, traces captured on plain
 * objects, which is how cdktf and constructs capture them, format as empty.
 * Real errors keep their stack. Under --debug (source maps on) nothing changes.
 */
export function withoutCreationStacks<T>(fn: () => T): T {
  if ((process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled) return fn();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target, frames) => {
    if (!(target instanceof Error)) return "";
    if (previous) return previous(target, frames);
    return [String(target), ...frames.map((f) => `    at ${f}`)].join("\n");
  };
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
