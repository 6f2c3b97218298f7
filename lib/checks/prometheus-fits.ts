import { CLOUDS } from "../cost/prices";
import { MACHINE_TYPES } from "../model/node-sizes";
import type { Check, Finding } from "./finding";

/** Of a node's memory, what pods may take: the rest is the kubelet's, the system's and the daemons'. */
const ALLOCATABLE = 0.75;

/**
 * Each cluster's Prometheus fits one of its workload nodes: its memory
 * limit (on the hub a gigabyte for each cluster it holds, twice over) at
 * most three quarters of the node's memory. Otherwise it cannot schedule
 * (or is evicted), and every alert goes silent; the fix is a larger size.
 */
export const prometheusFits: Check = {
  name: "prometheus-fits",
  run(tree) {
    const findings: Finding[] = [];
    for (const c of tree.resolved.clusters) {
      if (c.provider === "proxmox") continue;
      const stack = tree.addOns(c).find((a) => a.name === "kube-prometheus-stack");
      const limit = String((stack?.values(c, tree.resolved) as any)?.prometheus?.prometheusSpec?.resources?.limits?.memory ?? "");
      const gi = /^(\d+(?:\.\d+)?)Gi$/.exec(limit);
      if (!gi) continue;
      const size = c.spec.nodes.workload.size;
      const node = CLOUDS[c.provider].machines[MACHINE_TYPES[c.provider][size]];
      if (Number(gi[1]) > node.memoryGb * ALLOCATABLE) {
        findings.push({
          severity: "warning",
          where: `${c.name}/values/kube-prometheus-stack.yaml`,
          source: `clusters[${c.index}].nodes.workload.size`,
          message: `Prometheus may take ${limit}, more than a ${size} node's ${node.memoryGb} GB leaves for pods (${node.memoryGb * ALLOCATABLE} GB): choose a larger size`,
        });
      }
    }
    return findings;
  },
};
