import { fitName } from "../cluster/names";

/** The resource group of a cluster's network, cluster and databases. */
export function azureResourceGroup(cluster: string): string {
  return `rg-${cluster}`;
}

/** A flexible server's name: unique across Azure, so the platform's name leads. */
export function flexibleServerName(platform: string, cluster: string, app: string): string {
  return fitName(`${platform}-${cluster}-${app}`, 63);
}

/** Its Azure resource id, known before apply: the metrics reader names its targets by it. */
export function flexibleServerId(subscription: string, cluster: string, server: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${azureResourceGroup(cluster)}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${server}`;
}
