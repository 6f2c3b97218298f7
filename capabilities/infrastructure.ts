import type { Capability } from "../lib/capability";
import { oneProxmoxBridgePerName } from "../lib/checks/proxmox-bridges";
import { etcdOnOneNode } from "../lib/checks/proxmox-etcd";
import { eksAdmins } from "../lib/checks/eks-admins";
import { addStacks } from "../infra/platform-stacks";
import { pullBootstrap } from "../manifests/pull-bootstrap";

/** The state stores, one Terraform stack per cluster, and the global entry point. */
export const infrastructure: Capability = {
  name: "infrastructure",
  stacks: (app, ctx) => addStacks(app, ctx, (name) => pullBootstrap(ctx.resolved, ctx.resolved.cluster(name), ctx.addOns(ctx.resolved.cluster(name)))),
  checks: [oneProxmoxBridgePerName, etcdOnOneNode, eksAdmins],
};
