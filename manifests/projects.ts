import type { AddOn } from "../constructs/argocd/add-on";
import { appProject } from "../constructs/argocd/app-project";
import { ARGOCD_NAMESPACE, IN_CLUSTER_SERVER, type ArgoDestination } from "../constructs/argocd/types";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import type { Team } from "../lib/model/schema";
import { destination } from "./delivery";

export const PLATFORM_PROJECT = "platform";

/** Team projects carry a prefix, so no team name can take the platform's project or Argo CD's default. */
export function teamProjectName(team: string): string {
  return `team-${team}`;
}

/** Kinds a team may not change in its own namespace: the platform owns them, and secrets come by reference only. */
const PLATFORM_OWNED = [
  { group: "", kind: "ResourceQuota" },
  { group: "", kind: "LimitRange" },
  { group: "", kind: "Secret" },
  { group: "networking.k8s.io", kind: "NetworkPolicy" },
  { group: "rbac.authorization.k8s.io", kind: "Role" },
  { group: "rbac.authorization.k8s.io", kind: "RoleBinding" },
  { group: "external-secrets.io", kind: "ExternalSecret" },
  { group: "external-secrets.io", kind: "SecretStore" },
  { group: "external-secrets.io", kind: "PushSecret" },
];

/** The platform's project: the rendered branch and the add-ons' charts, anywhere on the given clusters. */
export function platformProject(p: Resolved, clusters: readonly ResolvedCluster[], addOns: (c: ResolvedCluster) => readonly AddOn[]) {
  const repos = new Set([p.platform.platform.gitops.repoURL]);
  for (const c of clusters) for (const a of addOns(c)) repos.add(a.repoURL);
  return appProject({
    name: PLATFORM_PROJECT,
    namespace: ARGOCD_NAMESPACE,
    description: "Platform components that basecamp renders for every cluster",
    sourceRepos: [...repos].sort(),
    // The hub also by its address: until its own cluster Secret exists (an ExternalSecret, which needs External Secrets,
    // which this project installs) Argo CD calls it in-cluster, and a destination by name alone would refuse it.
    destinations: clusters.flatMap((c): ArgoDestination[] => [destination(c, "*"), ...(c.isHub ? [{ server: IN_CLUSTER_SERVER, namespace: "*" }] : [])]),
    clusterResources: [{ group: "*", kind: "*" }],
  });
}

function teamRole(project: string, group: string) {
  const allow = (resource: string, action: string) => `p, proj:${project}:team, ${resource}, ${action}, ${project}/*, allow`;
  return { name: "team", description: `the team's SSO group (${group})`, groups: [group], policies: [allow("applications", "get"), allow("applications", "sync"), allow("logs", "get")] };
}

/** A team's project: only the rendered branch, only its namespace on the clusters it runs on, no cluster-scoped kinds. */
export function teamProject(p: Resolved, team: Team, clusters: readonly ResolvedCluster[]) {
  return appProject({
    name: teamProjectName(team.name),
    namespace: ARGOCD_NAMESPACE,
    description: `Apps of team ${team.name} (${team.owners.join(", ")})`,
    sourceRepos: [p.platform.platform.gitops.repoURL],
    destinations: clusters.map((c) => destination(c, team.name)),
    deniedNamespaceResources: PLATFORM_OWNED,
    // With SSO, the team's group sees its apps, syncs them and reads their logs; nothing else of anyone's.
    roles: p.platform.platform.gitops.sso ? [teamRole(teamProjectName(team.name), team.group ?? team.name)] : undefined,
  });
}
