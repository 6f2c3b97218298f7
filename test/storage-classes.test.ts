import { ApiObject, App } from "cdk8s";
import { RenderedChart } from "../constructs/k8s/rendered-chart";
import type { AddOn } from "../constructs/argocd/add-on";
import type { RenderedTree } from "../lib/checks/finding";
import { storageClasses, volumesIn } from "../lib/checks/storage-classes";
import { sampleTree } from "./helpers/platform";

/** The tree without the objects `drop` picks. */
function without(tree: RenderedTree, drop: (o: { kind: string }) => boolean): RenderedTree {
  return { ...tree, charts: tree.charts.map((c) => ({ ...c, objects: c.objects.filter((o) => !drop(o)), origins: c.origins.filter((_, i) => !drop(c.objects[i])) })) };
}

describe("storage classes", () => {
  test("the sample passes: the EKS cluster renders an encrypted gp3 default, every volume names its cluster's class", () => {
    const tree = sampleTree();
    expect(storageClasses.run(tree)).toEqual([]);
    const gp3 = tree.charts.filter((c) => c.cluster === "aws-a").flatMap((c) => c.objects).find((o) => o.kind === "StorageClass")!;
    expect(gp3).toMatchObject({
      metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true", tagSpecification_1: "cluster=aws-a" },
      volumeBindingMode: "WaitForFirstConsumer",
    });
    // No other provider gets one: GKE, AKS and K3s ship their defaults.
    expect(tree.charts.filter((c) => c.cluster !== "aws-a").flatMap((c) => c.objects).filter((o) => o.kind === "StorageClass")).toEqual([]);
  });

  test("an EKS cluster without the rendered class is refused, and so is every volume that named it", () => {
    const findings = storageClasses.run(without(sampleTree(), (o) => o.kind === "StorageClass"));
    expect(findings[0]).toMatchObject({ where: "aws-a", source: "clusters[0]", message: expect.stringContaining("has no default StorageClass") });
    expect(findings.map((f) => f.where)).toEqual(expect.arrayContaining(["aws-a/values/kube-prometheus-stack.yaml:prometheus.prometheusSpec.storageSpec.volumeClaimTemplate"]));
  });

  test("a volume that names no class, or one the cluster lacks, is refused with the class to use", () => {
    const base = sampleTree();
    const app = new App();
    const chart = new RenderedChart(app, "x", "clusters/gcp-b/platform", "gcp-b");
    new ApiObject(chart, "pvc", { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "oncall" }, spec: { storageClassName: "gp3" } });
    const addOn = { name: "thing", values: () => ({ server: { persistence: { enabled: true, size: "1Gi" } } }) } as unknown as AddOn;
    const tree: RenderedTree = {
      ...base,
      charts: [...base.charts, { id: "x", distName: "x", dir: "clusters/gcp-b/platform", cluster: "gcp-b", objects: [chart.toJson()[0]], origins: [{ constructPath: "x/pvc" }] }],
      addOns: (c) => (c.name === "gcp-b" ? [...base.addOns(c), addOn] : base.addOns(c)),
    };
    expect(storageClasses.run(tree).map((f) => `${f.where}: ${f.message}`)).toEqual([
      "x/PersistentVolumeClaim/oncall/data: asks for StorageClass 'gp3', which gcp-b does not have (it has standard-rwo)",
      "gcp-b/values/thing.yaml:server.persistence: asks for a volume without naming its StorageClass; name standard-rwo",
    ]);
  });

  test("volumes in values: enabled persistence and claim templates, not disabled ones", () => {
    expect(volumesIn({ a: { persistence: { enabled: false } }, b: { persistence: { storageClass: "x" } }, c: { storageSpec: { volumeClaimTemplate: { spec: {} } } } })).toEqual([
      { path: "b.persistence", className: "x" },
      { path: "c.storageSpec.volumeClaimTemplate", className: undefined },
    ]);
  });
});
