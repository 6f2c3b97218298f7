/**
 * RE2 (Go's regexp, which Kyverno's CEL uses) on JavaScript's engine: the
 * syntax RE2 has and JavaScript spells differently is translated, and what
 * RE2 refuses (lookaround, backreferences) is refused here too, so a
 * pattern never passes at synth and fails in the cluster.
 */
const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};
/** Characters JavaScript's unicode mode lets you escape anywhere. */
const SYNTAX = new Set("^$\\.*+?()[]{}|/".split(""));

export class Re2Error extends Error {}

const cache = new Map<string, RegExp | Re2Error>();

/** The pattern as a JavaScript RegExp that matches what RE2 matches (unanchored, like RE2's MatchString). */
export function re2(pattern: string): RegExp {
  let r = cache.get(pattern);
  if (r === undefined) {
    try {
      r = translate(pattern);
    } catch (e) {
      r = e instanceof Re2Error ? e : new Re2Error(`error parsing regexp: ${(e as Error).message}`);
    }
    cache.set(pattern, r);
  }
  if (r instanceof Re2Error) throw r;
  return r;
}

function translate(pattern: string): RegExp {
  let flags = "u";
  let src = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1].includes("U")) throw new Re2Error("error parsing regexp: the U (ungreedy) flag has no JavaScript equivalent");
    flags += [...new Set(lead[1].replace(/U/g, ""))].join("");
    src = src.slice(lead[0].length);
  }
  let out = "";
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === "\\") {
      const next = src[i + 1];
      if (next === undefined) throw new Re2Error("error parsing regexp: trailing backslash at end of expression");
      i++;
      if (!inClass && /[1-9]/.test(next)) throw new Re2Error(`error parsing regexp: invalid escape sequence: \`\\${next}\` (RE2 has no backreferences)`);
      if (next === "z") out += "$";
      else if (next === "A") out += "^";
      else if (next === "Q") {
        const end = src.indexOf("\\E", i + 1);
        const literal = end < 0 ? src.slice(i + 1) : src.slice(i + 1, end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
        i = end < 0 ? src.length : end + 1;
      } else if (/[A-Za-z0-9]/.test(next) || SYNTAX.has(next) || (inClass && next === "-")) out += `\\${next}`;
      else out += `\\x${next.charCodeAt(0).toString(16).padStart(2, "0")}`;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
      if (posix) {
        const set = POSIX[posix[2]];
        if (!set || posix[1]) throw new Re2Error(`error parsing regexp: invalid character class range: \`${posix[0]}\``);
        out += set;
        i += posix[0].length - 1;
        continue;
      }
      if (ch === "]") inClass = false;
      out += ch;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      out += ch;
      // A ']' right after '[' or '[^' is a literal in RE2.
      if (src[i + 1] === "^") out += src[++i];
      if (src[i + 1] === "]") {
        out += "\\]";
        i++;
      }
      continue;
    }
    if (ch === "(" && src[i + 1] === "?") {
      const rest = src.slice(i + 2);
      if (/^(=|!|<=|<!)/.test(rest)) throw new Re2Error("error parsing regexp: invalid or unsupported Perl syntax: `(?" + rest.slice(0, rest[0] === "<" ? 2 : 1) + "` (RE2 has no lookaround)");
      const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      if (named) {
        out += `(?<${named[1]}>`;
        i += 1 + named[0].length;
        continue;
      }
      if (rest.startsWith(":")) {
        out += "(?:";
        i += 2;
        continue;
      }
      throw new Re2Error(`error parsing regexp: flags inside a pattern are not supported here: \`(?${rest.slice(0, 3)}\`; put them at the start`);
    }
    out += ch;
  }
  return new RegExp(out, flags);
}
