import { readFileSync } from "fs";
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar, type YAMLError } from "yaml";
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
  const source = (path: readonly PropertyKey[]) => {
    const node = doc.getIn(path as unknown[], true);
    return isNode(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
  };
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
      schemaIssues.push({ path, message: typeMessage(i, doc.getIn(i.path as unknown[]), source(i.path)) ?? i.message, line: lineIn(doc, lines, i.code === "unrecognized_keys" ? [...i.path, i.keys[0]] : i.path) });
    }
  }
  const raw = rawView(input);
  for (const check of MODEL_CHECKS) check(raw, (path, message) => checkIssues.push({ path, message, line: lineOf(path) }));
  const issues = [...firstPerPath(schemaIssues), ...checkIssues];
  if (issues.length > 0) throw new ConfigError(file, sorted(issues));
  return { platform: result.data!, file, lineOf };
}

/** A number where text belongs, as YAML read it: say to quote it, in the user's own digits (1.30 is read as 1.3). */
function typeMessage(i: { code: string; expected?: unknown }, value: unknown, written: string | undefined): string | undefined {
  if (i.code !== "invalid_type" || i.expected !== "string" || typeof value !== "number" || written === undefined) return undefined;
  const read = String(value);
  return `write it in quotes, "${written}": unquoted, YAML reads ${written} as the number ${read}${read === written ? "" : ", which is not what it says"}`;
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
 * In words. A tab or a duplicate key: one message per line. Anything else
 * (a line indented off its mapping, a list item's dash at the wrong column):
 * only the first error, which the parser's follow-on errors only repeat,
 * named by the mapping or list it breaks and the column it should start at.
 */
function syntaxIssues(errors: readonly YAMLError[], text: string, lines: LineCounter): Issue[] {
  const tabs = errors.some((e) => e.code === "TAB_AS_INDENT");
  const duplicates = errors.every((e) => e.code === "DUPLICATE_KEY");
  if (!tabs && !duplicates) {
    const line = lines.linePos(errors[0].pos[0]).line;
    return [misplaced(text, line) ?? { path: "", line, message: syntaxMessage(errors[0], text) }];
  }
  const byLine = new Map<number, Issue>();
  for (const e of errors) {
    if (tabs && e.code !== "TAB_AS_INDENT") continue;
    const line = lines.linePos(e.pos[0]).line;
    if (byLine.has(line)) continue;
    byLine.set(line, { path: "", line, message: syntaxMessage(e, text) });
  }
  return [...byLine.values()].sort((a, b) => a.line! - b.line!);
}

/**
 * A line whose indentation fits none of the mappings or lists it follows: the
 * key or item that starts wrong, what it belongs to (from the valid text
 * above it), and the column it should start at. The first line that breaks.
 */
function misplaced(text: string, errorLine: number): Issue | undefined {
  const all = text.split("\n");
  // The parser may name the line after the one that breaks; the first that starts off every column above is it.
  for (let n = Math.max(1, errorLine - 1); n <= Math.min(all.length, errorLine + 1); n++) {
    const issue = misplacedAt(all, n);
    if (issue) return issue;
  }
  return undefined;
}

function misplacedAt(all: readonly string[], n: number): Issue | undefined {
  const line = all[n - 1];
  if (!line.trim() || line.trim().startsWith("#")) return undefined;
  const column = line.length - line.trimStart().length + 1;
  const item = /^\s*-(\s|$)/.test(line);
  const key = /^\s*(?:-\s+)?["']?([^"':#\s][^"':#]*?)["']?\s*:(\s|$)/.exec(line)?.[1];
  const lines = new LineCounter();
  const above = parseDocument(all.slice(0, n - 1).join("\n"), { lineCounter: lines });
  if (above.errors.length > 0) return undefined;
  // The open mappings and lists above the line, outermost first, each with the column its entries start at.
  const open: { path: (string | number)[]; kind: "map" | "seq"; column: number; last: string }[] = [];
  let node: unknown = above.contents;
  const path: (string | number)[] = [];
  while (isMap(node) || isSeq(node)) {
    const entries = node.items as unknown[];
    if (entries.length === 0 || node.flow) break;
    const lastEntry = entries[entries.length - 1];
    const start = isMap(node) ? (isNode((lastEntry as { key: unknown }).key) ? ((lastEntry as { key: Node }).key.range?.[0] ?? 0) : 0) : isNode(lastEntry) ? (lastEntry.range?.[0] ?? 0) : 0;
    // A list item's content starts after its "- ": its dash is two columns before.
    const col = lines.linePos(start).col - (isSeq(node) ? 2 : 0);
    const last = isMap(node) ? String(((lastEntry as { key: Scalar }).key as Scalar).value) : "";
    open.push({ path: [...path], kind: isMap(node) ? "map" : "seq", column: col, last });
    if (isMap(node)) {
      path.push(last);
      node = (lastEntry as { value: unknown }).value;
    } else {
      path.push(entries.length - 1);
      node = lastEntry;
    }
  }
  // A key whose value is still empty opens a nested mapping or list: anything indented deeper starts it.
  const opensNested = node === null || node === undefined || (isScalar(node) && node.value === null);
  const deepest = open[open.length - 1];
  if (opensNested && deepest && column > deepest.column) return undefined;
  const fits = open.some((o) => o.column === column && (o.kind === "seq") === item);
  if (fits || open.length === 0) return undefined;
  const candidates = open.filter((o) => (o.kind === "seq") === item);
  if (candidates.length === 0) return undefined;
  // The nearest column; on a tie the deeper one, where the line's neighbours above are.
  const near = candidates.reduce((a, b) => (Math.abs(b.column - column) <= Math.abs(a.column - column) ? b : a));
  const where = formatPath(near.path) || "the top level";
  const spaces = near.column - 1;
  const message = item
    ? `not valid YAML: this list item's '-' is at column ${column}, but the items of ${where} start at column ${near.column}; indent it with ${spaces} space${spaces === 1 ? "" : "s"}`
    : `not valid YAML: '${key ?? line.trim()}' starts at column ${column}, but the keys of ${where} start at column ${near.column}; indent it with ${spaces} space${spaces === 1 ? "" : "s"}, like '${near.last}'`;
  return { path: formatPath(near.path), line: n, message };
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
