import type { NodeSize } from "./common";

/**
 * The machine type of each node size on each cloud: the kits build with it, the cost estimate prices it. One
 * meaning everywhere: small is 2 vCPU / 8 GB, medium 4 / 16, large 8 / 32 (a test holds the price table to it).
 */
export const MACHINE_TYPES = {
  aws: { small: "t3.large", medium: "m6i.xlarge", large: "m6i.2xlarge" },
  gcp: { small: "e2-standard-2", medium: "e2-standard-4", large: "e2-standard-8" },
  azure: { small: "Standard_D2s_v5", medium: "Standard_D4s_v5", large: "Standard_D8s_v5" },
} as const satisfies Record<"aws" | "gcp" | "azure", Record<NodeSize, string>>;
