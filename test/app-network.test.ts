import { objectsOf, type RenderedTree } from "../lib/checks/finding";
import { projectKinds } from "../lib/checks/project-kinds";
import { sampleTree } from "./helpers/platform";
import { connects, type End } from "./helpers/network";

/**
 * Each app's paths through its namespace, evaluated with NetworkPolicy's own
 * rules over everything rendered for a cluster: gateway to front door, front
 * door to the API, the API to its database, and nothing else.
 */
const edit = (p: any) => {
  p.apps[0].components = [{ name: "api" }, { name: "web", port: 3000 }];
  p.apps[0].database = {};
  p.apps[0].failover = ["aws-a"];
  // Drained, they keep databases of their own (gcp-b's managed) that no entry name reaches.
  p.clusters[1].traffic = "drain";
  p.clusters[2].traffic = "drain";
  p.platform.archive = { bucket: "acme-db-archive" };
  p.platform.entry = { host: "triage", app: "triage", component: "web" };
};
const tree = sampleTree(edit);
const policiesOn = (cluster: string) => objectsOf(tree).filter((x) => x.chart.cluster === cluster && x.object.kind === "NetworkPolicy").map((x) => x.object as any);
/** A pod as rendered: the labels of the workload's pod template (a Deployment, Rollout or StatefulSet) on the cluster. */
const podOn = (t: typeof tree, cluster: string, name: string): End => {
  const w = objectsOf(t).find((x) => x.chart.cluster === cluster && ["Deployment", "Rollout", "StatefulSet", "Job"].includes(x.object.kind) && x.object.metadata.name === name);
  if (!w) throw new Error(`no workload ${name} on ${cluster}`);
  return { ns: w.object.metadata.namespace!, labels: (w.object as any).spec.template.metadata.labels };
};
/** A CloudNativePG instance as its operator labels it: the Cluster's inherited labels and cnpg.io/cluster. */
const instanceOn = (t: typeof tree, cluster: string): End => {
  const c = objectsOf(t).find((x) => x.chart.cluster === cluster && x.object.kind === "Cluster" && x.object.metadata.name === "triage-db")!.object as any;
  return { ns: c.metadata.namespace, labels: { ...c.spec.inheritedMetadata.labels, "cnpg.io/cluster": "triage-db", "cnpg.io/podRole": "instance" } };
};
const gateway: End = { ns: "envoy-gateway-system", labels: { "app.kubernetes.io/name": "envoy" } };
const prometheus: End = { ns: "monitoring", labels: { "app.kubernetes.io/name": "prometheus" } };
const stranger: End = { ns: "oncall", labels: { "app.kubernetes.io/name": "debug" } };


describe("an app's network paths: gateway, front door, API, database, and nothing else", () => {
  test.each(["aws-a", "home-d"])("with the database in the namespace (CloudNativePG) on %s", (cluster) => {
    const p = policiesOn(cluster);
    const [web, api, instance] = [podOn(tree, cluster, "triage-web"), podOn(tree, cluster, "triage-api"), instanceOn(tree, cluster)];
    expect(connects(p, gateway, web, 3000)).toBe(true);
    expect(connects(p, gateway, api, 8080)).toBe(false);
    expect(connects(p, web, api, 8080)).toBe(true);
    expect(connects(p, api, web, 3000)).toBe(false);
    expect(connects(p, api, instance, 5432)).toBe(true);
    expect(connects(p, web, instance, 5432)).toBe(false);
    // Within the namespace nothing else: another pod reaches neither the API nor the database.
    expect(connects(p, stranger, api, 8080)).toBe(false);
    expect(connects(p, stranger, instance, 5432)).toBe(false);
    // The database's own instances replicate among themselves; the scrapers reach every pod.
    expect(connects(p, instance, { ns: "oncall", labels: { "cnpg.io/cluster": "triage-db", "cnpg.io/instanceName": "triage-db-2" } }, 5432)).toBe(true);
    expect(connects(p, prometheus, api, 8080)).toBe(true);
    expect(connects(p, prometheus, instance, 9187)).toBe(true);
  });

  test("with a managed database (gcp-b): only the API and the role Job reach its range", () => {
    const p = policiesOn("gcp-b");
    const [web, api, roles] = [podOn(tree, "gcp-b", "triage-web"), podOn(tree, "gcp-b", "triage-api"), podOn(tree, "gcp-b", "triage-database-roles")];
    // Cloud SQL's private service range, inside the cluster's 10.20.0.0/16.
    const range: string = p.find((x) => x.metadata.name === "allow-triage-to-database").spec.egress[0].to[0].ipBlock.cidr;
    expect(range).toMatch(/^10\.20\./);
    const inRange: End = { ip: range.split("/")[0].replace(/\.0$/, ".10") };
    expect(connects(p, api, inRange, 5432)).toBe(true);
    expect(connects(p, roles, inRange, 5432)).toBe(true);
    expect(connects(p, web, inRange, 5432)).toBe(false);
    expect(connects(p, stranger, inRange, 5432)).toBe(false);
    expect(connects(p, api, inRange, 443)).toBe(false);
  });

  test("only the workloads that use the database hold its credentials", () => {
    const workloads = objectsOf(tree).filter((x) => x.chart.cluster === "gcp-b" && ["Deployment", "Rollout"].includes(x.object.kind)).map((x) => x.object as any);
    const secrets = (name: string) => {
      const spec = workloads.find((w) => w.metadata.name === name).spec.template.spec;
      return [...(spec.volumes ?? []).flatMap((v: any) => (v.secret ? [v.secret.secretName] : [])), ...spec.containers[0].env.flatMap((e: any) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : []))];
    };
    expect(new Set(secrets("triage-api"))).toEqual(new Set(["triage-database"]));
    expect(secrets("triage-web")).toEqual([]);
  });

  test("an app of one workload is its own front door and database user", () => {
    const single = sampleTree((p) => ((p.apps[0].database = {}), (p.apps[0].failover = ["aws-a", "gcp-b", "azure-c"]), (p.platform.archive = { bucket: "acme-db-archive" }), (p.platform.entry = { host: "triage", app: "triage" })));
    const p = objectsOf(single).filter((x) => x.chart.cluster === "aws-a" && x.object.kind === "NetworkPolicy").map((x) => x.object);
    const app = podOn(single, "aws-a", "triage");
    expect(connects(p, gateway, app, 8080)).toBe(true);
    expect(connects(p, app, instanceOn(single, "aws-a"), 5432)).toBe(true);
    expect(connects(p, stranger, app, 8080)).toBe(false);
  });
});

test("an app no route reaches gets no path from the gateway", () => {
  const unrouted = sampleTree((p) => (p.apps[0].components = [{ name: "api" }, { name: "web" }]));
  const p = objectsOf(unrouted).filter((x) => x.chart.cluster === "aws-a" && x.object.kind === "NetworkPolicy").map((x) => x.object as any);
  expect(p.some((x) => x.metadata.name.endsWith("-from-gateway"))).toBe(false);
  expect(connects(p, gateway, podOn(unrouted, "aws-a", "triage-api"), 8080)).toBe(false);
  expect(connects(p, podOn(unrouted, "aws-a", "triage-api"), podOn(unrouted, "aws-a", "triage-web"), 8080)).toBe(true);
});

describe("what a team's Application may sync", () => {
  test("the paths are the platform's to write: a NetworkPolicy in an app's folder is refused by its project, named", () => {
    expect(projectKinds.run(tree)).toEqual([]);
    const policies = objectsOf(tree).filter((x) => x.object.kind === "NetworkPolicy" && x.object.metadata.name === "allow-triage-web-from-gateway");
    expect(policies.map((x) => x.chart.dir)).toEqual(expect.arrayContaining(["clusters/aws-a/platform"]));
    // The same policy moved into the app's own folder: Argo CD would refuse team-oncall's whole sync of it.
    const moved: RenderedTree = {
      ...tree,
      charts: tree.charts.map((c) => (c.dir === "clusters/aws-a/apps/triage" ? { ...c, objects: [...c.objects, policies[0].object], origins: [...c.origins, c.origins[0]] } : c)),
    };
    const findings = projectKinds.run(moved).map((f) => f.message);
    expect(findings).toEqual([
      "networking.k8s.io/NetworkPolicy is not permitted in project 'team-oncall', which syncs clusters/aws-a/apps/triage (hub/ApplicationSet/argocd/fleet); Argo CD would refuse the whole sync",
    ]);
  });
});
