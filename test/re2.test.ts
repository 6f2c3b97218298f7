import { compile } from "../lib/policy/cel";
import { re2, Re2Error } from "../lib/policy/re2";

/** CEL's matches() as Kyverno has it: RE2 (Go's regexp), unanchored. */
const matches = (s: string, pattern: string) => compile(`${JSON.stringify(s)}.matches(${JSON.stringify(pattern)})`)({});

describe("matches() is RE2's, not JavaScript's", () => {
  test.each([
    ["(?i)^GHCR\\.io/", "ghcr.io/acme", true],
    ["^[[:alpha:]]+$", "abc", true],
    ["^[[:digit:]]+$", "12a", false],
    ["^\\p{L}+$", "Grüße", true],
    ["^.$", "😀", true],
    ["abc\\z", "xabc", true],
    ["\\Aabc", "xabc", false],
    ["(?P<tag>v\\d+)", "img:v12", true],
    ["a\\-b", "a-b", true],
    ["\\Qa.b\\E$", "xa.b", true],
    ["\\Qa.b\\E$", "xaxb", false],
    ["[]a]", "]", true],
    ["registry", "ghcr.io/registry/x", true],
  ])("%s on %s is %s", (pattern, s, expected) => {
    expect(matches(s, pattern)).toBe(expected);
  });

  test.each([
    ["^(?!evil)", "lookaround"],
    ["(?<=a)b", "lookaround"],
    ["(a)\\1", "backreferences"],
  ])("%s is refused, as RE2 refuses it (%s)", (pattern, why) => {
    expect(() => re2(pattern)).toThrow(Re2Error);
    expect(() => re2(pattern)).toThrow(why);
    expect(() => matches("a", pattern)).toThrow(why);
  });
});
