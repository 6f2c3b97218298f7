import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Annotations, TerraformResource, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";

/** The tags (labels on GCP) every taggable cloud resource carries, for cost and ownership. */
export const REQUIRED_TAGS = ["platform", "cluster", "environment", "owner"] as const;

/** The tag (label on GCP) every cluster's budget counts its spend by. */
export const COST_TAG = "cluster";

type Tags = Record<string, unknown> | undefined;
type Inputs = Record<string, any>;

/** What the launch template of a node group must tag: EKS propagates no tag to what it starts. */
const TEMPLATE_TAGGED = ["instance", "volume", "network-interface"];

/**
 * Where each provider bills what a resource makes, beyond its own tags:
 * default tags and labels never reach these, so each needs the tags itself.
 */
const BILLED_ELSEWHERE: Record<string, (r: Inputs) => { where: string; tags: Tags }[]> = {
  aws_launch_template: (r) => {
    const specs: { resourceType?: string; tags?: Tags }[] = Array.isArray(r.tagSpecificationsInput) ? r.tagSpecificationsInput : [];
    return TEMPLATE_TAGGED.map((type) => ({ where: `tag_specifications (${type})`, tags: specs.find((s) => s.resourceType === type)?.tags }));
  },
  aws_eks_addon: (r) => (r.addonNameInput === "aws-ebs-csi-driver" ? [{ where: "configuration_values.controller.extraVolumeTags", tags: parse(r.configurationValuesInput)?.controller?.extraVolumeTags }] : []),
  google_sql_database_instance: (r) => [{ where: "settings.user_labels", tags: r.settingsInput?.userLabels }],
  google_container_cluster: (r) => [{ where: "resource_labels", tags: r.resourceLabelsInput }],
  google_container_node_pool: (r) => [{ where: "node_config.resource_labels", tags: r.nodeConfigInput?.resourceLabels }],
};

function parse(json: unknown): any {
  try {
    return typeof json === "string" ? JSON.parse(json) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses to synth a taggable resource without the required tags: AWS and
 * GCP resources through their provider's default tags and labels (or their
 * own), Azure resources through their own, since azurerm has no defaults;
 * and, where a provider bills what a resource makes under other tags (node
 * instances and volumes, Cloud SQL, GKE nodes), those tags too.
 */
export class RequiredTags implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const r = node as unknown as Inputs;
    const type = node.terraformResourceType;
    for (const place of BILLED_ELSEWHERE[type]?.(r) ?? []) report(node, `${type} ${place.where}`, place.tags);
    let tags: Tags;
    if (type.startsWith("aws_") && "tagsInput" in r) {
      const p = (node.provider ?? defaultProvider(node, AwsProvider)) as AwsProvider | undefined;
      const defaults = p?.defaultTags as { tags?: Record<string, string> }[] | undefined;
      tags = { ...defaults?.[0]?.tags, ...(r.tagsInput as object) };
    } else if (type.startsWith("google_") && "labelsInput" in r) {
      const p = (node.provider ?? defaultProvider(node, GoogleProvider)) as GoogleProvider | undefined;
      tags = { ...p?.defaultLabels, ...(r.labelsInput as object) };
    } else if (type.startsWith("azurerm_") && "tagsInput" in r) {
      tags = r.tagsInput as Tags;
    } else {
      return;
    }
    report(node, type, tags);
  }
}

function report(node: TerraformResource, what: string, tags: Tags): void {
  const missing = REQUIRED_TAGS.filter((k) => tags?.[k] === undefined);
  if (missing.length > 0) {
    Annotations.of(node).addError(`${what} can be tagged but lacks ${missing.join(", ")}: give it (or its provider's defaults) the cluster's tags`);
  }
}

function defaultProvider(node: IConstruct, kind: typeof AwsProvider | typeof GoogleProvider) {
  return TerraformStack.of(node)
    .node.findAll()
    .find((c) => c instanceof kind && !(c as AwsProvider).alias);
}
