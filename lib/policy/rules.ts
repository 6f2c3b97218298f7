import type { ValidatingPolicy } from "./types";

/**
 * A ValidatingPolicy's validations have no names; basecamp names each one
 * (its rule) and lists the names in this annotation, in order, so findings,
 * fixtures and reviewers can say which rule an object breaks.
 */
export const RULES_ANNOTATION = "basecamp.dev/rules";

/** The rule name of each validation: from the annotation, else validation-<index>. */
export function ruleNames(policy: Pick<ValidatingPolicy, "metadata" | "spec">): string[] {
  const listed = policy.metadata.annotations?.[RULES_ANNOTATION]?.split(",").map((s) => s.trim()) ?? [];
  return (policy.spec.validations ?? []).map((_, i) => listed[i] || `validation-${i}`);
}
