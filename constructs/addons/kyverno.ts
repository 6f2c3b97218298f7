import type { AddOn } from "../argocd/add-on";
import { EXCEPTIONS_NAMESPACE } from "../policies/exception";
import { CHARTS } from "./versions";

/**
 * Kyverno, which enforces the guardrails (ValidatingPolicy and
 * ImageValidatingPolicy, policies.kyverno.io/v1). Highly available: its
 * webhooks fail closed, so three admission replicas spread by the chart's
 * disruption budget. PolicyExceptions are honoured only in its own
 * namespace, where basecamp renders the description's; a team cannot
 * except itself.
 */
export const kyverno: AddOn = {
  name: "kyverno",
  namespace: "kyverno",
  ...CHARTS.kyverno,
  syncWave: -25,
  provides: ["kyverno.io", "policies.kyverno.io"],
  podSecurity: "restricted",
  // Its CRDs exceed the annotation limit of client-side apply.
  serverSideApply: true,
  values: () => ({
    crds: { install: true },
    admissionController: { replicas: 3, podDisruptionBudget: { enabled: true, minAvailable: 2 } },
    backgroundController: { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
    cleanupController: { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
    reportsController: { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
    features: { policyExceptions: { enabled: true, namespace: EXCEPTIONS_NAMESPACE } },
  }),
};
