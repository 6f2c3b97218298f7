import { Yaml } from "cdk8s";
import { stringify } from "yaml";
import { CDK8S_STYLE, PLAIN_STYLE, SORTED_STYLE, toYaml } from "../lib/pipeline/yaml";
import { sampleTree } from "./helpers/platform";

/** Scalars and shapes that trip hand-written emitters: every one must match the library byte for byte. */
const ODD_STRINGS = [
  "123", "-7", "1.5", ".5", "1e3", "0x1F", "0o17", "012", "1_000", "2024-01-01", "12:30", "12:30:00", ".inf", ".NaN",
  "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "~", "",
  "a: b", "a:b", "a #b", "a#b", "#x", "-x", "- x", "-", "--flag=1", "?q", ":x", "[x]", "{x}", "{{ .name }}", "a, b", "f(x)",
  "@at", "*star", "&amp", "!bang", "%p", "`tick", "|pipe", ">gt", "'q'", '"q"', "it's", 'say "hi"', "back\\slash",
  " lead", "trail ", "two  spaces", "a\tb", "é", "日本", "\u0000", "\u007f", "\u00a0x",
  "line1\nline2", "line1\nline2\n", "line1\n\nline2\n", "\nlead", "trail\n\n", "  indented\nx", "x\n  indented", "a: b\nc: d\n",
  "https://x.example/a?b=c&d", "s3://bucket/key", "arn:aws:iam::111122223333:role/x", "10.0.0.0/16", "v1.2.3", "1.2.3", "${var.x}", "${TfToken[TOKEN.12]}",
  // Starting with a letter, plain unless a key, comment or reserved word hides in them.
  'a"b', "a'b", "a{b}", "a[0]", "a*b", "a|b", "a>b", "a!b", "a%b", "a@b", "a`b", "a&b", "a?b", "a~b", "a^b", "a;b", "a\\b", "a<<b",
  "a:", "a::", "a: ", "a :b", "a# b", "a #", "Yes", "NO", "Y", "N", "TRUE", "NULL", "On", "Off", "nan", "inf", "Infinity", "NaN",
  'sum(rate(x{app="t",code=~"5.."}[5m])) / sum(rate(x{app="t"}[5m]))', "object.spec.?x.orValue('') != ''", "x == y && z",
  "e1", "e", "E5", "x-", "a -", "a - b", "a b-", "a,", "a\u00e9",
  // Quoted: with and without single quotes inside, indicators first, ": " and " #" inside, trailing space or colon.
  "it's: here", "'q' x", "a: 'b'", ": x", "x: ", "- a", "? a", "{a}: b", "*.example.com", "[a] b", "a #b 'c'", "trailing:", "tab\t#x", "$(x): y",
];

function corpus(): unknown[] {
  const asValues = Object.fromEntries(ODD_STRINGS.map((s, i) => [`k${i}`, s]));
  const asKeys = Object.fromEntries(ODD_STRINGS.filter((s) => !s.includes("\n")).map((s, i) => [s, i]));
  return [
    asValues,
    asKeys,
    { list: ODD_STRINGS },
    { list: ODD_STRINGS.map((s) => ({ name: s, value: s })) },
    { list: [[1, [2, "x\ny"]], [], {}, null, undefined, { a: [] }, { b: {} }, [{ c: "d" }, "e\n"]] },
    { deep: { deeper: { deepest: [{ script: "set -e\necho hi\n", args: ["a b", "--x"] }] } } },
    { numbers: [0, -1, 1.5, 1e21, 2 ** 53, -0.25], flags: [true, false], nothing: null, gone: undefined, onlyGone: { x: undefined }, empty: "", emptyList: [], emptyMap: {} },
    { z: 1, a: { y: 2, b: 3, B: 4, _: 5, "10": 6, "9": 7 }, m: [{ z: 1, a: 2 }] },
    ["top", "level", { list: true }],
    {},
    [],
    "just a string",
  ];
}

// Objects used twice are written out twice, never as anchors: reviewers read values files line by line.
const STYLES = [
  { name: "cdk8s (Yaml.stringify)", style: CDK8S_STYLE, reference: (x: unknown) => Yaml.stringify(x) },
  { name: "lineWidth 0", style: PLAIN_STYLE, reference: (x: unknown) => stringify(x, { lineWidth: 0, aliasDuplicateObjects: false }) },
  { name: "lineWidth 0, sorted keys", style: SORTED_STYLE, reference: (x: unknown) => stringify(x, { lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false }) },
];

describe.each(STYLES)("toYaml writes what the library writes: $name", ({ style, reference }) => {
  test("over a corpus of odd scalars and shapes", () => {
    for (const o of corpus()) expect(toYaml(o, style)).toBe(reference(o));
  });

  test("over every object the sample renders", () => {
    const objects = sampleTree().charts.flatMap((c) => c.objects);
    expect(objects.length).toBeGreaterThan(50);
    for (const o of objects) expect(toYaml(o, style)).toBe(reference(o));
  });
});

test("add-on values are written as the library writes them, shared objects in full", () => {
  const tree = sampleTree();
  const values = tree.resolved.clusters.flatMap((c) => tree.addOns(c).map((a) => a.values(c, tree.resolved)));
  expect(values.length).toBeGreaterThan(20);
  for (const v of values) {
    const text = toYaml(v, SORTED_STYLE);
    expect(text).toBe(stringify(v, { lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false }));
    expect(text).not.toMatch(/^\s*[\w.-]+: [&*]a\d+$/m);
  }
});
