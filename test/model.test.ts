import { ConfigError } from "../lib/model/errors";
import { parsePlatform } from "../lib/model/load";
import { sampleText, SAMPLE } from "./helpers/platform";

/** The issues of an invalid description, as "path: message". */
function issuesOf(text: string): string[] {
  try {
    parsePlatform(text);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error("the description was accepted");
}

describe("a valid description", () => {
  test("parses with defaults filled in", () => {
    const p = parsePlatform(sampleText());
    expect(p.platform.gitops.branch).toBe("rendered-manifests");
    expect(p.clusters[0]).toMatchObject({ traffic: "active", kubernetesVersion: "1.32", nodes: { count: 3, size: "medium" } });
    expect(p.apps[0]).toMatchObject({ clusters: "all", replicas: 2, port: 8080, health: { liveness: "/healthz", readiness: "/readyz" } });
  });

  test("reads YAML as well as JSON", () => {
    const yaml = `platform: { name: a, domain: a.example, gitops: { repoURL: "git@git.example:a/b.git", hub: one } }
clusters:
  - { name: one, provider: aws, region: us-east-1, network: { cidr: 10.0.0.0/16 } }
`;
    expect(parsePlatform(yaml).clusters.map((c) => c.name)).toEqual(["one"]);
  });

  test("the shipped platform.yaml describes one cluster per provider, three teams and triage everywhere", () => {
    const { loadPlatform } = require("../lib/model/load");
    const p = loadPlatform(require("path").join(__dirname, "..", "platform.yaml"));
    expect(p.clusters.map((c: any) => c.provider).sort()).toEqual(["aws", "azure", "gcp", "proxmox"]);
    expect(p.teams.length).toBeGreaterThanOrEqual(3);
    expect(p.apps.find((a: any) => a.name === "triage")?.clusters).toBe("all");
  });
});

describe("every invalid field is named with what is allowed", () => {
  const cases: [string, (p: any) => void, string][] = [
    ["unknown top-level key", (p) => (p.cluster = []), ": unknown key 'cluster'; allowed: platform, clusters, teams, apps"],
    ["typo in a cluster key", (p) => (p.clusters[0].regoin = "x"), "clusters[0]: unknown key 'regoin'; allowed: name, region, network, traffic, kubernetesVersion, nodes, provider"],
    ["unknown provider", (p) => (p.clusters[0].provider = "digitalocean"), "clusters[0].provider: 'provider' must be one of: aws, gcp, azure, proxmox"],
    ["cluster name not a DNS label", (p) => (p.clusters[0].name = "AWS_A"), "clusters[0].name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit"],
    ["cluster name too long", (p) => (p.clusters[0].name = "a".repeat(41)), "clusters[0].name: must be at most 40 characters"],
    ["cluster name starting with a digit", (p) => (p.clusters[0].name = "1aws"), "clusters[0].name: must start with a letter"],
    ["empty region", (p) => (p.clusters[2].region = ""), "clusters[2].region: must be a region name such as westeurope"],
    ["AWS region in GCP form", (p) => (p.clusters[0].region = "us-east1"), "clusters[0].region: must be a region name such as eu-west-1"],
    ["GCP cluster without a project", (p) => delete p.clusters[1].project, "clusters[1].project: is required (a string)"],
    ["proxmox endpoint over http", (p) => (p.clusters[3].endpoint = "http://pve:8006"), "clusters[3].endpoint: must be an https:// URL such as https://pve.home.arpa:8006/"],
    ["CIDR that is not one", (p) => (p.clusters[0].network.cidr = "10.0.0.0/33"), "clusters[0].network.cidr: must be an IPv4 CIDR with its host bits zero, such as 10.10.0.0/16"],
    ["CIDR with host bits", (p) => (p.clusters[0].network.cidr = "10.10.1.0/16"), "clusters[0].network.cidr: must be an IPv4 CIDR with its host bits zero, such as 10.10.0.0/16"],
    ["CIDR too small for the subnets", (p) => (p.clusters[0].network.cidr = "10.10.0.0/24"), "clusters[0].network.cidr: prefix length must be between /8 and /20, so the cluster's subnets fit"],
    ["overlapping CIDRs", (p) => (p.clusters[1].network.cidr = "10.10.128.0/17"), "clusters[1].network.cidr: 10.10.128.0/17 overlaps 10.10.0.0/16 of cluster 'aws-a' (clusters[0]); give each cluster its own range"],
    ["unknown traffic mode", (p) => (p.clusters[0].traffic = "off"), 'clusters[0].traffic: Invalid option: expected one of "active"|"drain"'],
    ["no active cluster", (p) => p.clusters.forEach((c: any) => (c.traffic = "drain")), "clusters: at least one cluster must have traffic: active, or the public entry point has nowhere to send users"],
    ["duplicate cluster", (p) => (p.clusters[1].name = "aws-a"), "clusters[1].name: duplicate cluster name 'aws-a' (first at clusters[0]); names must be unique"],
    ["cluster named like the global stack", (p) => ((p.clusters[0].name = "global"), (p.platform.gitops.hub = "global")), "clusters[0].name: 'global' is the name of the global stack; pick another cluster name"],
    ["missing platform section", (p) => delete p.platform, "platform: is required (an object)"],
    ["no clusters", (p) => (p.clusters = []), "clusters: describe at least one cluster"],
    ["hub that is not a cluster", (p) => (p.platform.gitops.hub = "nowhere"), "platform.gitops.hub: 'nowhere' is not a cluster; allowed: aws-a, gcp-b, azure-c, home-d"],
    ["repoURL that is not a git URL", (p) => (p.platform.gitops.repoURL = "github.com/acme"), "platform.gitops.repoURL: must be an https://, ssh:// or git@ URL"],
    ["domain with capitals", (p) => (p.platform.domain = "Acme.example"), "platform.domain: must be a lowercase DNS name such as example.com"],
    ["duplicate team", (p) => p.teams.push({ ...p.teams[0] }), "teams[1].name: duplicate team name 'oncall' (first at teams[0]); names must be unique"],
    ["team named like a system namespace", (p) => ((p.teams[0].name = "kube-system"), (p.apps[0].team = "kube-system")), "teams[0].name: 'kube-system' is a namespace the platform or Kubernetes owns; reserved: default, argocd, kube-*"],
    ["team without owners", (p) => (p.teams[0].owners = []), "teams[0].owners: a team needs at least one owner"],
    ["owner that is not an e-mail", (p) => (p.teams[0].owners = ["bob"]), "teams[0].owners[0]: must be an e-mail address"],
    ["memory quota without a unit we know", (p) => (p.teams[0].quota.memory = "16GB"), "teams[0].quota.memory: must be a Kubernetes memory quantity such as 16Gi"],
    ["app of an unknown team", (p) => (p.apps[0].team = "ghosts"), "apps[0].team: 'ghosts' is not a team; allowed: oncall"],
    ["app on an unknown cluster", (p) => (p.apps[0].clusters = ["aws-a", "mars"]), "apps[0].clusters[1]: 'mars' is not a cluster; allowed: all, aws-a, gcp-b, azure-c, home-d"],
    ["app clusters neither all nor a list", (p) => (p.apps[0].clusters = "some"), "apps[0].clusters: must be 'all' or a list of cluster names"],
    ["image without a registry", (p) => (p.apps[0].image = "triage:1.0"), "apps[0].image: must be registry/repo:tag or registry/repo@sha256:<64 hex digits>, with the registry host named"],
    ["image on latest", (p) => (p.apps[0].image = "ghcr.io/acme/triage:latest"), "apps[0].image: the 'latest' tag moves under you; pin a version tag or a digest"],
    ["duplicate app", (p) => p.apps.push({ ...p.apps[0] }), "apps[1].name: duplicate app name 'triage' (first at apps[0]); names must be unique"],
    ["duplicate component", (p) => (p.apps[0].components = [{ name: "api" }, { name: "api" }]), "apps[0].components[1].name: duplicate component name 'api' (first at apps[0].components[0]); names must be unique"],
    ["health path without a slash", (p) => (p.apps[0].health = { liveness: "healthz" }), "apps[0].health.liveness: must be a path starting with /"],
  ];

  test.each(cases)("%s", (_, edit, expected) => {
    expect(issuesOf(sampleText(edit))).toContain(expected);
  });

  test("a digest-pinned image is accepted", () => {
    const digest = `ghcr.io/acme/triage@sha256:${"a".repeat(64)}`;
    expect(parsePlatform(sampleText((p) => (p.apps[0].image = digest))).apps[0].image).toBe(digest);
  });

  test("all problems are reported at once, with the line in the file", () => {
    const text = `platform: { name: a, domain: a.example, gitops: { repoURL: "https://g.example/a.git", hub: one } }
clusters:
  - name: one
    provider: aws
    region: us-east-1
    network: { cidr: 10.0.0.0/33 }
    regoin: x
`;
    try {
      parsePlatform(text, "p.yaml");
      throw new Error("accepted");
    } catch (e) {
      expect((e as Error).message.split("\n")).toEqual([
        "p.yaml:6: clusters[0].network.cidr: must be an IPv4 CIDR with its host bits zero, such as 10.10.0.0/16",
        "p.yaml:7: clusters[0]: unknown key 'regoin'; allowed: name, region, network, traffic, kubernetesVersion, nodes, provider",
      ]);
    }
  });

  test("YAML syntax errors and duplicate keys name the line", () => {
    expect(() => parsePlatform("platform:\n  name: a\n  name: b\n", "p.yaml")).toThrow(/^p\.yaml:3: \(top level\): not valid YAML: Map keys must be unique/);
  });

  test("a missing file is a ConfigError, not a crash", () => {
    const { loadPlatform } = require("../lib/model/load");
    expect(() => loadPlatform("/nonexistent/platform.yaml")).toThrow("/nonexistent/platform.yaml: (top level): cannot read the file (ENOENT)");
  });

  test("SAMPLE itself stays valid", () => {
    expect(() => parsePlatform(JSON.stringify(SAMPLE))).not.toThrow();
  });
});
