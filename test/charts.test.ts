import { sampleTree } from "./helpers/platform";

function charts(edit: (p: any) => void = () => {}) {
  return new Map(sampleTree(edit).charts.map((c) => [c.id, { dir: c.dir, objects: c.objects as any[] }]));
}

const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

describe("the Argo CD layer", () => {
  test("bootstrap holds the platform project and the root app, which syncs hub/ from the rendered branch", () => {
    const { dir, objects } = charts().get("bootstrap")!;
    expect(dir).toBe("bootstrap");
    const root = find(objects, "Application", "root");
    expect(root.spec.source).toEqual({
      repoURL: "https://git.example/acme/platform.git",
      targetRevision: "rendered-manifests",
      path: "hub",
      directory: { recurse: false },
    });
    expect(root.spec.destination).toEqual({ name: "in-cluster", namespace: "argocd" });
    expect(root.spec.project).toBe("platform");
    expect(find(objects, "AppProject", "platform")).toBeDefined();
  });

  test("an ApplicationSet deploys triage to every cluster: the hub as in-cluster, the rest by name", () => {
    const hub = charts().get("hub")!.objects;
    const set = find(hub, "ApplicationSet", "app-triage");
    expect(set.spec.generators).toEqual([
      {
        list: {
          elements: [
            { cluster: "aws-a", destination: "in-cluster" },
            { cluster: "gcp-b", destination: "gcp-b" },
            { cluster: "azure-c", destination: "azure-c" },
            { cluster: "home-d", destination: "home-d" },
          ],
        },
      },
    ]);
    expect(set.spec.template.spec.source.path).toBe("clusters/{{.cluster}}/apps/triage");
    expect(set.spec.template.spec.destination).toEqual({ name: "{{.destination}}", namespace: "oncall" });
    expect(set.spec.template.spec.project).toBe("team-oncall");
    expect(set.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    expect(set.spec.goTemplateOptions).toEqual(["missingkey=error"]);
  });

  test("an app on some clusters is rendered and generated only there", () => {
    const all = charts((p) => (p.apps[0].clusters = ["gcp-b", "home-d"]));
    const set = find(all.get("hub")!.objects, "ApplicationSet", "app-triage");
    expect(set.spec.generators[0].list.elements.map((e: any) => e.cluster)).toEqual(["gcp-b", "home-d"]);
    expect([...all.keys()].filter((id) => id.endsWith("--triage"))).toEqual(["gcp-b--app--triage", "home-d--app--triage"]);
    expect(all.get("gcp-b--app--triage")!.dir).toBe("clusters/gcp-b/apps/triage");
  });

  test("each team gets its own project, limited to its namespace on its apps' clusters, never the default project", () => {
    const hub = charts((p) => {
      p.teams.push({ name: "search", owners: ["s@acme.example"], quota: { cpu: "1", memory: "1Gi", pods: 5 } });
      p.apps.push({ name: "finder", team: "search", image: "ghcr.io/acme/finder:2.0", clusters: ["azure-c"] });
    }).get("hub")!.objects;
    expect(find(hub, "AppProject", "team-search").spec).toMatchObject({
      destinations: [{ name: "azure-c", namespace: "search" }],
      clusterResourceWhitelist: [],
      sourceRepos: ["https://git.example/acme/platform.git"],
    });
    expect(find(hub, "AppProject", "team-search").spec.namespaceResourceBlacklist).toContainEqual({ group: "", kind: "ResourceQuota" });
    const projects = hub.filter((o) => o.kind === "ApplicationSet").map((o) => o.spec.template.spec.project);
    expect(projects).not.toContain("default");
  });

  test("every cluster gets the team namespaces through the cluster-platform ApplicationSet", () => {
    const all = charts();
    const set = find(all.get("hub")!.objects, "ApplicationSet", "cluster-platform");
    expect(set.spec.generators[0].list.elements).toHaveLength(4);
    expect(set.spec.template.spec.source.path).toBe("clusters/{{.cluster}}/platform");
    const platform = all.get("azure-c--platform")!;
    expect(platform.dir).toBe("clusters/azure-c/platform");
    expect(platform.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["Namespace/oncall", "ResourceQuota/team-quota"]);
  });

  test("components become one Deployment each, named app-component, with their own image", () => {
    const objects = charts((p) => {
      p.apps[0].components = [{ name: "api" }, { name: "frontend", image: "ghcr.io/acme/triage-web:1.4.0", port: 3000 }];
    }).get("aws-a--app--triage")!.objects;
    const deployments = objects.filter((o) => o.kind === "Deployment");
    expect(deployments.map((d) => [d.metadata.name, d.spec.template.spec.containers[0].image, d.spec.template.spec.containers[0].ports[0].containerPort])).toEqual([
      ["triage-api", "ghcr.io/acme/triage:1.4.0", 8080],
      ["triage-frontend", "ghcr.io/acme/triage-web:1.4.0", 3000],
    ]);
    expect(deployments.every((d) => d.metadata.namespace === "oncall")).toBe(true);
  });
});
