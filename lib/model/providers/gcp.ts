import { z } from "zod";
import { strict } from "../common";
import { cloudNetwork, clusterBase, region } from "../clusters";
import type { Check } from "../check";
import { teamsOn } from "../teams";

export const gcpCluster = strict({
  ...clusterBase,
  provider: z.literal("gcp"),
  region: region(/^[a-z]+-[a-z]+\d+$/, "europe-west4"),
  network: cloudNetwork(z.string().regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, "must be a zone such as europe-west4-a")),
  /** The GCP project the cluster lives in. */
  project: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, "must be a GCP project id: 6-30 lowercase letters, digits or '-'"),
  /** The billing account the cluster's budget watches, such as 012345-6789AB-CDEF01. */
  billingAccount: z.string().regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, "must be a billing account id such as 012345-6789AB-CDEF01"),
  /**
   * The Google Group that holds the groups GKE may see in tokens (Google
   * Groups for RBAC); needed when a team on the cluster names a googleGroup.
   */
  securityGroup: z.string().regex(/^gke-security-groups@([a-z0-9-]+\.)+[a-z]{2,63}$/, "must be gke-security-groups@<your Google Workspace domain>").optional(),
});

export type GcpCluster = z.output<typeof gcpCluster>;

/** Zones belong to the cluster's region; a cluster whose teams name Google Groups has the security group. */
export const checkGcp: Check = (p, add) =>
  p.clusters.forEach((c, i) => {
    if (c?.provider !== "gcp") return;
    if (c.securityGroup === undefined && typeof c.name === "string") {
      const named = teamsOn(p, c.name).filter((t) => typeof t.access?.googleGroup === "string");
      if (named.length > 0) add(`clusters[${i}]`, `team '${named[0].name}' names a googleGroup, which GKE sees only with Google Groups for RBAC: set securityGroup: gke-security-groups@<your domain>`);
    }
    if (typeof c.region !== "string") return;
    (Array.isArray(c.network?.zones) ? c.network.zones : []).forEach((zone: unknown, k: number) => {
      if (typeof zone === "string" && !zone.startsWith(`${c.region}-`)) {
        add(`clusters[${i}].network.zones[${k}]`, `'${zone}' is not a zone of ${c.region}; use ${c.region}-a, ${c.region}-b, ...`);
      }
    });
  });
