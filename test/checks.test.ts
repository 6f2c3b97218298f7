import { App, ApiObject } from "cdk8s";
import { parsePlatform } from "../lib/model/load";
import { App as TerraformApp } from "cdktf";
import { addStacks } from "../infra/platform-stacks";
import { argoSourcesExist, uniqueApplicationNames, noGeneratedNames, oneOwnerPerObject, oneProxmoxBridgePerName, runChecks } from "../lib/pipeline/checks";
import { synthStacks } from "../lib/pipeline/terraform";
import { tempDir } from "./helpers/tree";
import { gitopsFiles } from "../lib/pipeline/gitops";
import { RenderedChart, synthCharts } from "../lib/pipeline/kubernetes";
import { addCharts } from "../manifests/platform-charts";
import { sampleText } from "./helpers/platform";

const platform = parsePlatform(sampleText());

/** The sample's charts, plus whatever `extra` adds, as the tree the checks see. */
function tree(extra: (app: App) => void = () => {}, p = platform) {
  const app = new App();
  addCharts(app, p);
  extra(app);
  const charts = synthCharts(app);
  const stacks = new TerraformApp({ outdir: tempDir(), stackTraces: false });
  addStacks(stacks, p);
  return { platform: p, stacks: synthStacks(stacks), charts, gitops: gitopsFiles(charts, "platform.json") };
}

const application = (path: string) => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Application",
  metadata: { name: "stray", namespace: "argocd" },
  spec: { source: { repoURL: "https://git.example/acme/platform.git", targetRevision: "rendered-manifests", path } },
});

/** An ApplicationSet in its own chart on the hub. */
const applicationSet = (app: App, generators: unknown[], template: { metadata: { name: string }; spec: unknown }) =>
  new ApiObject(new RenderedChart(app, "extra", "hub-extra", "aws-a"), "a", {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name: "set", namespace: "argocd" },
    spec: { generators, template },
  });

describe("checks over the whole rendered tree", () => {
  test("the shipped charts pass every check", () => {
    expect(() => runChecks(tree())).not.toThrow();
  });

  test("an Argo CD source path that is not in the tree is an error", () => {
    const t = tree((app) => new ApiObject(new RenderedChart(app, "extra", "hub-extra", "aws-a"), "a", application("clusters/mars/apps/x")));
    expect(argoSourcesExist(t)).toEqual([
      "[extra/Application/stray] source path 'clusters/mars/apps/x' does not exist in gitops-out/ (or holds no objects)",
    ]);
  });

  test("sources in other repositories or revisions are not ours to check", () => {
    const t = tree((app) => {
      const obj = application("anything");
      obj.spec.source.targetRevision = "main";
      new ApiObject(new RenderedChart(app, "extra", "hub-extra", "aws-a"), "a", obj);
    });
    expect(argoSourcesExist(t)).toEqual([]);
  });

  test("ApplicationSet templates are expanded for each list element", () => {
    const t = tree((app) =>
      applicationSet(app, [{ list: { elements: [{ c: "aws-a" }, { c: "pluto" }] } }], {
        metadata: { name: "set-{{.c}}" },
        spec: application("clusters/{{.c}}/platform").spec,
      }),
    );
    expect(argoSourcesExist(t)).toEqual([
      `[extra/ApplicationSet/set] element {"c":"pluto"}: source path 'clusters/pluto/platform' does not exist in gitops-out/ (or holds no objects)`,
    ]);
  });

  test("a generator the check cannot expand is an error, not a silent pass", () => {
    const t = tree((app) => applicationSet(app, [{ clusters: {} }], { metadata: { name: "x" }, spec: application("x").spec }));
    expect(() => argoSourcesExist(t)).toThrow("[ApplicationSet/set] only list generators can be checked; teach checks.ts the clusters generator");
  });

  test("two ApplicationSets that would generate one Application name are an error", () => {
    expect(uniqueApplicationNames(tree())).toEqual([]);
    // App gcp-b on cluster "platform" is named gcp-b-platform, like the platform app of cluster gcp-b.
    const clash = parsePlatform(sampleText((p) => {
      p.clusters[0].name = "platform";
      p.platform.gitops.hub = "platform";
      p.apps[0].name = "gcp-b";
      p.apps[0].clusters = ["platform"];
    }));
    expect(uniqueApplicationNames(tree(() => {}, clash))).toEqual([
      `[hub/ApplicationSet/gcp-b] element {"cluster":"platform","destination":"in-cluster"}: Application 'gcp-b-platform' is also made by [hub/ApplicationSet/cluster-platform]; rename an app or a cluster`,
    ]);
  });

  test("a cdk8s hash label is an error", () => {
    const t = tree((app) =>
      new ApiObject(new RenderedChart(app, "extra", "x", "aws-a"), "a", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "c", namespace: "n", labels: { "cdk8s.io/metadata.addr": "x-a-c8123456" } },
      }),
    );
    expect(noGeneratedNames(t)).toEqual([
      "[extra/ConfigMap/c] carries the cdk8s.io/metadata.addr label, a hash of its construct path; select on explicit labels",
    ]);
  });

  test("one object from two charts on one cluster is an error; on two clusters it is fine", () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "oncall" } };
    const t = tree((app) => {
      new ApiObject(new RenderedChart(app, "dup", "x", "gcp-b"), "a", ns);
      new ApiObject(new RenderedChart(app, "elsewhere", "y", "nowhere"), "a", ns);
    });
    expect(oneOwnerPerObject(t)).toEqual([
      "[dup/Namespace/oncall] is also rendered for cluster gcp-b by [gcp-b--platform]; two Argo CD applications would fight over it",
    ]);
  });

  test("two Proxmox clusters whose bridges share a name on one node are an error", () => {
    const twin = parsePlatform(sampleText((p) => p.clusters.push({ ...p.clusters[3], name: "home-e", network: { cidr: "172.40.0.0/16" } })));
    expect(oneProxmoxBridgePerName(tree(() => {}, twin))).toEqual([
      "[home-e/bridge] bridge vmbr1040 on node pve1 is also created by stack home-d; give the clusters ranges whose second octets differ",
    ]);
    const elsewhere = parsePlatform(sampleText((p) => p.clusters.push({ ...p.clusters[3], name: "home-e", node: "pve2", network: { cidr: "172.40.0.0/16" } })));
    expect(oneProxmoxBridgePerName(tree(() => {}, elsewhere))).toEqual([]);
  });

  test("two objects that would share a file are an error, never an overwrite", () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" } };
    const app = new App();
    const chart = new RenderedChart(app, "one", "shared", "aws-a");
    new ApiObject(chart, "a", cm);
    new ApiObject(new RenderedChart(app, "two", "shared", "aws-a"), "b", cm);
    expect(() => gitopsFiles(synthCharts(app), "platform.json")).toThrow(
      "[two/ConfigMap/n/c] gitops-out/shared/configmap_n_c.yaml is already written by [one/ConfigMap/n/c]; two objects may not share a file (rename one of them)",
    );
  });

  test("a chart that is not a RenderedChart has no place in gitops-out and is refused", () => {
    const app = new App();
    new (require("cdk8s").Chart)(app, "plain");
    expect(() => synthCharts(app)).toThrow("[plain] every chart must be a RenderedChart, so its objects have a place in gitops-out/");
  });
});
