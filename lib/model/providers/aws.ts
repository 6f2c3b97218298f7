import { z } from "zod";
import { strict } from "../common";
import { cloudNetwork, clusterBase, region } from "../clusters";
import type { Check } from "../check";
import { EKS_RELEASES } from "../../../constructs/aws/eks-addons";

const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export const awsCluster = strict({
  ...clusterBase,
  provider: z.literal("aws"),
  region: region(AWS_REGION, "eu-west-1"),
  network: cloudNetwork(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "must be an availability zone such as eu-west-1a")),
});

export type AwsCluster = z.output<typeof awsCluster>;

/** Zones belong to the cluster's region; the version has pinned EKS add-ons. */
export const checkAws: Check = (p, add) =>
  p.clusters.forEach((c, i) => {
    if (c?.provider !== "aws") return;
    const version = c.kubernetesVersion;
    if (typeof version === "string" && /^1\.\d{2}$/.test(version) && !EKS_RELEASES[version]) {
      add(`clusters[${i}].kubernetesVersion`, `no EKS add-on versions are pinned for ${version} (constructs/aws/eks-addons.ts); allowed on aws: ${Object.keys(EKS_RELEASES).join(", ")}`);
    }
    if (typeof c.region !== "string") return;
    (Array.isArray(c.network?.zones) ? c.network.zones : []).forEach((zone: unknown, k: number) => {
      if (typeof zone === "string" && !zone.startsWith(c.region)) {
        add(`clusters[${i}].network.zones[${k}]`, `'${zone}' is not a zone of ${c.region}; use ${c.region}a, ${c.region}b, ...`);
      }
    });
  });
