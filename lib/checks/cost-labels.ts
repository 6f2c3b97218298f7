import { objectsOf, type Check, type Finding } from "./finding";
import { podSpecOf } from "./pod-spec";

/** The labels cost and alerts are grouped by. */
export const COST_LABELS = { team: "basecamp.dev/team", app: "basecamp.dev/app", environment: "basecamp.dev/environment" } as const;

/**
 * Every rendered workload's pods carry the team, app and environment labels
 * OpenCost and the alerts group by, and every namespace the team and
 * environment: cost nobody can attribute is cost nobody answers for.
 */
export const costLabels: Check = {
  name: "cost-labels",
  run(tree) {
    const findings: Finding[] = [];
    for (const { object, label, origin } of objectsOf(tree)) {
      const pod = podSpecOf(object);
      const required = pod ? Object.values(COST_LABELS) : object.kind === "Namespace" ? [COST_LABELS.team, COST_LABELS.environment] : [];
      if (required.length === 0) continue;
      const at = pod ? pod.path.replace(/spec$/, "metadata.labels") : "metadata.labels";
      let labels: Record<string, string> = {};
      if (pod) {
        let meta: any = object;
        for (const k of pod.path.split(".").slice(0, -1)) meta = meta?.[k];
        labels = pod.path === "spec" ? (object.metadata.labels ?? {}) : (meta?.metadata?.labels ?? {});
      } else labels = object.metadata.labels ?? {};
      const missing = required.filter((k) => !labels[k]);
      if (missing.length > 0) findings.push({ severity: "error", where: label, source: origin.source, message: `${at} lacks ${missing.join(", ")}, which cost and alerts are grouped by` });
    }
    return findings;
  },
};
