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
import { podSecurity } from "../lib/checks/pod-security";
import { noSecretData } from "../lib/checks/no-secret-data";
import { clustersAreSelected } from "../lib/checks/cluster-selectors";
import { rolloutSteps } from "../lib/checks/rollout-steps";
import { databaseSecretKeys } from "../lib/checks/database-secrets";
import { oneSourceType } from "../lib/checks/source-types";
import { bootstrapAdmission } from "../lib/checks/bootstrap-admission";
import { oneDnsWriter } from "../lib/checks/dns-writers";
import { crdProviders } from "../lib/checks/crd-providers";
import { ordering } from "../lib/checks/ordering";
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

describe("the GitOps capability's checks", () => {
  const deployment = (securityContext: object, extra: object = {}) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "rogue", namespace: "oncall" },
    spec: {
      selector: { matchLabels: { a: "b" } },
      template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "app", image: "ghcr.io/acme/rogue:1.0", securityContext }], ...extra } },
    },
  });

  test("Pod Security at synth: a workload its namespace's level would refuse names the object, the field and the level", () => {
    const t = sampleTree(() => {}, [extra("rogue", "clusters/gcp-b/apps/rogue", "gcp-b", [deployment({ runAsNonRoot: true })], "apps[0]")]);
    expect(podSecurity.run(t).map((f) => `${f.source}: [${f.where}] ${f.message}`)).toEqual([
      "apps[0]: [rogue/Deployment/oncall/rogue] spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: must be false under Pod Security 'restricted', which namespace oncall enforces",
      "apps[0]: [rogue/Deployment/oncall/rogue] spec.template.spec.containers[0].securityContext.capabilities.drop: must include ALL under Pod Security 'restricted', which namespace oncall enforces",
      "apps[0]: [rogue/Deployment/oncall/rogue] spec.template.spec.containers[0].securityContext.seccompProfile.type: must be RuntimeDefault or Localhost (here or on the pod) under Pod Security 'restricted', which namespace oncall enforces",
    ]);
  });

  test("under baseline, host namespaces, host paths and privileged containers are still refused", () => {
    const t = sampleTree((p) => (p.teams[0].podSecurity = "baseline"), [
      extra("rogue", "clusters/gcp-b/apps/rogue", "gcp-b", [deployment({ privileged: true }, { hostNetwork: true, volumes: [{ name: "h", hostPath: { path: "/" } }] })]),
    ]);
    expect(podSecurity.run(t).map((f) => f.message.split(" under ")[0])).toEqual([
      "spec.template.spec.hostNetwork: must not be true",
      "spec.template.spec.volumes[0].hostPath: host paths are not allowed",
      "spec.template.spec.containers[0].securityContext.privileged: must not be true",
    ]);
  });

  test("every rendered workload of the sample passes its namespace's level", () => {
    expect(podSecurity.run(sampleTree((p) => (p.apps[0].components = [{ name: "api" }, { name: "web" }])))).toEqual([]);
  });

  test("a Secret with data in the rendered tree is refused", () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "leak", namespace: "oncall" }, stringData: { password: "hunter2" } };
    expect(noSecretData.run(sampleTree(() => {}, [extra("leak", "x", "gcp-b", [secret])])).map((f) => f.message)).toEqual([
      "is a Secret with data in git; put the value in the cluster's secret backend and render an ExternalSecret instead",
    ]);
  });

  const set = (generators: object[], steps: object[], labels: object = { "basecamp.dev/provider": '{{index .metadata.labels "basecamp.dev/provider"}}' }) => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name: "probe", namespace: "argocd" },
    spec: {
      goTemplate: true,
      generators,
      strategy: { type: "RollingSync", rollingSync: { steps } },
      template: { metadata: { name: "{{.name}}--probe", labels }, spec: { project: "platform", source: { repoURL: "https://charts.example", chart: "x", targetRevision: "1.0.0" }, destination: { name: "{{.name}}", namespace: "x" } } },
    },
  });
  const step = (provider: string) => ({ matchExpressions: [{ key: "basecamp.dev/provider", operator: "In", values: [provider] }] });

  test("a cluster generator whose selector matches no registered cluster is an error", () => {
    const t = sampleTree(() => {}, [extra("probe", "hub-probe", "aws-a", [set([{ clusters: { selector: { matchLabels: { enable_nothing: "true" } } } }], [])])]);
    expect(clustersAreSelected.run(t).map((f) => f.message)).toEqual([`generators[0] selects no registered cluster ({"matchLabels":{"enable_nothing":"true"}}); registered: aws-a, gcp-b, azure-c`]);
  });

  test("a rollout step that selects nothing, and an Application outside every step, are errors", () => {
    const t = sampleTree(() => {}, [extra("probe", "hub-probe", "aws-a", [set([{ clusters: { selector: { matchLabels: { "argocd.argoproj.io/secret-type": "cluster" } } } }], [step("aws"), step("proxmox"), step("gcp")])])]);
    expect(rolloutSteps.run(t).map((f) => f.message)).toEqual([
      `rollingSync step 2 ([{"key":"basecamp.dev/provider","operator":"In","values":["proxmox"]}]) selects no generated Application`,
      "Application 'azure-c--probe' matches no rollingSync step, so it would never sync",
    ]);
    expect(rolloutSteps.run(sampleTree())).toEqual([]);
  });

  test("an ExternalSecret must read a key its cluster's stack writes", () => {
    const es = { apiVersion: "external-secrets.io/v1", kind: "ExternalSecret", metadata: { name: "x", namespace: "oncall" }, spec: { secretStoreRef: { kind: "ClusterSecretStore", name: "cluster-secrets" }, target: { name: "x" }, dataFrom: [{ extract: { key: "acme-gcp-b-ghost-database" } }] } };
    const t = sampleTree(() => {}, [extra("x", "clusters/gcp-b/x", "gcp-b", [es])]);
    expect(databaseSecretKeys.run(t).map((f) => f.message)).toEqual(["reads 'acme-gcp-b-ghost-database', which the Terraform stack of gcp-b does not write"]);
    expect(databaseSecretKeys.run(sampleTree((p) => (p.apps[0].database = {})))).toEqual([]);
  });
});

describe("one source type per Argo CD source", () => {
  test("the shipped tree passes: the OCI Envoy chart carries helm only", () => {
    const t = sampleTree();
    expect(oneSourceType.run(t)).toEqual([]);
    const fleet = t.charts.flatMap((c) => c.objects).find((o) => o.kind === "ApplicationSet" && o.metadata.name === "fleet") as any;
    const envoy = fleet.spec.generators.find((g: any) => g.clusters.template.metadata.labels["basecamp.dev/addon"] === "envoy-gateway").clusters.template;
    expect(Object.keys(envoy.spec.sources[0]).sort()).toEqual(["helm", "path", "repoURL", "targetRevision"]);
  });

  test("a chart source with a directory, or a folder with two types, is refused", () => {
    const bad = application("clusters/aws-a/platform", "two");
    (bad.spec.source as any).directory = { recurse: false };
    (bad.spec.source as any).helm = { valueFiles: [] };
    const chart = application("", "chart");
    chart.spec.source = { repoURL: "oci://docker.io/envoyproxy/gateway-helm", targetRevision: "v1.9.0", chart: "gateway-helm", directory: {} } as any;
    const t = sampleTree(() => {}, [extra("extra", "hub-extra", "aws-a", [bad, chart], "apps[0]")]);
    expect(oneSourceType.run(t).map((f) => `${f.where}: ${f.message}`)).toEqual([
      "extra/Application/argocd/two: source 0 (https://git.example/acme/platform.git) carries directory and helm; Argo CD accepts one source type",
      "extra/Application/argocd/chart: source 0 is chart 'gateway-helm' with directory; a chart takes helm only",
    ]);
  });
});

describe("bootstrap admission", () => {
  test("every Application of bootstrap/ and hub/ is admitted while the hub is still in-cluster", () => {
    expect(bootstrapAdmission.run(sampleTree())).toEqual([]);
  });

  test("a platform project that admits the hub by name only refuses them (the bootstrap deadlock)", () => {
    const t = sampleTree();
    const byName = {
      ...t,
      charts: t.charts.map((c) => ({
        ...c,
        objects: c.objects.map((o: any) => (o.kind === "AppProject" && o.metadata.name === "platform" ? { ...o, spec: { ...o.spec, destinations: o.spec.destinations.filter((d: any) => !d.server) } } : o)),
      })),
    };
    const findings = bootstrapAdmission.run(byName);
    expect(findings.map((f) => f.where)).toEqual(expect.arrayContaining(["bootstrap/Application/argocd/hub", "bootstrap/Application/argocd/root", "hub/Application/argocd/argo-cd"]));
    expect(findings[0].message).toContain("which project 'platform' refuses while the hub has no cluster Secret of its own (it is 'in-cluster' then); admit https://kubernetes.default.svc");
  });
});

describe("one writer per DNS name", () => {
  const entry = (p: any) => (p.platform.entry = { host: "triage", app: "triage" });
  test("the entry name is the global stack's: every ExternalDNS is told to leave it, though the routes carry it", () => {
    const t = sampleTree(entry);
    expect(oneDnsWriter.run(t)).toEqual([]);
    const route = t.charts.filter((c) => c.cluster === "aws-a").flatMap((c) => c.objects).find((o) => o.kind === "HTTPRoute" && ((o.spec as any).hostnames ?? []).includes("triage.acme.example"));
    expect(route).toBeDefined();
  });

  test("an ExternalDNS that would publish it too is refused, naming the route", () => {
    const t = sampleTree(entry);
    const greedy = { ...t, addOns: (c: any) => t.addOns(c).map((a) => (a.name === "external-dns" ? { ...a, values: (cl: any, p: any) => ({ ...a.values(cl, p), extraArgs: [] }) } : a)) };
    const findings = oneDnsWriter.run(greedy);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0].message).toMatch(/^ExternalDNS of \S+ would publish triage\.acme\.example, which the global stack owns/);
  });
});

describe("every custom resource has its CRD from an add-on of its cluster, earlier", () => {
  const withDb = (p: any) => (p.apps[0].database = {});
  const mutate = (t: any, name: string, change: (a: any) => any) => ({ ...t, addOns: (c: any) => t.addOns(c).map((a: any) => (a.name === name ? change(a) : a)) });

  test("the shipped tree passes", () => {
    expect(crdProviders.run(sampleTree(withDb))).toEqual([]);
  });

  test("a kind no add-on of the cluster installs is refused", () => {
    const findings = crdProviders.run(mutate(sampleTree(withDb), "system-upgrade-controller", (a) => ({ ...a, provides: [] })));
    expect(findings.map((f) => f.message)).toEqual(expect.arrayContaining(["is a upgrade.cattle.io/v1 Plan, which no add-on of home-d installs the CRD of"]));
  });

});

describe("ordering: nothing a wave or rollout step waits for comes from a later one", () => {
  const withDb = (p: any) => (p.apps[0].database = {});
  const shipped = sampleTree(withDb);
  /** The tree as rendered, with its objects edited: a rendering mistake. */
  const edited = (change: (objects: (chart: string) => any[], charts: any[]) => void) => {
    const charts = structuredClone(shipped.charts) as any[];
    change((id) => charts.find((c) => c.id === id)!.objects, charts);
    return { ...shipped, charts };
  };
  const said = (t: any) => ordering.run(t).map((f) => `${f.where}: ${f.message}`);
  const wave = (o: any, w: number) => (o.metadata.annotations["argocd.argoproj.io/sync-wave"] = String(w));

  test("the shipped tree passes, push and pull", () => {
    expect(ordering.run(shipped)).toEqual([]);
  });

  test("a pull-mode operator whose wave is not before the folder that uses its CRD", () => {
    const t = edited((objects) => wave(objects("home-d--argocd").find((o) => o.metadata.name === "addon-cloudnative-pg"), 0));
    expect(said(t)).toContain("home-d--platform/Cluster/oncall/triage-db: waits at wave -5 on the CRD of postgresql.cnpg.io/v1 Cluster, which addon-cloudnative-pg makes only at wave 0: that step never becomes healthy, so the later one never syncs");
  });

  test("the homelab deadlock: Prometheus at wave -20 waiting for its ingest token from the platform folder at -5", () => {
    const t = edited((_, charts) => {
      const base = charts.find((c) => c.id === "home-d--observability-secrets");
      base.dir = "clusters/home-d/platform";
    });
    expect(said(t)).toEqual(
      expect.arrayContaining([
        "home-d/addon-kube-prometheus-stack: waits at wave -20 on Secret monitoring/ingest-token, which platform makes only at wave -5: that step never becomes healthy, so the later one never syncs",
        "home-d/addon-opentelemetry-collector: waits at wave -10 on Secret opentelemetry/ingest-token, which platform makes only at wave -5: that step never becomes healthy, so the later one never syncs",
      ]),
    );
  });

  test("a fleet step out of order: the app before its platform folder waits on its namespace and its database Secret", () => {
    const t = edited((objects) => {
      const steps: any[] = objects("hub").find((o) => o.kind === "ApplicationSet").spec.strategy.rollingSync.steps;
      const at = (w: string) => steps.findIndex((s) => s.matchExpressions[0].values[0] === "aws-a" && s.matchExpressions[1].values[0] === w);
      const [p, a] = [at("minus-5"), at("0")];
      [steps[p], steps[a]] = [steps[a], steps[p]];
    });
    const found = said(t);
    expect(found).toContainEqual(expect.stringMatching(/^aws-a--app--triage\/Deployment\/oncall\/triage: waits at rollout step \d+ of fleet on Namespace oncall, which aws-a--platform makes only at rollout step \d+ of fleet/));
    expect(found).toContainEqual(expect.stringMatching(/^aws-a--app--triage\/Deployment\/oncall\/triage: waits at rollout step \d+ of fleet on Secret oncall\/triage-database, which aws-a--platform makes only/));
  });

  test("an add-on's namespace that nothing makes, and a StorageClass made after the volume that names it", () => {
    const t = edited((_, charts) => {
      const base = charts.find((c) => c.id === "gcp-b--base");
      const i = base.objects.findIndex((o: any) => o.kind === "Namespace" && o.metadata.name === "opencost");
      base.objects.splice(i, 1);
      base.origins.splice(i, 1);
      const from = charts.find((c) => c.id === "aws-a--base");
      const j = from.objects.findIndex((o: any) => o.kind === "StorageClass");
      charts.find((c) => c.id === "aws-a--platform").objects.push(from.objects[j]);
      charts.find((c) => c.id === "aws-a--platform").origins.push(from.origins[j]);
      from.objects.splice(j, 1);
      from.origins.splice(j, 1);
    });
    const found = said(t);
    expect(found).toContainEqual(expect.stringMatching(/^gcp-b\/gcp-b--addon-opencost: waits at rollout step \d+ of fleet on Namespace opencost, which nothing Argo CD syncs to gcp-b makes$/));
    expect(found).toContainEqual(expect.stringMatching(/^aws-a\/aws-a--addon-kube-prometheus-stack \(values prometheus\.prometheusSpec\.storageSpec\.volumeClaimTemplate\): waits at rollout step \d+ of fleet on StorageClass gp3, which aws-a--platform makes only/));
  });
});
