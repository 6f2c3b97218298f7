import type { Check } from "./finding";

/**
 * Three etcd servers on one Proxmox node survive the loss of a VM, not of
 * the node: the description names one node, so all of them sit on it.
 * A warning, since a homelab may accept it (singleHost: true); it says what it costs.
 */
export const etcdOnOneNode: Check = {
  name: "proxmox-etcd-placement",
  run: (tree) =>
    tree.resolved.clusters.flatMap((c) => {
      const spec = c.spec;
      if (spec.provider !== "proxmox" || spec.nodes.system.count < 3 || spec.singleHost) return [];
      return [
        {
          severity: "warning" as const,
          where: c.name,
          source: `clusters[${c.index}].node`,
          message: `all ${spec.nodes.system.count} K3s servers (etcd) run on Proxmox node '${spec.node}': they survive a VM, not the node; a failure of ${spec.node} stops the cluster until it is back (keep etcd snapshots off the host: runbooks/replace-a-k3s-node.md); set singleHost: true to accept it`,
        },
      ];
    }),
};
