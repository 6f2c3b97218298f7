/**
 * A network flow an add-on needs into or out of a team's namespace (an
 * operator reaching the instances it runs there, those instances reaching
 * the Kubernetes API). Add-ons declare them; tenancy renders a NetworkPolicy
 * for each on the team's side, and a check proves every declared flow is
 * allowed on every cluster that enforces NetworkPolicy.
 */
export interface Flow {
  /** Short, for the policy's name: allow-<name>. */
  readonly name: string;
  /** The team namespace the flow enters or leaves. */
  readonly namespace: string;
  /** The team's pods the flow reaches (ingress) or starts from (egress). */
  readonly pods: PodSelector;
  /** ingress: from pods of a namespace; egress: to pods of a namespace, or to addresses outside the cluster's pods (the API server). */
  readonly direction: "ingress" | "egress";
  /** The other side: pods of a namespace, or address ranges (egress only). */
  readonly peer: { readonly namespace: string; readonly pods?: PodSelector } | { readonly cidrs: readonly string[] };
  readonly ports: readonly number[];
}

/** A pod selector as NetworkPolicies write it (labels that must equal, labels that must exist). */
export interface PodSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: "Exists" | "In"; readonly values?: readonly string[] }[];
}

/** The NetworkPolicy (spec) on the team's side that lets `flow` through its namespace's default-deny. */
export function flowPolicySpec(flow: Flow): Record<string, unknown> {
  const ports = flow.ports.map((port) => ({ protocol: "TCP", port }));
  if (flow.direction === "ingress" && "namespace" in flow.peer) {
    const from = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": flow.peer.namespace } }, ...(flow.peer.pods ? { podSelector: flow.peer.pods } : {}) };
    return { podSelector: flow.pods, policyTypes: ["Ingress"], ingress: [{ from: [from], ports }] };
  }
  if (flow.direction === "egress" && "cidrs" in flow.peer) {
    return { podSelector: flow.pods, policyTypes: ["Egress"], egress: [{ to: flow.peer.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports }] };
  }
  if (flow.direction === "egress" && "namespace" in flow.peer) {
    const to = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": flow.peer.namespace } }, ...(flow.peer.pods ? { podSelector: flow.peer.pods } : {}) };
    return { podSelector: flow.pods, policyTypes: ["Egress"], egress: [{ to: [to], ports }] };
  }
  throw new Error(`flow '${flow.name}': an ingress flow comes from a namespace's pods`);
}
