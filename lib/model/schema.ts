import { z } from "zod";
import { app, checkApps } from "./apps";
import type { Check } from "./check";
import { checkClusters } from "./clusters";
import { checkPlatform, platformSection, retired } from "./platform";
import { awsCluster, checkAws } from "./providers/aws";
import { azureCluster, checkAzure } from "./providers/azure";
import { checkGcp, gcpCluster } from "./providers/gcp";
import { checkGuardrails, guardrails } from "./guardrails";
import { checkProxmox, proxmoxCluster } from "./providers/proxmox";
import { checkRetired } from "./retired";
import { checkNoSecrets } from "./secrets";
import { checkSlos } from "./slo";
import { checkTeams, team } from "./teams";

export const PROVIDERS = ["aws", "gcp", "azure", "proxmox"] as const;

const cluster = z.discriminatedUnion("provider", [awsCluster, gcpCluster, azureCluster, proxmoxCluster], {
  error: (iss) => (iss.code === "invalid_union" ? `'provider' must be one of: ${PROVIDERS.join(", ")}` : undefined),
});

/** The schema of platform.yaml, composed from one file per concern. */
export const platformSchema = z.strictObject(
  {
    platform: platformSection,
    clusters: z.array(cluster).min(1, "describe at least one cluster"),
    teams: z.array(team).default([]),
    apps: z.array(app).default([]),
    guardrails,
    retired: retired.default({ clusters: [], databases: [] }),
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `unknown key${iss.keys.length > 1 ? "s" : ""} ${iss.keys.map((k) => `'${k}'`).join(", ")}; allowed: platform, clusters, teams, apps, guardrails, retired`
        : undefined,
  },
);

/** The cross-checks of every concern; each reads the description as written. */
export const MODEL_CHECKS: readonly Check[] = [checkPlatform, checkClusters, checkAws, checkGcp, checkAzure, checkProxmox, checkTeams, checkApps, checkSlos, checkGuardrails, checkRetired, checkNoSecrets];

/** platform.yaml as written (before defaults). */
export type PlatformInput = z.input<typeof platformSchema>;
/** platform.yaml after validation and defaults. */
export type Platform = z.output<typeof platformSchema>;
export type Cluster = Platform["clusters"][number];
export type Provider = Cluster["provider"];
export type { App } from "./apps";
export type { Team } from "./teams";
export type { AwsCluster } from "./providers/aws";
export type { GcpCluster } from "./providers/gcp";
export type { AzureCluster } from "./providers/azure";
export type { ProxmoxCluster } from "./providers/proxmox";
