import { withoutCreationStacks } from "../lib/pipeline/creation-stacks";

function captured(): string {
  const holder = { stack: "" };
  Error.captureStackTrace(holder);
  return holder.stack;
}

describe("withoutCreationStacks", () => {
  test("traces captured on plain objects are empty inside, real errors keep theirs, and it is undone after", () => {
    const before = Error.prepareStackTrace;
    const inside = withoutCreationStacks(() => ({ plain: captured(), error: new Error("boom").stack! }));
    expect(inside.plain).toBe("");
    expect(inside.error).toMatch(/^Error: boom\n {4}at .*creation-stacks\.test\.ts/);
    expect(captured()).toMatch(/creation-stacks\.test\.ts/);
    expect(Error.prepareStackTrace).toBe(before);
  });

  test("is undone when the function throws", () => {
    expect(() => withoutCreationStacks(() => { throw new Error("inside"); })).toThrow("inside");
    expect(captured()).not.toBe("");
  });
});
