import { contains, parseCidr } from "../../lib/model/cidr";
import { selects } from "../../lib/checks/flows";

/** One end of a connection: a pod (its namespace and labels), or an address outside the cluster's pods. */
export type End = { readonly ns: string; readonly labels: Record<string, string> } | { readonly ip: string };

const nsLabels = (ns: string) => ({ "kubernetes.io/metadata.name": ns });

function peerMatches(peer: any, other: End, policyNs: string): boolean {
  if ("ip" in other) return !!peer.ipBlock && contains(parseCidr(peer.ipBlock.cidr)!, parseCidr(`${other.ip}/32`)!);
  if (peer.ipBlock) return false;
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, nsLabels(other.ns)) : other.ns === policyNs;
  return nsOk && selects(peer.podSelector, other.labels);
}

const portOk = (ports: any[] | undefined, port: number) => !ports || ports.length === 0 || ports.some((p) => (p.protocol ?? "TCP") === "TCP" && (p.port === undefined || p.port === port));

/** Whether one side's policies let the connection through (no policy selecting the pod for the direction: open). */
function side(policies: readonly any[], pod: { ns: string; labels: Record<string, string> }, type: "Ingress" | "Egress", other: End, port: number): boolean {
  const relevant = policies.filter((p) => p.metadata.namespace === pod.ns && (p.spec.policyTypes ?? ["Ingress"]).includes(type) && selects(p.spec.podSelector, pod.labels));
  if (relevant.length === 0) return true;
  return relevant.some((p) =>
    ((type === "Ingress" ? p.spec.ingress : p.spec.egress) ?? []).some((rule: any) => {
      if (!portOk(rule.ports, port)) return false;
      const peers = (type === "Ingress" ? rule.from : rule.to) ?? [];
      return peers.length === 0 || peers.some((x: any) => peerMatches(x, other, p.metadata.namespace));
    }),
  );
}

/** Whether Kubernetes NetworkPolicy semantics let `from` open a TCP connection to `to` on `port`: both ends must allow it. */
export function connects(policies: readonly any[], from: End, to: End, port: number): boolean {
  const out = "ip" in from ? true : side(policies, from, "Egress", to, port);
  const inn = "ip" in to ? true : side(policies, to, "Ingress", from, port);
  return out && inn;
}
