import { sourcesOf } from "./argo-sources";
import { treeApplications } from "./applications";
import { objectsOf, type Check, type Finding } from "./finding";

/** Argo CD's glob for a project's resource lists: `*` matches anything, the rest literally. */
function glob(pattern: string, value: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(value);
}

const listed = (list: readonly { group: string; kind: string }[] | undefined, group: string, kind: string) => (list ?? []).some((r) => glob(r.group, group) && glob(r.kind, kind));

/**
 * Every object an Application syncs from the rendered branch is one its
 * project admits (Argo CD's IsGroupKindPermitted): a namespaced kind on no
 * blacklist and, where the project has one, on its whitelist; a
 * cluster-scoped kind on its cluster whitelist. Argo CD refuses the whole
 * sync otherwise, so a team's Application must never carry what only the
 * platform may write (NetworkPolicies, quotas, roles, Secrets).
 */
export const projectKinds: Check = {
  name: "project-kinds",
  run(tree) {
    const { repoURL, branch } = tree.resolved.platform.platform.gitops;
    const all = objectsOf(tree);
    const projects = new Map(all.filter((o) => o.object.kind === "AppProject").map((o) => [o.object.metadata.name, o.object.spec as any]));
    const byDir = new Map<string, typeof all>();
    for (const o of all) {
      const list = byDir.get(o.chart.dir);
      if (list) list.push(o);
      else byDir.set(o.chart.dir, [o]);
    }
    const applications = treeApplications(tree);
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const { object, label, origin } of all) {
      for (const app of applications.of(object)) {
        const project = projects.get(app.spec.project);
        if (!project) continue;
        for (const s of sourcesOf(app.spec).filter((x) => x.repoURL === repoURL && x.targetRevision === branch && x.path !== undefined)) {
          for (const o of byDir.get(s.path!) ?? []) {
            const group = o.object.apiVersion.includes("/") ? o.object.apiVersion.split("/")[0] : "";
            const kind = o.object.kind;
            const namespaced = o.object.metadata.namespace !== undefined;
            const admitted = namespaced
              ? !listed(project.namespaceResourceBlacklist, group, kind) && (project.namespaceResourceWhitelist === undefined || listed(project.namespaceResourceWhitelist, group, kind))
              : listed(project.clusterResourceWhitelist, group, kind) && !listed(project.clusterResourceBlacklist, group, kind);
            const key = `${app.spec.project}|${s.path}|${o.label}`;
            if (admitted || seen.has(key)) continue;
            seen.add(key);
            findings.push({
              severity: "error",
              where: o.label,
              source: o.origin.source ?? origin.source,
              message: `${group || "core"}/${kind} is not permitted in project '${app.spec.project}', which syncs ${s.path} (${label}); Argo CD would refuse the whole sync`,
            });
          }
        }
      }
    }
    return findings;
  },
};
