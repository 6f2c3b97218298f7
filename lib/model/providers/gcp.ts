import { z } from "zod";
import { strict } from "../common";
import { cloudNetwork, clusterBase, region } from "../clusters";
import type { Check } from "../check";

export const gcpCluster = strict({
  ...clusterBase,
  provider: z.literal("gcp"),
  region: region(/^[a-z]+-[a-z]+\d+$/, "europe-west4"),
  network: cloudNetwork(z.string().regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, "must be a zone such as europe-west4-a")),
  /** The GCP project the cluster lives in. */
  project: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, "must be a GCP project id: 6-30 lowercase letters, digits or '-'"),
  /** The billing account the cluster's budget watches, such as 012345-6789AB-CDEF01. */
  billingAccount: z.string().regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, "must be a billing account id such as 012345-6789AB-CDEF01"),
});

export type GcpCluster = z.output<typeof gcpCluster>;

/** Zones belong to the cluster's region. */
export const checkGcp: Check = (p, add) =>
  p.clusters.forEach((c, i) => {
    if (c?.provider !== "gcp" || typeof c.region !== "string") return;
    (Array.isArray(c.network?.zones) ? c.network.zones : []).forEach((zone: unknown, k: number) => {
      if (typeof zone === "string" && !zone.startsWith(`${c.region}-`)) {
        add(`clusters[${i}].network.zones[${k}]`, `'${zone}' is not a zone of ${c.region}; use ${c.region}-a, ${c.region}-b, ...`);
      }
    });
  });
