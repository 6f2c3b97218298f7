import { readFileSync } from "fs";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { ConfigError, formatPath, type Issue } from "./errors";
import { checkReferences } from "./references";
import { platformSchema, type Platform } from "./schema";

/** Reads and validates a description (YAML or JSON). Throws ConfigError listing every problem. */
export function loadPlatform(file: string): Platform {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(file, [{ path: "", message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})` }]);
  }
  return parsePlatform(text, file);
}

/** Validates description text; `file` only labels the messages. */
export function parsePlatform(text: string, file = "platform.yaml"): Platform {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({ path: "", message: `not valid YAML: ${e.message.split("\n")[0]}`, line: lines.linePos(e.pos[0]).line })),
    );
  }
  const result = platformSchema.safeParse(doc.toJS(), {
    error: (iss) => (iss.code === "invalid_type" && iss.input === undefined ? `is required (${/^[aeiou]/.test(iss.expected) ? "an" : "a"} ${iss.expected})` : undefined),
  });
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((i) => ({
        path: formatPath(i.path),
        message: i.message,
        line: lineOf(doc, lines, i.code === "unrecognized_keys" ? [...i.path, i.keys[0]] : i.path),
      })),
    );
  }
  const issues: Issue[] = checkReferences(result.data).map((i) => ({ ...i, line: lineOf(doc, lines, parsePath(i.path)) }));
  if (issues.length > 0) throw new ConfigError(file, issues);
  return result.data;
}

/** The line of the deepest node along `path` that exists in the document. */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function parsePath(path: string): PropertyKey[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}
