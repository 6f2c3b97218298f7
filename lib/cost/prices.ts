import { MACHINE_TYPES } from "../model/node-sizes";
import type { ResolvedCluster } from "../model/resolve";

/**
 * List prices, on demand, in US dollars, as of PRICES_DATE: what
 * `npm run cost` estimates with and what OpenCost allocates with. Sources
 * are listed in the README (Cost); rows marked "est." had no public page
 * to cite and are the best-known list price. Revisit with every review of
 * the budget; a month is 730 hours.
 */
export const PRICES_DATE = "2026-11-22";
export const HOURS_PER_MONTH = 730;

export interface Machine {
  readonly hourly: number;
  readonly vcpus: number;
  readonly memoryGb: number;
}

export interface CloudPrices {
  /** The region whose list prices these are; a cluster elsewhere is estimated with them, with a warning. */
  readonly region: string;
  /** The managed control plane, per cluster-hour. */
  readonly controlPlane: number;
  readonly machines: Readonly<Record<string, Machine>>;
  /** Managed PostgreSQL by instance class: one instance per hour; HA doubles it. */
  readonly databases: Readonly<Record<string, number>>;
  /** Database storage, per GB-month (HA doubles it). */
  readonly databaseStorageGbMonth: number;
  /** A NAT gateway per hour (with its public address). */
  readonly natGateway: number;
  /** Cloud NAT's charge per VM-hour, up to a number of VMs (GCP); none where NAT is priced per gateway. */
  readonly natPerVm?: { readonly hourly: number; readonly cap: number };
  /** The load balancer in front of a cluster's Gateway, per hour (with its public address). */
  readonly loadBalancer: number;
  /** Block storage for persistent volumes, per GB-month. */
  readonly diskGbMonth: number;
  /** Secrets of the secret backend, per secret-month. */
  readonly secret: number;
}

/** eu-west-1, where the list prices differ by region (the shipped clusters' regions). */
export const AWS: CloudPrices = {
  region: "eu-west-1",
  controlPlane: 0.1,
  machines: {
    "t3.large": { hourly: 0.0912, vcpus: 2, memoryGb: 8 },
    "m6i.xlarge": { hourly: 0.214, vcpus: 4, memoryGb: 16 },
    "m6i.2xlarge": { hourly: 0.428, vcpus: 8, memoryGb: 32 },
  },
  // est.: eu-west-1 is about 1.09x us-east-1 (db.t4g.medium 0.065 there).
  databases: { "db.t4g.medium": 0.071, "db.m7g.large": 0.183, "db.m7g.xlarge": 0.366 },
  databaseStorageGbMonth: 0.127, // est.
  natGateway: 0.048 + 0.005, // est. (Europe 0.048-0.052), plus its IPv4 address
  loadBalancer: 0.0252 + 0.005 * 2, // est. NLB, plus an address in each of two zones
  diskGbMonth: 0.088, // est. gp3
  secret: 0.4,
};

/** europe-west4. */
export const GCP: CloudPrices = {
  region: "europe-west4",
  controlPlane: 0.1,
  machines: {
    "e2-standard-2": { hourly: 0.0738, vcpus: 2, memoryGb: 8 },
    "e2-standard-4": { hourly: 0.1475, vcpus: 4, memoryGb: 16 },
    "e2-standard-8": { hourly: 0.2951, vcpus: 8, memoryGb: 32 },
  },
  // est.: 1.10x the us-central1 rates (0.0413 per vCPU-hour, 0.0070 per GB-hour).
  databases: { "db-custom-2-7680": 0.149, "db-custom-4-15360": 0.297, "db-custom-8-30720": 0.594 },
  databaseStorageGbMonth: 0.187, // est.
  natGateway: 0.005, // Cloud NAT's address; the gateway itself is priced per VM
  natPerVm: { hourly: 0.0014, cap: 32 }, // per VM-hour, up to 32 VMs (0.044 an hour beyond)
  loadBalancer: 0.025 + 0.005,
  diskGbMonth: 0.11, // est. pd-balanced
  secret: 0.06,
};

/** westeurope. */
export const AZURE: CloudPrices = {
  region: "westeurope",
  controlPlane: 0.1, // the Standard tier, with its uptime SLA
  machines: {
    Standard_D2s_v5: { hourly: 0.115, vcpus: 2, memoryGb: 8 },
    Standard_D4s_v5: { hourly: 0.23, vcpus: 4, memoryGb: 16 },
    Standard_D8s_v5: { hourly: 0.46, vcpus: 8, memoryGb: 32 },
  },
  // est. (East US about 0.178 for D2ds).
  databases: { GP_Standard_D2ds_v5: 0.206, GP_Standard_D4ds_v5: 0.412, GP_Standard_D8ds_v5: 0.824 },
  databaseStorageGbMonth: 0.13, // est.
  natGateway: 0.045 + 0.005,
  loadBalancer: 0.025 + 0.005,
  diskGbMonth: 0.17, // est. Premium SSD by the GB (P10: about 21.7 for 128 GB)
  secret: 0.03,
};

/**
 * The homelab: electricity for what the VMs draw, and the hardware's
 * depreciation, per vCPU. Judgement, not a list price: a small 8-core
 * server drawing about 50 W under the platform's load at the EU average of
 * EUR 0.29/kWh (Eurostat, H1 2025; about USD 0.33), and bought for about
 * USD 700 written off over 36 months.
 */
export const HOMELAB = {
  kwh: 0.33,
  wattsPerVcpu: 6,
  depreciationPerVcpuMonth: 2.5,
  /** Storage on the node's disks, per GB-month (the disks' share of the depreciation). */
  diskGbMonth: 0.02,
};

/** The global stack's records and checks. */
export const DNS = { zoneMonth: 0.5, healthCheckMonth: 0.75 + 2, secretMonth: 0.4 };

export const CLOUDS = { aws: AWS, gcp: GCP, azure: AZURE } as const;

/** A homelab vCPU, per month. */
export function homelabVcpuMonth(): number {
  return (HOMELAB.wattsPerVcpu * HOURS_PER_MONTH * HOMELAB.kwh) / 1000 + HOMELAB.depreciationPerVcpuMonth;
}

/**
 * OpenCost's custom pricing for a cluster (hourly rates per vCPU, per GB of
 * memory and per GB of storage), from the price of its workload machines:
 * 70% of a machine's price for its vCPUs, 30% for its memory.
 */
export function customPricing(cluster: ResolvedCluster): Record<string, string> {
  const size = cluster.spec.nodes.workload.size;
  let cpu: number;
  let ram: number;
  let disk: number;
  if (cluster.provider === "proxmox") {
    cpu = homelabVcpuMonth() / HOURS_PER_MONTH;
    ram = 0;
    disk = HOMELAB.diskGbMonth / HOURS_PER_MONTH;
  } else {
    const cloud = CLOUDS[cluster.provider];
    const m = cloud.machines[MACHINE_TYPES[cluster.provider][size]];
    cpu = (m.hourly * 0.7) / m.vcpus;
    ram = (m.hourly * 0.3) / m.memoryGb;
    disk = cloud.diskGbMonth / HOURS_PER_MONTH;
  }
  const rate = (n: number) => n.toFixed(6);
  return { description: `basecamp price table of ${PRICES_DATE}`, CPU: rate(cpu), spotCPU: rate(cpu), RAM: rate(ram), spotRAM: rate(ram), GPU: "0", storage: rate(disk) };
}
