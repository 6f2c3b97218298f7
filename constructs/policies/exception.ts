import type { GuardrailException } from "../../lib/model/guardrails";
import { celString } from "../../lib/policy/cel";
import { POLICIES_API } from "./validating-policy";

/** The one namespace whose PolicyExceptions Kyverno honours (features.policyExceptions.namespace). */
export const EXCEPTIONS_NAMESPACE = "kyverno";

export interface ExceptionProps {
  readonly name: string;
  readonly policy: string;
  readonly kind: "ValidatingPolicy" | "ImageValidatingPolicy";
  readonly reason: string;
  /** The last day it holds; none for the platform's own. */
  readonly expires?: string;
  /** The namespace it holds in. */
  readonly namespace: string;
  /** Further CEL conditions on the object (the workload, or its pod). */
  readonly conditions?: readonly { readonly name: string; readonly expression: string }[];
  /** Image prefixes the policy's own CEL lets pass (exceptions.allowedImages); none: the whole policy is waived. */
  readonly images?: readonly string[];
}

/**
 * Kyverno's PolicyException, in the namespace Kyverno reads them from.
 * Reason and expiry ride along as annotations for the reviewer; synth
 * refuses a description whose exception has expired, and the cluster stops
 * applying it at the same moment (spec.expiresAt, Kyverno 1.19: the start
 * of the day after its last day, UTC).
 */
export function policyException(props: ExceptionProps): Record<string, unknown> {
  return {
    apiVersion: POLICIES_API,
    kind: "PolicyException",
    metadata: {
      name: props.name,
      namespace: EXCEPTIONS_NAMESPACE,
      annotations: { "basecamp.dev/reason": props.reason, ...(props.expires ? { "basecamp.dev/expires": props.expires } : {}) },
    },
    spec: {
      policyRefs: [{ name: props.policy, kind: props.kind }],
      ...(props.expires ? { expiresAt: dayAfter(props.expires) } : {}),
      ...(props.images ? { images: [...props.images] } : {}),
      matchConditions: [{ name: "namespace", expression: `request.namespace == ${celString(props.namespace)}` }, ...(props.conditions ?? [])],
    },
  };
}

/** The first moment after the last day `date` (YYYY-MM-DD, UTC), in RFC 3339. */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().replace(".000Z", "Z");
}

/** A label of the object (a workload, or its pod) equals a value. */
export function labelIs(name: string, label: string, value: string): { name: string; expression: string } {
  return { name, expression: `object.metadata.?labels[?${celString(label)}].orValue('') == ${celString(value)}` };
}

/** An exception of platform.yaml, for one app (by its label) in its team's namespace, or for a team's whole namespace. */
export function describedException(e: GuardrailException, kind: ExceptionProps["kind"], target: { namespace: string; app?: string }, appLabel: string): Record<string, unknown> {
  return policyException({
    name: `${target.app ?? target.namespace}.${e.policy}`,
    policy: e.policy,
    kind,
    reason: e.reason,
    expires: e.expires,
    namespace: target.namespace,
    conditions: target.app ? [labelIs("app", appLabel, target.app)] : [],
  });
}
