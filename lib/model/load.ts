import { readFileSync } from "fs";
import { isNode, LineCounter, parseDocument, type Document, type YAMLError } from "yaml";
import { rawView } from "./check";
import { ConfigError, formatPath, parsePath, type Issue } from "./errors";
import { MODEL_CHECKS, platformSchema, type Platform } from "./schema";

/** A validated description and where each of its fields is written. */
export interface Description {
  readonly platform: Platform;
  /** The file as the user named it, for messages only. */
  readonly file: string;
  /** The 1-based line of a field path such as apps[0].image, or of its nearest written parent. */
  lineOf(path: string): number | undefined;
}

/** Reads and validates a description (YAML or JSON). Throws ConfigError listing every problem. */
export function loadDescription(file: string): Description {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : String(code ?? e);
    throw new ConfigError(file, [{ path: "", message: `cannot read the file: ${why}` }], "unreadable");
  }
  return parseDescription(text, file);
}

export function loadPlatform(file: string): Platform {
  return loadDescription(file).platform;
}

/** Validates description text; `file` only labels the messages. */
export function parsePlatform(text: string, file = "platform.yaml"): Platform {
  return parseDescription(text, file).platform;
}

export function parseDescription(text: string, file = "platform.yaml"): Description {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw new ConfigError(file, syntaxIssues(doc.errors, text, lines));
  const input = doc.toJS();
  if (input === null || input === undefined) {
    throw new ConfigError(file, [{ path: "", message: "the file is empty; describe at least platform and clusters (see README.md)" }]);
  }
  const lineOf = (path: string) => lineIn(doc, lines, parsePath(path));
  const schemaIssues: Issue[] = [];
  const checkIssues: Issue[] = [];
  const result = platformSchema.safeParse(input, {
    error: (iss) => (iss.code === "invalid_type" && iss.input === undefined ? `is required (${article(iss.expected)} ${iss.expected})` : undefined),
  });
  if (!result.success) {
    for (const i of result.error.issues) {
      const path = formatPath(i.path);
      schemaIssues.push({ path, message: i.message, line: lineIn(doc, lines, i.code === "unrecognized_keys" ? [...i.path, i.keys[0]] : i.path) });
    }
  }
  const raw = rawView(input);
  for (const check of MODEL_CHECKS) check(raw, (path, message) => checkIssues.push({ path, message, line: lineOf(path) }));
  const issues = [...firstPerPath(schemaIssues), ...checkIssues];
  if (issues.length > 0) throw new ConfigError(file, sorted(issues));
  return { platform: result.data!, file, lineOf };
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

/** One schema message per field: a value can break several rules at once, and the first says enough. */
function firstPerPath(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(i.path) && seen.add(i.path));
}

/** By line, then path, so the list reads top to bottom like the file. */
function sorted(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.path.localeCompare(b.path));
}

/**
 * One message per line, in words: a tab or a duplicate key makes the
 * parser report follow-on errors that only repeat the first one.
 */
function syntaxIssues(errors: readonly YAMLError[], text: string, lines: LineCounter): Issue[] {
  const byLine = new Map<number, Issue>();
  const tabs = errors.some((e) => e.code === "TAB_AS_INDENT");
  for (const e of errors) {
    if (tabs && e.code !== "TAB_AS_INDENT") continue;
    const line = lines.linePos(e.pos[0]).line;
    if (byLine.has(line)) continue;
    byLine.set(line, { path: "", line, message: syntaxMessage(e, text) });
  }
  return [...byLine.values()].sort((a, b) => a.line! - b.line!);
}

function syntaxMessage(e: YAMLError, text: string): string {
  if (e.code === "TAB_AS_INDENT") return "not valid YAML: a tab indents this line; YAML indents with spaces only";
  if (e.code === "DUPLICATE_KEY") {
    const key = /^\s*["']?([^"':\n]+)/.exec(text.slice(e.pos[0]))?.[1]?.trim();
    return `not valid YAML: the key '${key}' appears twice in one mapping; keep one`;
  }
  return `not valid YAML: ${e.message.split("\n")[0]}`;
}

/** The line of the deepest node along `path` that exists in the document. */
function lineIn(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
