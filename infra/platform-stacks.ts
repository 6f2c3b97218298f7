import type { App } from "cdktf";
import type { Platform } from "../lib/model/schema";
import { ClusterStack } from "./cluster-stack";
import { GlobalStack } from "./global-stack";

/** All Terraform stacks of a platform: one per cluster, then the global one. */
export function addStacks(app: App, platform: Platform): void {
  for (const cluster of platform.clusters) new ClusterStack(app, platform, cluster);
  new GlobalStack(app, platform);
}
