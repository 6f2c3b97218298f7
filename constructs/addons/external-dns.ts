import type { AddOn } from "../argocd/add-on";
import { awsWebIdentity } from "./aws-web-identity";
import { CHARTS } from "./versions";

/**
 * ExternalDNS: publishes the cluster's own names (ingress.<cluster>.<domain>,
 * <app>.<cluster>.<domain>) in the platform zone; its IAM role may change
 * nothing else there. The owner id keeps clusters out of each other's records.
 * The entry name is the global stack's alone (its weighted records): the
 * routes carry it, so ExternalDNS is told to leave it, or the two would fight.
 */
export const externalDns: AddOn = {
  name: "external-dns",
  namespace: "external-dns",
  ...CHARTS.externalDns,
  syncWave: -15,
  podSecurity: "restricted",
  values(cluster, p) {
    const aws = awsWebIdentity(cluster, p);
    return {
      provider: { name: "aws" },
      domainFilters: [p.domain],
      txtOwnerId: cluster.name,
      txtPrefix: "extdns-",
      policy: "sync",
      extraArgs: [`--exclude-domains=${p.entryFqdn}`],
      sources: ["service", "gateway-httproute"],
      serviceAccount: { name: "external-dns" },
      env: aws ? aws.env : [{ name: "AWS_REGION", value: "us-east-1" }],
      ...(aws ? { extraVolumes: [aws.volume], extraVolumeMounts: [aws.mount] } : {}),
    };
  },
};
