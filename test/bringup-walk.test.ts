/**
 * The bring-up walk: the sample comes up, and each of the five ways it once
 * did not is caught at the step where the controllers would stall.
 */
import { walk } from "../lib/bringup/walk";
import type { RenderedTree } from "../lib/checks/finding";
import { sampleTree } from "./helpers/platform";

const withDb = (p: any) => (p.apps[0].database = {});

/** The tree with its objects changed by `change` (return undefined to drop one). */
function edited(tree: RenderedTree, change: (o: any) => any): RenderedTree {
  return {
    ...tree,
    charts: tree.charts.map((c) => {
      const kept = c.objects.map((o, i) => ({ o: change(o), origin: c.origins[i] })).filter((x) => x.o !== undefined);
      return { ...c, objects: kept.map((x) => x.o), origins: kept.map((x) => x.origin) };
    }),
  };
}

const steps = (tree: RenderedTree) => walk(tree).map((s) => s.step);

describe("the bring-up walk", () => {
  const tree = sampleTree(withDb);

  test("the sample comes up: no step would stall", () => {
    expect(walk(tree)).toEqual([]);
  });

  test("a project that admits the hub by name only stalls the hub's bootstrap", () => {
    const byName = edited(tree, (o) => (o.kind === "AppProject" && o.metadata.name === "platform" ? { ...o, spec: { ...o.spec, destinations: o.spec.destinations.filter((d: any) => !d.server) } } : o));
    expect(steps(byName)[0]).toBe("install Argo CD on the hub (aws-a) and apply bootstrap/");
  });

  test("an OCI chart that also carries directory stalls the hub's waves (Argo CD refuses the source)", () => {
    const both = edited(tree, (o) => {
      if (o.kind !== "ApplicationSet") return o;
      const set = structuredClone(o);
      const envoy = set.spec.generators.find((g: any) => g.clusters.template.metadata.labels["basecamp.dev/addon"] === "envoy-gateway").clusters.template;
      envoy.spec.sources[0].directory = { recurse: false };
      return set;
    });
    expect(steps(both)).toContain("hub/ syncs wave by wave");
  });

  test("CloudNativePG fenced out by the team's default-deny stalls the homelab", () => {
    const fenced = edited(tree, (o) => (o.kind === "NetworkPolicy" && o.metadata.name.startsWith("allow-cloudnative-pg") ? undefined : o));
    expect(steps(fenced)).toEqual(["home-d: its add-ons, base and platform folders and apps (pull mode)"]);
  });

  test("a secret read where the writer did not put it (the Vault mount cut) stalls that cluster", () => {
    const cut = edited(tree, (o) =>
      o.kind === "ExternalSecret" && o.metadata.name === "ingest-token" && o.spec.data[0].remoteRef.key.startsWith("home-d/")
        ? { ...o, spec: { ...o.spec, data: o.spec.data.map((d: any) => ({ ...d, remoteRef: { ...d.remoteRef, key: `acme/${d.remoteRef.key}` } })) } }
        : o,
    );
    const stalls = walk(cut);
    expect(stalls.map((s) => s.step)).toEqual(["home-d: its add-ons, base and platform folders and apps (pull mode)"]);
    expect(stalls[0].findings[0].message).toContain("reads 'acme/home-d/ingest-token', which the Terraform stack of home-d does not write");
  });

  test("an EKS cluster without its StorageClass stalls that cluster (the hub's Prometheus, Loki and Tempo stay Pending)", () => {
    const noClass = edited(tree, (o) => (o.kind === "StorageClass" ? undefined : o));
    expect(steps(noClass)).toEqual(["aws-a: its add-ons, base and platform folders and apps (the fleet, aws in the rollout order)"]);
  });
});
