import { parse } from "yaml";
import { objectsOf } from "../lib/checks/finding";
import { issuesOf, sampleText, sampleTree } from "./helpers/platform";

/** The sample's app as a web front door and a canary API, with one replica on the homelab. */
const edit = (p: any) => {
  p.apps[0].components = [{ name: "web" }, { name: "api", canary: {} }];
  p.apps[0].perCluster = { "home-d": { replicas: 1 } };
  p.platform.entry = { host: "triage", app: "triage", component: "web" };
};

describe("an app's effective values per cluster", () => {
  const tree = sampleTree(edit);
  const values = (cluster: string) => parse(tree.gitops.content(`clusters/${cluster}/values/app-triage.yaml`));
  const on = (cluster: string, kind: string, name: string) =>
    objectsOf(tree).find((x) => x.chart.cluster === cluster && x.object.kind === kind && x.object.metadata.name === name)!.object as any;

  test("are what the chart renders on that cluster: replicas, images, environment, routes and the canary's analysis", () => {
    for (const cluster of ["aws-a", "home-d"]) {
      const v = values(cluster);
      const api = on(cluster, "Rollout", "triage-api");
      const web = on(cluster, "Deployment", "triage-web");
      expect(api.spec.replicas).toBe(v.replicas);
      expect(web.spec.replicas).toBe(v.replicas);
      for (const [w, o] of [[v.workloads[0], web], [v.workloads[1], api]] as const) {
        const c = o.spec.template.spec.containers[0];
        expect(c.image).toBe(w.image);
        expect(Object.fromEntries(c.env.filter((e: any) => "value" in e).map((e: any) => [e.name, e.value]))).toEqual(w.env);
      }
      expect(on(cluster, "HTTPRoute", "triage-web").spec.hostnames).toEqual(v.workloads[0].hostnames);
      const analysis = on(cluster, "AnalysisTemplate", "triage-api-slo").spec.metrics.map((m: any) => ({ name: m.name, query: m.provider.prometheus.query }));
      expect(analysis).toEqual(v.workloads[1].canary.analysis.map((a: any) => ({ name: a.name, query: a.query })));
    }
  });

  test("a cluster's own value applies there only", () => {
    expect(values("home-d").replicas).toBe(1);
    expect(values("aws-a").replicas).toBe(2);
    expect(on("home-d", "Deployment", "triage-web").spec.replicas).toBe(1);
    expect(on("gcp-b", "Deployment", "triage-web").spec.replicas).toBe(2);
    // One replica has no disruption budget to keep.
    expect(objectsOf(tree).some((x) => x.chart.cluster === "home-d" && x.object.kind === "PodDisruptionBudget")).toBe(false);
  });

  test("an autoscaled app: each cluster's autoscalers start at its own replicas, and the workloads carry no count", () => {
    const scaled = sampleTree((p) => (edit(p), (p.apps[0].autoscale = { max: 5 })));
    const of = (cluster: string, kind: string, name: string) =>
      objectsOf(scaled).find((x) => x.chart.cluster === cluster && x.object.kind === kind && x.object.metadata.name === name)?.object as any;
    for (const cluster of ["aws-a", "home-d"]) {
      const v = parse(scaled.gitops.content(`clusters/${cluster}/values/app-triage.yaml`));
      expect(v.autoscale).toEqual({ max: 5, cpu: 70 });
      for (const [kind, name] of [["Rollout", "triage-api"], ["Deployment", "triage-web"]]) {
        expect(of(cluster, kind, name).spec.replicas).toBeUndefined();
        expect(of(cluster, "HorizontalPodAutoscaler", name).spec).toMatchObject({ minReplicas: v.replicas, maxReplicas: 5, scaleTargetRef: { kind, name } });
      }
    }
    expect(of("home-d", "HorizontalPodAutoscaler", "triage-web").spec.minReplicas).toBe(1);
    // The count leaves git, and Argo CD keeps the live one: the first sync without it does not reset it to 1.
    const fleet = objectsOf(scaled).find((x) => x.object.kind === "ApplicationSet")!.object as any;
    const appTemplate = fleet.spec.generators.find((g: any) => g.clusters?.template?.metadata?.name?.endsWith("--app-triage")).clusters.template.spec;
    expect(appTemplate.ignoreDifferences).toEqual([
      { group: "apps", kind: "Deployment", jsonPointers: ["/spec/replicas"] },
      { group: "argoproj.io", kind: "Rollout", jsonPointers: ["/spec/replicas"] },
    ]);
    expect(appTemplate.syncPolicy.syncOptions).toContain("RespectIgnoreDifferences=true");
    const pulled = objectsOf(scaled).find((x) => x.object.kind === "Application" && x.object.metadata.name === "app-triage")!.object as any;
    expect(pulled.spec.ignoreDifferences).toEqual(appTemplate.ignoreDifferences);
    // The autoscalers read metrics.k8s.io: EKS gets metrics-server; GKE, AKS and K3s serve it themselves.
    const metricsServer = scaled.resolved.clusters.filter((c) => scaled.addOns(c).some((a) => a.name === "metrics-server")).map((c) => c.name);
    expect(metricsServer).toEqual(["aws-a"]);
  });

  test("sit in the cluster's values folder, which no Application applies", () => {
    const sources = objectsOf(tree)
      .filter((x) => x.object.kind === "Application" || x.object.kind === "ApplicationSet")
      .flatMap((x) => JSON.stringify(x.object).match(/"path":"[^"]*"/g) ?? []);
    expect(sources.length).toBeGreaterThan(10);
    expect(sources.filter((s) => /\/values"$/.test(s))).toEqual([]);
    expect(tree.gitops.content("clusters/aws-a/values/app-triage.yaml").split("\n")[1]).toBe("# triage's effective values on aws-a, which its chart renders: for review; Argo CD applies apps/triage/, not this.");
  });

  test.each([
    ["for a cluster the app does not run on", (p: any) => ((p.apps[0].clusters = ["aws-a"]), (p.apps[0].perCluster = { "gcp-b": { replicas: 1 } })), "apps[0].perCluster.gcp-b: 'gcp-b' is not a cluster the app runs on; allowed: aws-a"],
    ["with a value it cannot set", (p: any) => (p.apps[0].perCluster = { "aws-a": { image: "x" } }), expect.stringMatching(/^apps\[0\]\.perCluster\.aws-a: unknown key 'image'; allowed: replicas$/)],
    ["an autoscaler whose max is below the replicas", (p: any) => (p.apps[0].autoscale = { max: 1 }), "apps[0].autoscale.max: 1 is below apps[0].replicas (2), where the autoscaler starts; raise max or lower the replicas"],
    ["an autoscaler whose max is below a cluster's replicas", (p: any) => ((p.apps[0].autoscale = { max: 3 }), (p.apps[0].perCluster = { "aws-a": { replicas: 4 } })), "apps[0].autoscale.max: 3 is below apps[0].perCluster.aws-a.replicas (4), where the autoscaler starts; raise max or lower the replicas"],
    ["an autoscaler at a CPU target out of range", (p: any) => (p.apps[0].autoscale = { max: 4, cpu: 100 }), expect.stringMatching(/^apps\[0\]\.autoscale\.cpu: must be a whole number from 10 to 95/)],
    ["an autoscaler without max", (p: any) => (p.apps[0].autoscale = { cpu: 50 }), expect.stringMatching(/^apps\[0\]\.autoscale\.max: /)],
    ["with too many replicas", (p: any) => (p.apps[0].perCluster = { "aws-a": { replicas: 80 } }), expect.stringMatching(/^apps\[0\]\.perCluster\.aws-a\.replicas: must be a whole number from 1 to 50/)],
  ])("are refused %s", (_, change, expected) => {
    expect(issuesOf(sampleText(change))).toEqual(expect.arrayContaining([expected]));
  });
});
