import type { Flow, PodSelector } from "../../constructs/cluster/flows";
import { TRAITS } from "../../constructs/cluster/traits";
import { contains, parseCidr } from "../model/cidr";
import { objectsOf, type Check, type Finding } from "./finding";

/** Labels of a pod that a selector picks, as an example (a key that must exist gets a value). */
function examplePod(s: PodSelector | undefined): Record<string, string> {
  const labels: Record<string, string> = { ...s?.matchLabels };
  for (const e of s?.matchExpressions ?? []) labels[e.key] = e.operator === "In" ? (e.values ?? [""])[0] : "any";
  return labels;
}

/** Whether a NetworkPolicy selector (matchLabels, matchExpressions Exists/In/NotIn/DoesNotExist) picks `labels`. */
export function selects(s: any, labels: Record<string, string>): boolean {
  if (!s) return true;
  const eq = Object.entries<string>(s.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const ex = (s.matchExpressions ?? []).every((e: any) => {
    const has = e.key in labels;
    if (e.operator === "Exists") return has;
    if (e.operator === "DoesNotExist") return !has;
    if (e.operator === "In") return has && e.values.includes(labels[e.key]);
    if (e.operator === "NotIn") return !has || !e.values.includes(labels[e.key]);
    return false;
  });
  return eq && ex;
}

function portsAllow(rulePorts: any[] | undefined, ports: readonly number[]): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  return ports.every((p) => rulePorts.some((r) => (r.protocol ?? "TCP") === "TCP" && (r.port === undefined || r.port === p || (typeof r.endPort === "number" && p >= r.port && p <= r.endPort))));
}

/** Whether Kubernetes lets `flow` through the policies of its namespace (those that select its pods for its direction). */
export function flowAllowed(flow: Flow, policies: readonly any[]): boolean {
  const type = flow.direction === "ingress" ? "Ingress" : "Egress";
  const pod = examplePod(flow.pods);
  const relevant = policies.filter((p) => p.metadata.namespace === flow.namespace && (p.spec.policyTypes ?? ["Ingress"]).includes(type) && selects(p.spec.podSelector, pod));
  // No policy selects the pods for this direction: everything is allowed.
  if (relevant.length === 0) return true;
  return relevant.some((p) =>
    ((flow.direction === "ingress" ? p.spec.ingress : p.spec.egress) ?? []).some((rule: any) => {
      if (!portsAllow(rule.ports, flow.ports)) return false;
      const peers = (flow.direction === "ingress" ? rule.from : rule.to) ?? [];
      if (peers.length === 0) return true;
      if ("cidrs" in flow.peer) {
        const cidrs = flow.peer.cidrs;
        return cidrs.every((c) => peers.some((x: any) => x.ipBlock && contains(parseCidr(x.ipBlock.cidr)!, parseCidr(c)!)));
      }
      const peer = flow.peer;
      const nsLabels = { "kubernetes.io/metadata.name": peer.namespace };
      return peers.some((x: any) => {
        if (x.ipBlock) return false;
        const nsOk = x.namespaceSelector ? selects(x.namespaceSelector, nsLabels) : peer.namespace === flow.namespace;
        return nsOk && selects(x.podSelector, examplePod(peer.pods));
      });
    }),
  );
}

/**
 * Every flow an add-on declares into or out of a team's namespace is let
 * through by the NetworkPolicies rendered there, on every cluster that
 * enforces them: an operator fenced out of its own instances stalls them.
 */
export const flowsAllowed: Check = {
  name: "flows",
  run(tree) {
    const findings: Finding[] = [];
    const objects = objectsOf(tree);
    for (const cluster of tree.resolved.clusters) {
      if (!TRAITS[cluster.provider].enforcesNetworkPolicy) continue;
      const policies = objects.filter((o) => o.chart.cluster === cluster.name && o.object.kind === "NetworkPolicy").map((o) => o.object);
      for (const addOn of tree.addOns(cluster)) {
        for (const flow of addOn.flows?.(cluster, tree.resolved) ?? []) {
          if (!flowAllowed(flow, policies)) {
            const peer = "cidrs" in flow.peer ? flow.peer.cidrs.join(", ") : `namespace ${flow.peer.namespace}`;
            findings.push({
              severity: "error",
              where: `${cluster.name}/${flow.namespace}`,
              source: `clusters[${cluster.index}]`,
              message: `add-on ${addOn.name} needs ${flow.direction} ${flow.direction === "ingress" ? "from" : "to"} ${peer} on ${flow.ports.join(", ")} (${flow.name}), which the NetworkPolicies of ${flow.namespace} refuse`,
            });
          }
        }
      }
    }
    return findings;
  },
};
