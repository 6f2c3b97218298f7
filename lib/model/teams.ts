import { z } from "zod";
import { cpu, email, iamRoleArn, int, memory, name, strict, uuid } from "./common";
import { unique, type Check, type RawPlatform } from "./check";
import { isReservedNamespace, RESERVED_NAMESPACES } from "./reserved";

export const team = strict({
  /** Also the name of the team's namespace on every cluster. */
  name: name(),
  /** Who answers for the team: e-mail addresses. */
  owners: z.array(email).min(1, "a team needs at least one owner"),
  /** The identity provider's group whose members may look into the team's namespaces. @default the team's name */
  group: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9@._:-]{0,127}$/, "must be a group name as the clusters' identity provider gives it").optional(),
  /**
   * Who is the team in each cloud's tokens, so its RoleBindings match what the
   * authenticators send: an IAM role EKS maps to the team's group (access
   * entry), the Google Group GKE sees (Google Groups for RBAC), the Entra ID
   * group's object id AKS sees. @default none: the team's group name only
   */
  access: strict({
    awsRole: iamRoleArn.optional(),
    googleGroup: email.optional(),
    entraGroup: uuid.optional(),
  }).optional(),
  /** The Pod Security Standard the team's namespaces enforce. */
  podSecurity: z.enum(["restricted", "baseline"], { error: "must be one of: restricted, baseline" }).default("restricted"),
  /** Where the team's alerts go; the hub's secret backend holds the routing key and webhook URL. */
  alerts: strict({
    /** Slack channel for tickets (and pages, without PagerDuty); webhook URL at <platform>/<hub>/alerting/<team>, property slack-webhook-url. */
    slack: z.string().regex(/^#[a-z0-9][a-z0-9_-]{0,79}$/, "must be a Slack channel such as #oncall-alerts"),
    /** Pages go to the team's PagerDuty service; routing key at the same secret, property pagerduty-routing-key. */
    pagerduty: z.boolean().default(false),
  }).optional(),
  quota: strict({
    cpu,
    memory,
    pods: int(1, 10000),
  }),
});

export type Team = z.output<typeof team>;

export const checkTeams: Check = (p, add) => {
  unique(p.teams, "teams", "team", add);
  const owner = p.platform.owner;
  const ownerAt = p.teams.findIndex((t) => t.name === owner);
  if (ownerAt >= 0 && p.teams[ownerAt].alerts === undefined) {
    add(`teams[${ownerAt}]`, `'${owner}' owns the platform and receives its alerts and every alert without a team: give it alerts.slack (and pagerduty: true to be paged)`);
  }
  p.teams.forEach((t, i) => {
    if (typeof t.name === "string" && isReservedNamespace(t.name)) {
      add(`teams[${i}].name`, `'${t.name}' is a namespace the platform or Kubernetes owns; reserved: ${RESERVED_NAMESPACES.join(", ")}, kube-*`);
    }
  });
};

/** The teams with an app on `cluster`, as the description is written (apps run on every cluster unless they list some). */
export function teamsOn(p: RawPlatform, cluster: string): any[] {
  const runs = (a: any) => a.clusters === undefined || a.clusters === "all" || (Array.isArray(a.clusters) && a.clusters.includes(cluster));
  const names = new Set(p.apps.filter(runs).map((a) => a.team));
  return p.teams.filter((t) => names.has(t.name));
}
