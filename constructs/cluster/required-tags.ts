import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Annotations, TerraformResource, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";

/** The tags (labels on GCP) every taggable cloud resource carries, for cost and ownership. */
export const REQUIRED_TAGS = ["platform", "cluster", "environment", "owner"] as const;

/**
 * Refuses to synth a taggable resource without the required tags: AWS and
 * GCP resources through their provider's default tags and labels (or their
 * own), Azure resources through their own, since azurerm has no defaults.
 */
export class RequiredTags implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const r = node as unknown as Record<string, unknown>;
    const type = node.terraformResourceType;
    let tags: Record<string, unknown> | undefined;
    if (type.startsWith("aws_") && "tagsInput" in r) {
      const p = (node.provider ?? defaultProvider(node, AwsProvider)) as AwsProvider | undefined;
      const defaults = p?.defaultTags as { tags?: Record<string, string> }[] | undefined;
      tags = { ...defaults?.[0]?.tags, ...(r.tagsInput as object) };
    } else if (type.startsWith("google_") && "labelsInput" in r) {
      const p = (node.provider ?? defaultProvider(node, GoogleProvider)) as GoogleProvider | undefined;
      tags = { ...p?.defaultLabels, ...(r.labelsInput as object) };
    } else if (type.startsWith("azurerm_") && "tagsInput" in r) {
      tags = r.tagsInput as Record<string, unknown> | undefined;
    } else {
      return;
    }
    const missing = REQUIRED_TAGS.filter((k) => tags?.[k] === undefined);
    if (missing.length > 0) {
      Annotations.of(node).addError(`${type} can be tagged but lacks ${missing.join(", ")}: give it (or its provider's defaults) the cluster's tags`);
    }
  }
}

function defaultProvider(node: IConstruct, kind: typeof AwsProvider | typeof GoogleProvider) {
  return TerraformStack.of(node)
    .node.findAll()
    .find((c) => c instanceof kind && !(c as AwsProvider).alias);
}
