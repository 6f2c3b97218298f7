import { ApiObject, App } from "cdk8s";
import { describedBy, RenderedChart } from "../constructs/k8s/rendered-chart";
import type { Capability } from "../lib/capability";
import { CORE_CHECKS, runChecks } from "../lib/checks";
import { uniqueApplicationNames } from "../lib/checks/application-names";
import { argoSourcesExist } from "../lib/checks/argo-sources";
import { CheckError, formatFinding } from "../lib/checks/finding";
import { noGeneratedNames } from "../lib/checks/generated-names";
import { oneOwnerPerObject } from "../lib/checks/one-owner";
import { oneProxmoxBridgePerName } from "../lib/checks/proxmox-bridges";
import { gitopsFiles } from "../lib/pipeline/gitops";
import { synthCharts } from "../lib/pipeline/kubernetes";
import { sampleTree } from "./helpers/platform";

/** A capability that adds one chart with the given objects. */
function extra(id: string, dir: string, cluster: string, objects: object[], source?: string): Capability {
  return {
    name: id,
    charts(app) {
      const chart = new RenderedChart(app, id, dir, cluster);
      if (source) describedBy(chart, source);
      objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as any));
    },
  };
}

const application = (path: string, name = "stray") => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Application",
  metadata: { name, namespace: "argocd" },
  spec: { source: { repoURL: "https://git.example/acme/platform.git", targetRevision: "rendered-manifests", path } },
});

const applicationSet = (generators: unknown[], template: { metadata: { name: string }; spec: unknown }) => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "ApplicationSet",
  metadata: { name: "set", namespace: "argocd" },
  spec: { goTemplate: true, generators, template },
});

describe("checks over the whole rendered tree", () => {
  test("the shipped charts pass every core check", () => {
    expect(() => runChecks(sampleTree(), CORE_CHECKS)).not.toThrow();
  });

  test("an Argo CD source path that is not in the tree is an error, pointing at the description", () => {
    const t = sampleTree(() => {}, [extra("extra", "hub-extra", "aws-a", [application("clusters/mars/apps/x")], "apps[0]")]);
    expect(argoSourcesExist.run(t)).toEqual([
      {
        severity: "error",
        where: "extra/Application/argocd/stray",
        source: "apps[0]",
        message: "source path 'clusters/mars/apps/x' does not exist in gitops-out/ (or holds no objects)",
      },
    ]);
    expect(() => runChecks(t, [argoSourcesExist])).toThrow(
      new CheckError(argoSourcesExist.run(t), t.description),
    );
    expect(formatFinding(argoSourcesExist.run(t)[0], t.description)).toMatch(/^platform\.json:\d+: apps\[0\]: \[extra\/Application\/argocd\/stray\] source path/);
  });

  test("sources in other repositories or revisions are not ours to check", () => {
    const obj = application("anything");
    obj.spec.source.targetRevision = "main";
    expect(argoSourcesExist.run(sampleTree(() => {}, [extra("extra", "hub-extra", "aws-a", [obj])]))).toEqual([]);
  });

  test("ApplicationSet templates are expanded for each list element", () => {
    const set = applicationSet([{ list: { elements: [{ c: "aws-a" }, { c: "pluto" }] } }], {
      metadata: { name: "set-{{.c}}" },
      spec: application("clusters/{{.c}}/platform").spec,
    });
    expect(argoSourcesExist.run(sampleTree(() => {}, [extra("extra", "hub-extra", "aws-a", [set])])).map((f) => f.message)).toEqual([
      `element {"c":"pluto"}: source path 'clusters/pluto/platform' does not exist in gitops-out/ (or holds no objects)`,
    ]);
  });

  test("a generator the expansion does not know is an error, not a silent pass", () => {
    const set = applicationSet([{ git: {} }], { metadata: { name: "x" }, spec: application("x").spec });
    expect(() => argoSourcesExist.run(sampleTree(() => {}, [extra("extra", "hub-extra", "aws-a", [set])]))).toThrow(
      "[ApplicationSet/set] only list and cluster generators can be expanded; teach lib/argo/applications.ts the git generator",
    );
  });

  test("two objects that would make one Application name are an error", () => {
    expect(uniqueApplicationNames.run(sampleTree())).toEqual([]);
    const t = sampleTree(() => {}, [extra("extra", "hub-extra", "aws-a", [application("hub", "root")])]);
    expect(uniqueApplicationNames.run(t).map((f) => `[${f.where}] ${f.message}`)).toEqual([
      "[extra/Application/argocd/root] Application 'root' is also made by [bootstrap/Application/argocd/root]; rename an app or a cluster",
    ]);
  });

  test("generated Application names cannot collide: names never contain '--'", () => {
    // App "platform" on every cluster and the platform folder of each cluster: distinct by construction.
    const t = sampleTree((p) => (p.apps[0].name = "platform"));
    expect(uniqueApplicationNames.run(t)).toEqual([]);
    expect(() => runChecks(t, CORE_CHECKS)).not.toThrow();
  });

  test("a cdk8s hash label is an error", () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n", labels: { "cdk8s.io/metadata.addr": "x-a-c8123456" } } };
    expect(noGeneratedNames.run(sampleTree(() => {}, [extra("extra", "x", "aws-a", [cm])])).map((f) => `[${f.where}] ${f.message}`)).toEqual([
      "[extra/ConfigMap/n/c] carries the cdk8s.io/metadata.addr label, a hash of its construct path; select on explicit labels",
    ]);
  });

  test("one object from two charts on one cluster is an error; on two clusters it is fine", () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "oncall" } };
    const t = sampleTree(() => {}, [extra("dup", "x", "gcp-b", [ns]), extra("elsewhere", "y", "nowhere", [ns])]);
    expect(oneOwnerPerObject.run(t).map((f) => `[${f.where}] ${f.message}`)).toEqual([
      "[dup/Namespace/oncall] is also rendered for cluster gcp-b by [gcp-b--platform]; two Argo CD applications would fight over it",
    ]);
  });

  test("two Proxmox clusters whose bridges share a name on one node are an error", () => {
    const twin = (p: any, node: string) => {
      const copy = JSON.parse(JSON.stringify(p.clusters[3]).replace(/"10\.40\./g, '"172.40.'));
      p.clusters.push({ ...copy, name: "home-e", node });
    };
    const t = sampleTree((p) => twin(p, "pve1"));
    expect(oneProxmoxBridgePerName.run(t).map((f) => `${f.source}: [${f.where}] ${f.message}`)).toEqual([
      "clusters[4].network: [home-e/bridge] bridge vmbr1040 on node pve1 is also created by stack home-d; give the clusters ranges whose second octets differ",
    ]);
    expect(oneProxmoxBridgePerName.run(sampleTree((p) => twin(p, "pve2")))).toEqual([]);
  });

  test("two objects that would share a file are an error, never an overwrite", () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" } };
    const app = new App();
    new ApiObject(new RenderedChart(app, "one", "shared", "aws-a"), "a", cm);
    new ApiObject(new RenderedChart(app, "two", "shared", "aws-a"), "b", cm);
    expect(() => gitopsFiles(synthCharts(app))).toThrow(
      "[two/b] gitops-out/shared/configmap_n_c.yaml is already written by [one/a]; two objects may not share a file (rename one of them)",
    );
  });

  test("a chart that is not a RenderedChart has no place in gitops-out and is refused", () => {
    const app = new App();
    new (require("cdk8s").Chart)(app, "plain");
    expect(() => synthCharts(app)).toThrow("[plain] every chart must be a RenderedChart, so its objects have a place in gitops-out/");
  });
});
