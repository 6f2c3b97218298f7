import { matchesSelector } from "../argo/applications";
import { treeApplications } from "./applications";
import { objectsOf, type Check, type Finding } from "./finding";

/**
 * Progressive syncs: every RollingSync step selects at least one generated
 * Application, and every generated Application falls in a step. Argo CD
 * never syncs an Application that matches no step.
 */
export const rolloutSteps: Check = {
  name: "rollout-steps",
  run(tree) {
    const all = objectsOf(tree);
    const applications = treeApplications(tree);
    const findings: Finding[] = [];
    for (const { object, label, origin } of all) {
      const steps = (object.spec as any)?.strategy?.rollingSync?.steps as any[] | undefined;
      if (object.kind !== "ApplicationSet" || !steps) continue;
      const apps = applications.of(object);
      const inStep = steps.map((s) => apps.filter((a) => matchesSelector(a.labels, { matchExpressions: s.matchExpressions })));
      inStep.forEach((matched, i) => {
        if (matched.length === 0) findings.push({ severity: "error", where: label, source: origin.source, message: `rollingSync step ${i + 1} (${JSON.stringify(steps[i].matchExpressions)}) selects no generated Application` });
      });
      for (const a of apps) {
        if (!inStep.some((m) => m.includes(a))) findings.push({ severity: "error", where: label, source: origin.source, message: `Application '${a.name}' matches no rollingSync step, so it would never sync` });
      }
    }
    return findings;
  },
};
