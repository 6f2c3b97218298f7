import { containersOf, podSpecOf } from "../checks/pod-spec";
import type { Verdict } from "./engine";
import { resourceOf, ruleMatches, selectorsMatch } from "./match";
import type { MatchConstraints, PolicyException, Resource } from "./types";
import { compile, toCel } from "./cel";

export interface ImageValidatingPolicy {
  readonly kind: "ImageValidatingPolicy";
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly matchConstraints?: MatchConstraints;
    readonly matchImageReferences?: readonly { readonly glob?: string }[];
    readonly validationConfigurations?: { readonly verifyDigest?: boolean };
  };
}

/** A Kyverno image glob (gobwas/glob without separators: * also crosses '/') as a RegExp. */
export function globRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === "\\" && i + 1 < glob.length) out += `\\${glob[++i]}`;
    else if (ch === "*") out += ".*";
    else if (ch === "?") out += ".";
    else out += ch.replace(/[.+^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, "s");
}

/** The images of an object's pods that a policy's matchImageReferences select. */
export function matchedImages(policy: ImageValidatingPolicy, o: Resource): string[] {
  const pod = podSpecOf(o as never);
  if (!pod) return [];
  const globs = (policy.spec.matchImageReferences ?? []).flatMap((m) => (m.glob ? [globRegExp(m.glob)] : []));
  return containersOf(pod.spec, pod.path)
    .map(({ c }) => String(c.image))
    .filter((image) => globs.some((g) => g.test(image)));
}

/**
 * What an ImageValidatingPolicy decides for an object, as far as it can be
 * known without a registry: its match and exceptions, then the digest check
 * (verifyDigest, on by default), which Kyverno makes before it fetches any
 * signature. Images it matches that carry digests pass here; the cluster
 * verifies their signatures.
 */
export function evaluateImages(policy: ImageValidatingPolicy, o: Resource, admission: { namespaceLabels?: Readonly<Record<string, string>>; exceptions?: readonly PolicyException[] } = {}): Verdict {
  const mc = policy.spec.matchConstraints;
  const pods = (mc?.resourceRules ?? []).some((r) => r.resources?.includes("pods"));
  if (!podSpecOf(o as never) || !(pods || (mc?.resourceRules ?? []).some((r) => ruleMatches(r, o)))) return { result: "skip", reason: `does not match ${resourceOf(o).resource}` };
  if (!selectorsMatch(mc, o, admission.namespaceLabels)) return { result: "skip", reason: "excluded by its match constraints" };
  const object = toCel(o);
  const request = { operation: "CREATE", name: o.metadata.name ?? "", namespace: o.metadata.namespace ?? "", object };
  for (const ex of admission.exceptions ?? []) {
    if (!ex.spec.policyRefs.some((r) => r.name === policy.metadata.name && r.kind === policy.kind)) continue;
    if ((ex.spec.matchConditions ?? []).every((m) => compile(m.expression)({ object, oldObject: null, request, variables: {} }) === true)) {
      return { result: "skip", reason: `exempted by PolicyException ${ex.metadata.namespace ? `${ex.metadata.namespace}/` : ""}${ex.metadata.name}` };
    }
  }
  const images = matchedImages(policy, o);
  if (policy.spec.validationConfigurations?.verifyDigest !== false) {
    const bare = images.find((i) => !/@sha256:[a-f0-9]{64}$/.test(i));
    if (bare) return { result: "fail", validation: 0, message: `image ${bare} does not have a digest` };
  }
  return { result: "pass" };
}
