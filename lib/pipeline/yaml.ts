import { stringify } from "yaml";

/**
 * What the `yaml` library's stringify gives for plain data (no line folding,
 * no anchors: an object used twice is written twice), an order of magnitude faster: the structure is written here, and every
 * scalar that is not plainly safe goes through the library itself (once per
 * distinct value). test/yaml.test.ts holds the two to the same bytes over
 * every rendered object and a corpus of odd scalars, for each style below.
 */
export interface YamlStyle {
  /** "1.1" quotes yes/no/on/off as cdk8s does; "1.2" is the library's default. */
  readonly version: "1.1" | "1.2";
  /** Map keys in code-unit order. */
  readonly sortMapEntries?: boolean;
  /** Undefined map values written as null (cdk8s) rather than left out. */
  readonly keepUndefined?: boolean;
}

/** cdk8s's Yaml.stringify. */
export const CDK8S_STYLE: YamlStyle = { version: "1.1", keepUndefined: true };
/** stringify(x, { lineWidth: 0 }). */
export const PLAIN_STYLE: YamlStyle = { version: "1.2" };
/** stringify(x, { lineWidth: 0, sortMapEntries: true }). */
export const SORTED_STYLE: YamlStyle = { version: "1.2", sortMapEntries: true };

/** Words YAML 1.1 reads as booleans or null: never plain. */
const RESERVED = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
/**
 * Certainly plain in a block mapping or sequence: starts with a letter (so no indicator, number or
 * timestamp), printable ASCII words joined by single spaces, and neither ": ", " #" nor a trailing ":",
 * which would read as a key or a comment (the library's own plain-scalar rules), nor YAML 1.1's
 * exponent-only float (e5).
 */
const PLAIN = /^[A-Za-z][\x21-\x7e]*(?: [\x21-\x7e]+)*$/;
const NOT_PLAIN = /: | #|:$|^[eE][-+]?[0-9]+$/;
/** Printable ASCII without '"' or '\\': double-quoted, such a string is itself between quotes. */
const QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;
/** The library's test for a single-line string that cannot be plain: an indicator first, ": ", " #", or a trailing space or ":". */
const MUST_QUOTE = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/;

type Writer = (value: unknown) => string;
const writers = new Map<YamlStyle, Writer>();

/** `value` as a YAML document, byte for byte as the library writes it in `style`. */
export function toYaml(value: unknown, style: YamlStyle = CDK8S_STYLE): string {
  let w = writers.get(style);
  if (w === undefined) {
    w = writer(style);
    writers.set(style, w);
  }
  return w(value);
}

function writer(style: YamlStyle): Writer {
  const options = { lineWidth: 0, aliasDuplicateObjects: false, version: style.version, keepUndefined: style.keepUndefined ?? false, sortMapEntries: style.sortMapEntries ?? false };
  const values = new Map<string, string>();
  const keys = new Map<string, string>();
  const plain = (s: string) => PLAIN.test(s) && !NOT_PLAIN.test(s) && !RESERVED.test(s);

  function scalar(s: string): string {
    if (plain(s)) return s;
    // The library double-quotes these (no '"' inside, so it does not prefer single quotes), escaping nothing.
    if (QUOTABLE.test(s) && MUST_QUOTE.test(s)) return `"${s}"`;
    let out = values.get(s);
    if (out === undefined) {
      // The library's own choice for this string as a map value; block scalars come back indented by 2.
      out = stringify({ k: s }, options).slice(3, -1);
      values.set(s, out);
    }
    return out;
  }

  function key(s: string): string {
    if (plain(s)) return s;
    let out = keys.get(s);
    if (out === undefined) {
      const text = stringify({ [s]: 0 }, options);
      out = text.slice(0, text.lastIndexOf(": 0\n"));
      keys.set(s, out);
    }
    return out;
  }

  function leaf(v: unknown): string | undefined {
    if (v === null || v === undefined) return "null";
    if (typeof v === "string") return scalar(v);
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (Array.isArray(v) && v.length === 0) return "[]";
    if (typeof v === "object" && isEmptyMap(v as Record<string, unknown>)) return "{}";
    return undefined;
  }

  function isEmptyMap(v: Record<string, unknown>): boolean {
    for (const k in v) if (v[k] !== undefined || options.keepUndefined) return false;
    return true;
  }

  function keysOf(v: Record<string, unknown>): string[] {
    const all = Object.keys(v);
    const kept = options.keepUndefined ? all : all.filter((k) => v[k] !== undefined);
    return options.sortMapEntries ? kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : kept;
  }

  function node(v: unknown, indent: string, out: string[]): void {
    if (Array.isArray(v)) {
      for (const item of v) {
        const l = leaf(item);
        if (l !== undefined) out.push(`${indent}- ${place(l, indent)}`);
        else {
          const first = out.length;
          node(item, `${indent}  `, out);
          // The first line of the item shares the line of its dash.
          out[first] = `${indent}- ${out[first].slice(indent.length + 2)}`;
        }
      }
      return;
    }
    const map = v as Record<string, unknown>;
    for (const k of keysOf(map)) {
      const x = map[k];
      const l = leaf(x);
      if (l !== undefined) out.push(`${indent}${key(k)}: ${place(l, indent)}`);
      else {
        out.push(`${indent}${key(k)}:`);
        node(x, `${indent}  `, out);
      }
    }
  }

  return (value) => {
    const l = leaf(value);
    // Scalars and empty collections as whole documents are rare: the library writes those.
    if (l !== undefined) return stringify(value, options);
    const out: string[] = [];
    node(value, "", out);
    return `${out.join("\n")}\n`;
  };
}

/** A scalar's text under a key or dash at `indent`: a block scalar's lines move with it, its empty lines stay empty. */
function place(text: string, indent: string): string {
  return text.includes("\n") ? text.replace(/\n(?=[^\n])/g, `\n${indent}`) : text;
}
