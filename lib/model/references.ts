import { overlaps, parseCidr } from "./cidr";
import type { Issue } from "./errors";

/** The stack of the public entry point; no cluster may take its name. */
export const GLOBAL_STACK = "global";
import type { Platform } from "./schema";

/** A team's namespace is named after the team; these belong to Kubernetes and Argo CD. */
const RESERVED_NAMESPACES = ["default", "argocd"];

/** Checks that need the whole description: uniqueness, references, overlaps. */
export function checkReferences(p: Platform): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  unique(p.clusters, "clusters", "cluster", add);
  unique(p.teams, "teams", "team", add);
  unique(p.apps, "apps", "app", add);

  p.clusters.forEach((c, i) => {
    if (c.name === GLOBAL_STACK) add(`clusters[${i}].name`, `'${GLOBAL_STACK}' is the name of the global stack; pick another cluster name`);
  });
  p.teams.forEach((t, i) => {
    if (RESERVED_NAMESPACES.includes(t.name) || t.name.startsWith("kube-")) {
      add(`teams[${i}].name`, `'${t.name}' is a namespace the platform or Kubernetes owns; reserved: ${RESERVED_NAMESPACES.join(", ")}, kube-*`);
    }
  });
  const clusterNames = p.clusters.map((c) => c.name);
  const teamNames = p.teams.map((t) => t.name);
  if (!clusterNames.includes(p.platform.gitops.hub)) {
    add("platform.gitops.hub", `'${p.platform.gitops.hub}' is not a cluster; allowed: ${clusterNames.join(", ")}`);
  }
  if (!p.clusters.some((c) => c.traffic === "active")) {
    add("clusters", "at least one cluster must have traffic: active, or the public entry point has nowhere to send users");
  }

  p.clusters.forEach((a, i) => {
    const ca = parseCidr(a.network.cidr)!;
    p.clusters.slice(0, i).forEach((b, j) => {
      if (overlaps(ca, parseCidr(b.network.cidr)!)) {
        add(`clusters[${i}].network.cidr`, `${a.network.cidr} overlaps ${b.network.cidr} of cluster '${b.name}' (clusters[${j}]); give each cluster its own range`);
      }
    });
  });

  p.apps.forEach((app, i) => {
    if (!teamNames.includes(app.team)) {
      add(`apps[${i}].team`, `'${app.team}' is not a team; allowed: ${teamNames.join(", ") || "(no teams are described)"}`);
    }
    if (app.clusters !== "all") {
      app.clusters.forEach((name, k) => {
        if (!clusterNames.includes(name)) {
          add(`apps[${i}].clusters[${k}]`, `'${name}' is not a cluster; allowed: all, ${clusterNames.join(", ")}`);
        }
      });
    }
    unique(app.components ?? [], `apps[${i}].components`, "component", add);
  });
  return issues;
}

function unique(
  items: readonly { name: string }[],
  path: string,
  what: string,
  add: (path: string, message: string) => void,
): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const seen = first.get(item.name);
    if (seen === undefined) first.set(item.name, i);
    else add(`${path}[${i}].name`, `duplicate ${what} name '${item.name}' (first at ${path}[${seen}]); names must be unique`);
  });
}
