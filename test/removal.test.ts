/**
 * What Argo CD does when the description loses a cluster, an app or an
 * add-on: the Applications it generated go (applicationsSync: sync), what
 * they deployed stays (preserveResourcesOnDeletion, no finalizer), and
 * the few objects that must outlive a prune say so themselves.
 */
import { expandApplications, registeredClusters } from "../lib/argo/applications";
import { CAPABILITIES } from "../capabilities";
import { parseDescription } from "../lib/model/load";
import { buildTree } from "../lib/pipeline/render";
import { sampleText, sampleTree } from "./helpers/platform";
import { tempDir } from "./helpers/tree";

type Tree = ReturnType<typeof sampleTree>;

/** The Applications the hub's Argo CD would run for a tree, by name, with whether their deletion removes what they deployed. */
function hubApplications(tree: Tree): Map<string, { cascades: boolean }> {
  const objects = tree.charts.flatMap((c) => c.objects);
  const clusters = registeredClusters(objects);
  const out = new Map<string, { cascades: boolean }>();
  for (const o of objects.filter((x) => x.kind === "Application" || x.kind === "ApplicationSet")) {
    const generated = o.kind === "ApplicationSet";
    for (const app of expandApplications([o], clusters)) {
      const finalizer = (generated ? (o.spec as any).template.metadata.finalizers : o.metadata.finalizers) ?? [];
      const preserved = generated && (o.spec as any).syncPolicy?.preserveResourcesOnDeletion === true;
      out.set(app.name, { cascades: finalizer.includes("resources-finalizer.argocd.argoproj.io") && !preserved });
    }
  }
  return out;
}

/** What leaving the description does: Applications deleted (and whether they take their objects), kept, and orphaned objects. */
function removal(before: Tree, after: Tree) {
  const b = hubApplications(before);
  const a = hubApplications(after);
  const deleted = [...b.keys()].filter((n) => !a.has(n)).sort();
  return { deleted, cascading: deleted.filter((n) => b.get(n)!.cascades), kept: [...a.keys()].filter((n) => b.has(n)).length };
}

const base = (p: any) => (p.apps[0].database = {});

describe("removing from the description", () => {
  const before = sampleTree(base);

  test("a cluster: its generated Applications are deleted, none takes its workloads; its registration goes with it", () => {
    const after = sampleTree((p) => (base(p), p.clusters.splice(2, 1), (p.retired = { clusters: ["azure-c"], databases: ["azure-c/triage"] })));
    const r = removal(before, after);
    expect(r.deleted.length).toBeGreaterThan(3);
    expect(r.deleted.every((n) => n.startsWith("azure-c--"))).toBe(true);
    expect(r.cascading).toEqual([]);
    expect(r.kept).toBeGreaterThan(10);
    const registered = (t: Tree) => registeredClusters(t.charts.flatMap((c) => c.objects)).map((c) => c.name);
    expect(registered(before)).toContain("azure-c");
    expect(registered(after)).not.toContain("azure-c");
  });

  test("an app on one cluster: only that Application goes (with the exporter that read its database), and its Deployments stay until removed by hand", () => {
    const after = sampleTree((p) => (base(p), (p.apps[0].clusters = ["aws-a", "gcp-b", "home-d"]), (p.retired = { databases: ["azure-c/triage"] })));
    expect(removal(before, after)).toMatchObject({ deleted: ["azure-c--addon-azure-metrics-exporter", "azure-c--app-triage"], cascading: [] });
  });

  test("an add-on basecamp drops: its Application goes on each cluster, not what it installed (its CRDs and their objects survive)", () => {
    const capabilities = CAPABILITIES.map((c) => (c.name === "gitops" ? { ...c, addOns: (cl: any, p: any) => c.addOns!(cl, p).filter((a) => a.name !== "argo-rollouts") } : c));
    const without = buildTree(parseDescription(sampleText(base), "platform.json"), capabilities, tempDir()) as Tree;
    const r = removal(before, without);
    expect(r.deleted).toEqual(["addon-argo-rollouts", "aws-a--addon-argo-rollouts", "azure-c--addon-argo-rollouts", "gcp-b--addon-argo-rollouts"].filter((n) => hubApplications(before).has(n)));
    expect(r.deleted.length).toBeGreaterThan(0);
    expect(r.cascading).toEqual([]);
  });

  test("objects that must outlive even a confirmed prune say so: namespaces and databases are kept on deletion", () => {
    const objects = before.charts.flatMap((c) => c.objects) as any[];
    const keep = (o: any) => o.metadata.annotations?.["argocd.argoproj.io/sync-options"];
    // A team's namespace leaves when someone confirms it; an add-on's stays, like its workloads.
    const namespaces = objects.filter((o) => o.kind === "Namespace" && o.metadata.labels?.["basecamp.dev/team"]);
    const addOnNamespaces = new Set(before.charts.filter((c) => c.dir.endsWith("/base")).flatMap((c) => c.objects.filter((o) => o.kind === "Namespace").map((o) => o)));
    expect(addOnNamespaces.size).toBeGreaterThan(10);
    for (const ns of namespaces) expect({ ns: ns.metadata.name, keep: keep(ns) }).toEqual({ ns: ns.metadata.name, keep: addOnNamespaces.has(ns) ? "Prune=false,Delete=false" : "Prune=confirm,Delete=false" });
    for (const db of objects.filter((o) => o.kind === "Cluster" && o.apiVersion.startsWith("postgresql.cnpg.io/"))) expect(keep(db)).toBe("Prune=confirm,Delete=false");
  });
});
