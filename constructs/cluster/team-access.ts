import type { Provider } from "../../lib/model/schema";

/** A team as the clusters' authenticators know it. */
export interface TeamAccess {
  readonly name: string;
  /** The group name EKS access entries and K3s use. @default the team's name */
  readonly group?: string;
  readonly access?: { readonly awsRole?: string; readonly googleGroup?: string; readonly entraGroup?: string };
}

/**
 * The group a team's RoleBinding names on a cluster of `provider`: what that
 * provider's authenticator puts in the team's tokens. EKS: the group its
 * access entry maps the team's IAM role to; GKE: the Google Group's address
 * (Google Groups for RBAC); AKS: the Entra group's object id; K3s: the name.
 */
export function teamGroup(team: TeamAccess, provider: Provider): string {
  const name = team.group ?? team.name;
  if (provider === "gcp") return team.access?.googleGroup ?? name;
  if (provider === "azure") return team.access?.entraGroup ?? name;
  return name;
}
