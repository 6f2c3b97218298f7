import type { App } from "cdktf";
import type { SynthContext } from "../lib/capability";
import type { PullBootstrap } from "../constructs/proxmox/proxmox-kit";
import { BootstrapAzureStack, BootstrapGcpStack, BootstrapStack } from "./bootstrap-stack";
import { ClusterStack } from "./cluster-stack";
import { GlobalStack } from "./global-stack";
import { kits } from "./kits";
import { bySet } from "../constructs/argocd/add-on";

/** The Terraform stacks of a pass: one per cluster it builds; the state stores and the public entry point in the shared pass. */
export function addStacks(app: App, ctx: SynthContext, bootstrap: PullBootstrap): void {
  const p = ctx.resolved;
  const kit = kits(bootstrap);
  const st = p.platform.platform.state;
  if (ctx.shared) {
    new BootstrapStack(app, p);
    if (st.gcp) new BootstrapGcpStack(app, p, st.gcp);
    if (st.azure) new BootstrapAzureStack(app, p, st.azure);
    new GlobalStack(app, p);
  }
  for (const cluster of ctx.clusters) {
    new ClusterStack(app, p, cluster, kit[cluster.provider], { addOns: ctx.addOns(cluster).filter((a) => bySet(a, cluster)).map((a) => a.name) });
  }
}
