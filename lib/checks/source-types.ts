import { treeApplications } from "./applications";
import { sourcesOf } from "./argo-sources";
import { objectsOf, type Check, type Finding } from "./finding";

const TYPES = ["directory", "helm", "kustomize", "plugin"] as const;

/**
 * Every Argo CD source has at most one source type, and a chart none but
 * helm: the repo server refuses "multiple application sources defined", and
 * v3.4 does not drop an empty `directory` from a multi-source spec.
 */
export const oneSourceType: Check = {
  name: "source-types",
  run(tree) {
    const applications = treeApplications(tree);
    const findings: Finding[] = [];
    for (const { object, label, origin } of objectsOf(tree)) {
      for (const app of applications.of(object)) {
        const at = app.element ? `${app.element}: ` : "";
        sourcesOf(app.spec).forEach((s: Record<string, unknown>, i) => {
          const types = TYPES.filter((t) => s[t] !== undefined);
          if (types.length > 1) findings.push({ severity: "error", where: label, source: origin.source, message: `${at}source ${i} (${s.repoURL}) carries ${types.join(" and ")}; Argo CD accepts one source type` });
          else if (s.chart !== undefined && types.some((t) => t !== "helm")) findings.push({ severity: "error", where: label, source: origin.source, message: `${at}source ${i} is chart '${s.chart}' with ${types.join(", ")}; a chart takes helm only` });
        });
      }
    }
    return findings;
  },
};
