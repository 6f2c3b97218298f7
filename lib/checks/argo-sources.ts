import { treeApplications } from "./applications";
import { objectsOf, type Check, type Finding } from "./finding";

/** Sources of an Application spec: source and sources alike. */
export function sourcesOf(spec: any): { repoURL: string; targetRevision: string; path?: string; chart?: string; ref?: string; helm?: any }[] {
  return spec.sources ?? (spec.source ? [spec.source] : []);
}

/**
 * Every Argo CD source that points into the rendered branch names a folder
 * that exists and holds objects, and every $values file exists: for
 * Applications and for each cluster an ApplicationSet generates one for.
 */
export const argoSourcesExist: Check = {
  name: "argo-sources",
  run(tree) {
    const { repoURL, branch } = tree.resolved.platform.platform.gitops;
    const files = new Set(tree.gitops.paths());
    const dirs = new Set([...files].map((p) => p.slice(0, p.lastIndexOf("/"))));
    const all = objectsOf(tree);
    const applications = treeApplications(tree);
    const findings: Finding[] = [];
    for (const { object, label, origin } of all) {
      for (const app of applications.of(object)) {
        const sources = sourcesOf(app.spec);
        const ours = sources.filter((s) => s.repoURL === repoURL && s.targetRevision === branch);
        const at = app.element ? `${app.element}: ` : "";
        for (const s of ours) {
          if (s.path !== undefined && !dirs.has(s.path)) {
            findings.push({ severity: "error", where: label, source: origin.source, message: `${at}source path '${s.path}' does not exist in gitops-out/ (or holds no objects)` });
          }
        }
        const valuesRef = ours.find((s) => s.ref)?.ref;
        for (const s of sources) {
          for (const f of s.helm?.valueFiles ?? []) {
            const m = /^\$(\w+)\/(.*)$/.exec(f);
            if (m && m[1] === valuesRef && !files.has(m[2])) {
              findings.push({ severity: "error", where: label, source: origin.source, message: `${at}values file '${m[2]}' does not exist in gitops-out/` });
            }
          }
        }
      }
    }
    return findings;
  },
};
