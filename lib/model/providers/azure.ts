import { z } from "zod";
import { strict, uuid } from "../common";
import type { Check } from "../check";
import { cloudNetwork, clusterBase, region } from "../clusters";

export const azureCluster = strict({
  ...clusterBase,
  provider: z.literal("azure"),
  region: region(/^[a-z]+[a-z0-9]*$/, "westeurope"),
  network: cloudNetwork(z.enum(["1", "2", "3"], { error: "must be an availability zone: 1, 2 or 3" })),
  /** The subscription the cluster's resources and budget live in. */
  subscription: uuid,
  /** The Entra ID group whose members administer the cluster and write its Key Vault secrets (local accounts are off). */
  adminGroup: uuid,
});

export type AzureCluster = z.output<typeof azureCluster>;

/** An Azure NAT gateway serves one zone and a subnet takes one gateway: there is no NAT per zone to ask for. */
export const checkAzure: Check = (p, add) =>
  p.clusters.forEach((c, i) => {
    if (c?.provider === "azure" && c.network?.natPerZone === true) {
      add(`clusters[${i}].network.natPerZone`, "is not available on azure: AKS's node subnet takes one NAT gateway; leave it out");
    }
  });
