import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { renderSample } from "./platform";

/** A stack with one provider, for unit tests of one construct; `build` adds the construct. */
export function unitStack(provider: "aws" | "google" | "azurerm" | "none", build: (stack: TerraformStack) => void): { json: any; text: string } {
  const stack = new TerraformStack(Testing.app(), "test");
  if (provider === "aws") new AwsProvider(stack, "aws", { region: "eu-west-1" });
  if (provider === "google") new GoogleProvider(stack, "google", { project: "p-123456" });
  if (provider === "azurerm") new AzurermProvider(stack, "azurerm", { features: [{}] });
  build(stack);
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) };
}

/** Resources of one type in a stack's JSON, by logical id. */
export function resources(json: any, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

let sample: ReturnType<typeof renderSample> | undefined;

/** The sample platform's stacks, synthesized once per test file. */
export function sampleStacks(): Record<string, any> {
  sample ??= renderSample();
  return Object.fromEntries(sample.stacks.map((s) => [s.name, s.json]));
}
