import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { App, Fn, Lazy, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable, Token } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { CAPABILITIES } from "../capabilities";
import { parseDescription } from "../lib/model/load";
import { synthContext } from "../lib/pipeline/render";
import { stackJson } from "../lib/pipeline/stack-json";
import { sampleText } from "./helpers/platform";
import { tempDir } from "./helpers/tree";

/** The JSON text, key order included, or the error. */
function outcome(f: () => unknown): string {
  try {
    return JSON.stringify(f());
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

/** stackJson() must give what cdktf's own toTerraform() gives, or fail as it fails. */
function expectSameAsCdktf(stack: TerraformStack): string {
  invokeAspects(stack);
  const ours = outcome(() => stackJson(stack));
  expect(ours).toBe(outcome(() => stack.toTerraform()));
  return ours;
}

describe("stackJson: TerraformStack.toTerraform() with a cheaper resolve", () => {
  const app = new App({ outdir: tempDir(), stackTraces: false });
  const ctx = synthContext(parseDescription(sampleText(), "platform.json"), CAPABILITIES);
  for (const c of CAPABILITIES) c.stacks?.(app, ctx);
  const stacks = app.node.children.filter(TerraformStack.isStack);

  test("the sample renders stacks to compare", () => {
    expect(stacks.length).toBeGreaterThanOrEqual(8);
  });

  test.each(stacks.map((s) => [s.node.id, s]))("stack %s: the same JSON as cdktf's", (_, stack) => {
    expectSameAsCdktf(stack as TerraformStack);
  });

  test("every kind of token, in values, keys, lists and overrides: the same JSON as cdktf's", () => {
    const stack = new TerraformStack(new App({ outdir: tempDir(), stackTraces: false }), "tokens");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const names = new TerraformVariable(stack, "names", { type: "list(string)" });
    const size = new TerraformVariable(stack, "size", { type: "number" });
    const tags = new TerraformVariable(stack, "tags", { type: "map(string)" });
    const bucket = new S3Bucket(stack, "bucket", {
      bucket: `logs-${Token.asString(size.numberValue)}-e5-1e3`,
      tags: { owner: Fn.element(names.listValue, 0), plain: "${literal} 1.5e+3 node-e2", [Fn.upper("key")]: "v" },
      forceDestroy: undefined,
    });
    const sg = new SecurityGroup(stack, "sg", {
      name: Fn.join("-", names.listValue),
      ingress: [{ fromPort: size.numberValue, toPort: 443, protocol: "tcp", cidrBlocks: Fn.split(",", Fn.join(",", names.listValue)) }],
    });
    sg.addOverride("egress", [{ from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: names.listValue, description: bucket.arn }]);
    new TerraformLocal(stack, "by_name", { [bucket.bucket]: size.numberValue, lazy: Lazy.stringValue({ produce: () => bucket.id }), list: [undefined, 1, "x"] });
    new TerraformLocal(stack, "text", `size ${size.numberValue} of ${names.listValue.length}`);
    new TerraformOutput(stack, "ids", { value: [bucket.id, sg.id, Token.asNumber(size.value)] });
    stack.addOverride("terraform.required_version", Fn.lookup(Token.asAnyMap(tags.value), "tf", ">= 1.6"));
    stack.addOverride("locals.by_name", undefined);
    new S3Bucket(stack, "mapped", { tags: Token.asStringMap(tags.value) });
    const json = JSON.parse(expectSameAsCdktf(stack));
    expect(json.resource.aws_s3_bucket.bucket.tags.owner).toBe("${element(var.names, 0)}");
    expect(json.resource.aws_security_group.sg.egress[0].cidr_blocks).toBe("${var.names}");
    expect(json.locals.by_name).toBeUndefined();
    expect(json.locals.text).toBe("size ${var.size} of 1");
  });

  test("a value cdktf refuses (a map token with keys added) fails the same way", () => {
    const stack = new TerraformStack(new App({ outdir: tempDir(), stackTraces: false }), "refused");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const tags = new TerraformVariable(stack, "tags", { type: "map(string)" });
    new S3Bucket(stack, "bucket", { tags: { ...(Token.asStringMap(tags.value) as Record<string, string>), owner: "x" } });
    expect(expectSameAsCdktf(stack)).toMatch(/^error: .*map/is);
    const scalar = new TerraformStack(new App({ outdir: tempDir(), stackTraces: false }), "sentinel");
    new TerraformLocal(scalar, "x", Token.NUMBER_MAP_TOKEN_VALUE);
    expect(expectSameAsCdktf(scalar)).toMatch(/^error: /);
  });
});
