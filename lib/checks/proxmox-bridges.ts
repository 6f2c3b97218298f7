import { laterClaims, type Check } from "./finding";

/** Two stacks may not create the same Linux bridge on one Proxmox node: the second apply would take over the first's. */
export const oneProxmoxBridgePerName: Check = {
  name: "proxmox-bridges",
  run: (tree) =>
    laterClaims(
      tree.stacks.flatMap((stack) => {
        const endpoint = stack.json.provider?.proxmox?.[0]?.endpoint;
        const bridges = stack.json.resource?.proxmox_network_linux_bridge ?? {};
        return Object.entries<any>(bridges).map(([id, bridge]) => ({ key: `${endpoint} ${bridge.node_name} ${bridge.name}`, owner: stack.name, id, bridge, stack: stack.name }));
      }),
    ).map(({ claim, first }) => ({
      severity: "error",
      where: `${claim.stack}/${claim.id}`,
      source: `clusters[${tree.resolved.cluster(claim.stack).index}].network`,
      message: `bridge ${claim.bridge.name} on node ${claim.bridge.node_name} is also created by stack ${first}; give the clusters ranges whose second octets differ`,
    })),
};
