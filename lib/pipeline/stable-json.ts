import stringify from "json-stable-stringify";

/** JSON with sorted keys, through the serializer cdktf itself uses, so the bytes match `cdktf synth`. */
export function stableJson(value: unknown): string {
  const text = stringify(value, { space: 2 });
  if (text === undefined) throw new Error("cannot serialize undefined");
  return text;
}
