import { flowAllowed, flowsAllowed } from "../lib/checks/flows";
import type { RenderedTree } from "../lib/checks/finding";
import { sampleTree } from "./helpers/platform";

const withDb = (p: any) => (p.apps[0].database = {});

/** The tree without the NetworkPolicies `drop` names. */
function without(tree: RenderedTree, drop: (name: string) => boolean): RenderedTree {
  const keep = (o: any) => !(o.kind === "NetworkPolicy" && drop(o.metadata.name));
  return { ...tree, charts: tree.charts.map((c) => ({ ...c, objects: c.objects.filter(keep), origins: c.origins.filter((_, i) => keep(c.objects[i])) })) };
}

describe("add-ons' flows through the teams' default-deny", () => {
  test("CloudNativePG's operator reaches its instances and they the API: the rendered policies let both through", () => {
    const tree = sampleTree(withDb);
    expect(flowsAllowed.run(tree)).toEqual([]);
    const names = tree.charts.filter((c) => c.cluster === "home-d").flatMap((c) => c.objects).filter((o) => o.kind === "NetworkPolicy").map((o) => o.metadata.name);
    expect(names).toEqual(expect.arrayContaining(["allow-cloudnative-pg-operator", "allow-cloudnative-pg-api", "default-deny"]));
  });

  test("without them the default-deny fences the operator out and the instances in: both refused, named", () => {
    const findings = flowsAllowed.run(without(sampleTree(withDb), (n) => n.startsWith("allow-cloudnative-pg")));
    expect(findings.map((f) => f.message)).toEqual([
      "add-on cloudnative-pg needs ingress from namespace cnpg-system on 8000, 5432 (cloudnative-pg-operator), which the NetworkPolicies of oncall refuse",
      // Nothing else in the namespace is open either: the instances' replication among themselves is a flow of its own.
      "add-on cloudnative-pg needs ingress from namespace oncall on 8000, 5432 (cloudnative-pg-peers-in), which the NetworkPolicies of oncall refuse",
      "add-on cloudnative-pg needs egress to namespace oncall on 8000, 5432 (cloudnative-pg-peers-out), which the NetworkPolicies of oncall refuse",
      "add-on cloudnative-pg needs egress to 10.40.0.0/24 on 6443 (cloudnative-pg-api), which the NetworkPolicies of oncall refuse",
    ]);
    expect(findings[0]).toMatchObject({ where: "home-d/oncall", source: "clusters[3]" });
  });

  test("the evaluator follows Kubernetes: no policy selecting the pods allows all; a port or peer outside the rule does not", () => {
    const flow = { name: "x", namespace: "t", pods: { matchLabels: { app: "db" } }, direction: "ingress" as const, peer: { namespace: "ops" }, ports: [5432] };
    expect(flowAllowed(flow, [])).toBe(true);
    const deny = { metadata: { namespace: "t" }, spec: { podSelector: {}, policyTypes: ["Ingress"] } };
    expect(flowAllowed(flow, [deny])).toBe(false);
    const allow = (port: number, ns: string) => ({ metadata: { namespace: "t" }, spec: { podSelector: { matchLabels: { app: "db" } }, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } }], ports: [{ port }] }] } });
    expect(flowAllowed(flow, [deny, allow(5432, "ops")])).toBe(true);
    expect(flowAllowed(flow, [deny, allow(5433, "ops")])).toBe(false);
    expect(flowAllowed(flow, [deny, allow(5432, "dev")])).toBe(false);
  });
});
