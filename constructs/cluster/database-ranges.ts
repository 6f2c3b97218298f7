import { formatCidr, parseCidr, subnet } from "../../lib/model/cidr";
import type { Cluster } from "../../lib/model/schema";
import { gcpLayout } from "../gcp/gcp-network";

/**
 * Where a cluster's managed databases live, for the NetworkPolicies that let
 * a team's pods reach them: the AWS database subnets, GCP's private service
 * range, Azure's delegated subnet. None on Proxmox, whose databases run in
 * the team's own namespace.
 */
export function databaseRanges(c: Cluster): string[] {
  const range = parseCidr(c.network.cidr)!;
  switch (c.provider) {
    case "aws":
      return c.network.zones.map((_, i) => formatCidr(subnet(range, 4, 2 * c.network.zones.length + i)));
    case "gcp":
      return [formatCidr(gcpLayout(range).serviceNetworking)];
    case "azure":
      return [formatCidr(subnet(range, 4, 1))];
    case "proxmox":
      return [];
  }
}
