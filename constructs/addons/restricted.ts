/**
 * Security contexts that Pod Security restricted (and the guardrails) accept,
 * for charts that leave theirs empty. The root filesystem stays writable: the
 * images write caches there, and restricted does not require it read-only.
 */
export const RESTRICTED_POD = { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } };

export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  runAsNonRoot: true,
  seccompProfile: { type: "RuntimeDefault" },
};
