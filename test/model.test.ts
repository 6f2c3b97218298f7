import { ConfigError } from "../lib/model/errors";
import { parsePlatform } from "../lib/model/load";
import { RESERVED_NAMESPACES } from "../lib/model/reserved";
import { issuesOf, sampleText, SAMPLE } from "./helpers/platform";

describe("a valid description", () => {
  test("parses with defaults filled in", () => {
    const p = parsePlatform(sampleText());
    expect(p.platform.gitops.branch).toBe("rendered-manifests");
    expect(p.clusters[0]).toMatchObject({
      traffic: "active",
      kubernetesVersion: "1.35",
      nodes: { system: { count: 2, size: "medium" }, workload: { min: 2, max: 6, size: "medium" } },
      network: { natPerZone: false },
      budget: { alerts: [80, 100] },
    });
    expect(p.apps[0]).toMatchObject({ clusters: "all", replicas: 2, port: 8080, health: { liveness: "/healthz", readiness: "/readyz" } });
  });

  test("reads YAML as well as JSON", () => {
    const yaml = `platform: { name: a, domain: a.example, owner: ops, awsAccount: "111122223333", gitops: { repoURL: "git@git.example:a/b.git", hub: one }, state: { aws: { bucket: a-state, region: us-east-1 } } }
guardrails: { registries: [ghcr.io/a], signatures: [{ name: ci, images: "ghcr.io/a/*", keyless: { issuer: "https://token.actions.githubusercontent.com", subject: x } }] }
clusters:
  - { name: one, provider: aws, region: us-east-1, network: { cidr: 10.0.0.0/16, zones: [us-east-1a, us-east-1b] }, budget: { monthly: 100 } }
teams: [{ name: ops, owners: [ops@a.example], quota: { cpu: "1", memory: 1Gi, pods: 10 }, alerts: { slack: "#ops" } }]
`;
    expect(parsePlatform(yaml).clusters.map((c) => c.name)).toEqual(["one"]);
  });

  test("the shipped description (its copy in test/fixtures) describes one cluster per provider, three teams and triage everywhere", () => {
    const { loadPlatform } = require("../lib/model/load");
    const p = loadPlatform(require("path").join(__dirname, "fixtures", "platform.yaml"));
    expect(p.clusters.map((c: any) => c.provider).sort()).toEqual(["aws", "azure", "gcp", "proxmox"]);
    expect(p.teams.length).toBeGreaterThanOrEqual(3);
    expect(p.apps.find((a: any) => a.name === "triage")?.clusters).toBe("all");
  });
});

/** A valid exception of the sample, which cases change one field of. */
const EXCEPTION = { policy: "require-probes", app: "triage", reason: "the worker has no HTTP endpoint yet", expires: "2999-12-31" };

describe("every invalid field is named with what is allowed", () => {
  const cases: [string, (p: any) => void, string | jest.AsymmetricMatcher][] = [
    ["unknown top-level key", (p) => (p.cluster = []), ": unknown key 'cluster'; allowed: platform, clusters, teams, apps, guardrails, retired"],
    ["typo in a cluster key", (p) => (p.clusters[0].regoin = "x"), "clusters[0]: unknown key 'regoin'; allowed: name, region, traffic, kubernetesVersion, nodes, budget, provider, network"],
    ["unknown provider", (p) => (p.clusters[0].provider = "digitalocean"), "clusters[0].provider: 'provider' must be one of: aws, gcp, azure, proxmox"],
    ["cluster name not a DNS label", (p) => (p.clusters[0].name = "AWS_A"), "clusters[0].name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit"],
    ["cluster name too long", (p) => (p.clusters[0].name = "a".repeat(41)), "clusters[0].name: must be at most 40 characters"],
    ["cluster name starting with a digit", (p) => (p.clusters[0].name = "1aws"), "clusters[0].name: must start with a letter"],
    ["empty region", (p) => (p.clusters[2].region = ""), "clusters[2].region: must be a region name such as westeurope"],
    ["AWS region in GCP form", (p) => (p.clusters[0].region = "us-east1"), "clusters[0].region: must be a region name such as eu-west-1"],
    ["GCP cluster without a project", (p) => delete p.clusters[1].project, "clusters[1].project: is required (a string)"],
    ["proxmox endpoint over http", (p) => (p.clusters[3].endpoint = "http://pve:8006"), "clusters[3].endpoint: must be an https:// URL such as https://pve.home.arpa:8006/"],
    ["CIDR that is not one", (p) => (p.clusters[0].network.cidr = "10.0.0/16"), "clusters[0].network.cidr: must be an IPv4 CIDR such as 10.10.0.0/16"],
    ["CIDR with a prefix past /32", (p) => (p.clusters[2].network.cidr = "10.30.0.0/33"), "clusters[2].network.cidr: has the prefix /33; an IPv4 prefix is /0 to /32"],
    ["CIDR with an octet past 255", (p) => (p.clusters[0].network.cidr = "10.300.0.0/16"), "clusters[0].network.cidr: has the octet 300; each of the four must be 0 to 255"],
    ["CIDR with host bits", (p) => (p.clusters[0].network.cidr = "10.10.1.0/16"), "clusters[0].network.cidr: has host bits set; the network of 10.10.1.0/16 is 10.10.0.0/16"],
    ["CIDR too small for the subnets", (p) => (p.clusters[0].network.cidr = "10.10.0.0/24"), "clusters[0].network.cidr: has the prefix /24; a cluster range must be /8 to /20, so its subnets fit"],
    ["overlapping CIDRs", (p) => (p.clusters[1].network.cidr = "10.10.128.0/17"), "clusters[1].network.cidr: 10.10.128.0/17 overlaps 10.10.0.0/16 of cluster 'aws-a' (clusters[0]); give each cluster its own range"],
    ["unknown traffic mode", (p) => (p.clusters[0].traffic = "off"), "clusters[0].traffic: must be one of: active, drain"],
    ["no active cluster", (p) => p.clusters.forEach((c: any) => (c.traffic = "drain")), "clusters: at least one cluster must have traffic: active, or the public entry point has nowhere to send users"],
    ["duplicate cluster", (p) => (p.clusters[1].name = "aws-a"), "clusters[1].name: duplicate cluster name 'aws-a' (first at clusters[0]); names must be unique"],
    ["cluster named like the global stack", (p) => ((p.clusters[0].name = "global"), (p.platform.gitops.hub = "global")), "clusters[0].name: 'global' is the name of the global stack; pick another cluster name"],
    ["missing platform section", (p) => delete p.platform, "platform: is required (an object)"],
    ["no clusters", (p) => (p.clusters = []), "clusters: describe at least one cluster"],
    ["hub that is not a cluster", (p) => (p.platform.gitops.hub = "nowhere"), "platform.gitops.hub: 'nowhere' is not a cluster; allowed: aws-a, gcp-b, azure-c, home-d"],
    ["hub on another cloud", (p) => (p.platform.gitops.hub = "gcp-b"), "platform.gitops.hub: 'gcp-b' is a gcp cluster; the hub must be an aws cluster, whose IAM identities the other clouds trust"],
    ["owner that is not a team", (p) => (p.platform.owner = "nobody"), "platform.owner: 'nobody' is not a team; allowed: oncall"],
    ["no state store for the gcp clusters", (p) => delete p.platform.state.gcp, "platform.state: has no 'gcp' store, but clusters[1] is a gcp cluster; add state.gcp"],
    ["a retired cluster that is still described", (p) => (p.retired = { clusters: ["gcp-b"] }), "retired.clusters[0]: 'gcp-b' is still described in clusters; retire a cluster only after removing it there"],
    ["a retired database that is still described", (p) => ((p.apps[0].database = {}), (p.retired = { databases: ["aws-a/triage"] })), "retired.databases[0]: app 'triage' still has a database on aws-a; remove apps[].database (or the cluster from the app) before retiring it"],
    ["zone of another region", (p) => (p.clusters[0].network.zones = ["eu-west-1a", "us-east-1b"]), "clusters[0].network.zones[1]: 'us-east-1b' is not a zone of eu-west-1; use eu-west-1a, eu-west-1b, ..."],
    ["one zone only", (p) => (p.clusters[1].network.zones = ["europe-west4-a"]), "clusters[1].network.zones: list at least two zones, so a zone outage leaves the cluster running"],
    ["GCP zone of another region", (p) => (p.clusters[1].network.zones = ["europe-west4-a", "europe-west1-b"]), "clusters[1].network.zones[1]: 'europe-west1-b' is not a zone of europe-west4; use europe-west4-a, europe-west4-b, ..."],
    ["Azure zone 4", (p) => (p.clusters[2].network.zones = ["1", "4"]), "clusters[2].network.zones[1]: must be an availability zone: 1, 2 or 3"],
    ["Azure admin group that is not a UUID", (p) => (p.clusters[2].adminGroup = "admins"), "clusters[2].adminGroup: must be a lowercase UUID"],
    ["GCP cluster without a billing account", (p) => delete p.clusters[1].billingAccount, "clusters[1].billingAccount: is required (a string)"],
    ["a cluster without a budget", (p) => delete p.clusters[0].budget, "clusters[0].budget: is required (an object)"],
    ["a budget alert of 0%", (p) => (p.clusters[0].budget.alerts = [0, 100]), "clusters[0].budget.alerts[0]: must be a whole number from 1 to 500 (got 0)"],
    ["a Kubernetes version past its support", (p) => (p.clusters[1].kubernetesVersion = "1.34"), "clusters[1].kubernetesVersion: 1.34 left standard support on gcp on 2026-10-01; upgrade to 1.35"],
    ["a Kubernetes version basecamp does not know", (p) => (p.clusters[0].kubernetesVersion = "1.29"), "clusters[0].kubernetesVersion: 1.29 is not in basecamp's support table (lib/model/kubernetes-versions.ts, as of 2026-11-22); allowed: 1.34, 1.35, 1.36"],
    ["proxmox gateway outside the VMs' subnet", (p) => (p.clusters[3].network.gateway = "10.40.1.1"), "clusters[3].network.gateway: 10.40.1.1 is outside the VMs' subnet 10.40.0.0/24; the gateway must be inside it"],
    ["proxmox load balancers outside the VMs' subnet", (p) => (p.clusters[3].loadBalancers = "10.41.0.0/28"), "clusters[3].loadBalancers: 10.41.0.0/28 is outside the VMs' subnet; the load balancer range must be inside it"],
    ["proxmox in push mode", (p) => (p.clusters[3].delivery = "push"), "clusters[3].delivery: must be pull: the hub cannot dial into a home network, so the cluster pulls the rendered branch itself"],
    ["an AWS account that is not one", (p) => (p.platform.awsAccount = "12345"), "platform.awsAccount: must be a 12-digit AWS account id"],
    ["proxmox with an even number of servers", (p) => (p.clusters[3].nodes = { system: { count: 2 } }), "clusters[3].nodes.system.count: is 2; K3s servers with embedded etcd need a majority: use 1, 3 or 5"],
    ["proxmox agents that would autoscale", (p) => (p.clusters[3].nodes = { workload: { min: 2, max: 4 } }), "clusters[3].nodes.workload: min (2) and max (4) differ, but a Proxmox cluster has no autoscaler: give them one value"],
    ["proxmox API address on a VM's address", (p) => (p.clusters[3].apiAddress = "10.40.0.12"), "clusters[3].apiAddress: 10.40.0.12 is one of the VMs' addresses (.11 and up); the API address must be .1 to .10 of the /24"],
    ["proxmox load balancers on the agents' addresses", (p) => (p.clusters[3].loadBalancers = "10.40.0.16/28"), "clusters[3].loadBalancers: 10.40.0.16/28 takes addresses of the VMs (servers from .11, agents from .21); put it above .22"],
    ["proxmox serving public traffic", (p) => (p.clusters[3].traffic = "active"), "clusters[3].traffic: must be drain on a proxmox cluster: a pull-mode cluster has no OIDC issuer the public DNS trusts, so it cannot serve the entry point"],
    ["azure NAT per zone", (p) => (p.clusters[2].network.natPerZone = true), "clusters[2].network.natPerZone: is not available on azure: AKS's node subnet takes one NAT gateway; leave it out"],
    ["azure without a subscription", (p) => delete p.clusters[2].subscription, "clusters[2].subscription: is required (a string)"],
    ["azure state store without its writers", (p) => delete p.platform.state.azure.writers, "platform.state.azure.writers: is required (a string)"],
    ["an EKS version without pinned add-ons", (p) => (p.clusters[0].kubernetesVersion = "1.34"), "clusters[0].kubernetesVersion: no EKS add-on versions are pinned for 1.34 (constructs/aws/eks-addons.ts); allowed on aws: 1.35, 1.36"],
    ["an admin that is no IAM role", (p) => (p.platform.admins = { aws: ["arn:aws:iam::111122223333:user/alice"] }), "platform.admins.aws[0]: must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admins"],
    ["a team's AWS role that is no role ARN", (p) => (p.teams[0].access = { awsRole: "oncall" }), "teams[0].access.awsRole: must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admins"],
    ["a team's Google Group that is no address", (p) => ((p.clusters[1].securityGroup = "gke-security-groups@acme.example"), (p.teams[0].access = { googleGroup: "oncall" })), "teams[0].access.googleGroup: must be an e-mail address"],
    ["a team's Entra group that is no object id", (p) => (p.teams[0].access = { entraGroup: "oncall-engineers" }), "teams[0].access.entraGroup: must be a lowercase UUID"],
    ["an unknown key in a team's access", (p) => (p.teams[0].access = { githubTeam: "oncall" }), "teams[0].access: unknown key 'githubTeam'; allowed: awsRole, googleGroup, entraGroup"],
    ["a GKE security group that is not GKE's", (p) => (p.clusters[1].securityGroup = "admins@acme.example"), "clusters[1].securityGroup: must be gke-security-groups@<your Google Workspace domain>"],
    ["a team's Google Group on a GKE cluster without Google Groups for RBAC", (p) => (p.teams[0].access = { googleGroup: "oncall@acme.example" }), "clusters[1]: team 'oncall' names a googleGroup, which GKE sees only with Google Groups for RBAC: set securityGroup: gke-security-groups@<your domain>"],
    ["an SSO issuer that is no https URL", (p) => (p.platform.gitops.sso = { issuer: "login.acme.example", clientID: "argocd" }), "platform.gitops.sso.issuer: must be an https:// URL"],
    ["an SSO without a client id", (p) => (p.platform.gitops.sso = { issuer: "https://login.acme.example" }), "platform.gitops.sso.clientID: is required (a string)"],
    ["a cost tag switch that is not a boolean", (p) => (p.platform.activateCostTag = 1), "platform.activateCostTag: must be true or false"],
    ["a private repository flag that is not a boolean", (p) => (p.platform.gitops.private = "yes"), "platform.gitops.private: must be true or false"],
    ["a single host that is not a boolean", (p) => (p.clusters[3].singleHost = "yes"), "clusters[3].singleHost: must be true or false"],
    ["a Vault CA that is no PEM certificate", (p) => (p.clusters[3].secrets.vault.ca = "MIIB..."), "clusters[3].secrets.vault.ca: must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)"],
    ["a Vault mount named like its cluster", (p) => (p.clusters[3].secrets.vault.path = "home-d"), "clusters[3].secrets.vault.path: 'home-d' is also the first part of every secret's path (the cluster's name, or data), which External Secrets would strip as the mount's; name the mount after the platform, such as acme"],
    ["a workload pool of 0", (p) => (p.clusters[0].nodes = { workload: { min: 0 } }), "clusters[0].nodes.workload.min: must be a whole number from 1 to 100 (got 0)"],
    ["a rollout without a step for a provider in use", (p) => (p.platform.gitops.rollout = ["aws", "gcp"]), "platform.gitops.rollout: has no step for azure, whose clusters would then never sync; add it"],
    ["a rollout that lists a provider twice", (p) => (p.platform.gitops.rollout = ["aws", "gcp", "aws", "azure", "proxmox"]), "platform.gitops.rollout[2]: 'aws' is listed twice; each provider is one step"],
    ["a rollout step that is no provider", (p) => (p.platform.gitops.rollout = ["aws", "digitalocean"]), "platform.gitops.rollout[1]: must be one of: aws, gcp, azure, proxmox"],
    ["an entry app that does not exist", (p) => (p.platform.entry = { app: "ghost" }), "platform.entry.app: 'ghost' is not an app; allowed: triage"],
    ["an entry app missing from an active cluster", (p) => ((p.platform.entry = { app: "triage" }), (p.apps[0].clusters = ["aws-a"])), "platform.entry.app: 'triage' does not run on gcp-b, azure-c, which serve the entry name; run it there or drain them"],
    ["an entry component the app lacks", (p) => ((p.platform.entry = { app: "triage", component: "web" }), (p.apps[0].components = [{ name: "api" }])), "platform.entry.component: 'web' is not a component of 'triage'; allowed: api"],
    ["a team Pod Security level that is not one", (p) => (p.teams[0].podSecurity = "privileged"), "teams[0].podSecurity: must be one of: restricted, baseline"],
    ["a team group with spaces", (p) => (p.teams[0].group = "on call"), "teams[0].group: must be a group name as the clusters' identity provider gives it"],
    ["proxmox VLAN out of range", (p) => (p.clusters[3].network.uplink.vlan = 4095), "clusters[3].network.uplink.vlan: must be a whole number from 2 to 4094 (got 4095)"],
    ["proxmox key that is not a public key", (p) => (p.clusters[3].sshKey = "-----BEGIN OPENSSH PRIVATE KEY-----"), "clusters[3].sshKey: must be an OpenSSH public key such as 'ssh-ed25519 AAAA... you@host'"],
    ["repoURL that is not a git URL", (p) => (p.platform.gitops.repoURL = "github.com/acme"), "platform.gitops.repoURL: must be an https://, ssh:// or git@ URL"],
    ["domain with capitals", (p) => (p.platform.domain = "Acme.example"), "platform.domain: must be a lowercase DNS name such as example.com"],
    ["duplicate team", (p) => p.teams.push({ ...p.teams[0] }), "teams[1].name: duplicate team name 'oncall' (first at teams[0]); names must be unique"],
    ["team named like a system namespace", (p) => ((p.teams[0].name = "kube-system"), (p.apps[0].team = "kube-system"), (p.platform.owner = "kube-system")), `teams[0].name: 'kube-system' is a namespace the platform or Kubernetes owns; reserved: ${RESERVED_NAMESPACES.join(", ")}, kube-*`],
    ["team named like an add-on's namespace", (p) => ((p.teams[0].name = "kyverno"), (p.apps[0].team = "kyverno"), (p.platform.owner = "kyverno")), `teams[0].name: 'kyverno' is a namespace the platform or Kubernetes owns; reserved: ${RESERVED_NAMESPACES.join(", ")}, kube-*`],
    ["cluster named like the bootstrap stack", (p) => (p.clusters[1].name = "bootstrap"), "clusters[1].name: 'bootstrap' is the name of the bootstrap stack; pick another cluster name"],
    ["a name with '--'", (p) => (p.apps[0].name = "tri--age"), "apps[0].name: must not contain '--', which basecamp uses to join names"],
    ["an app whose workload is another app's component", (p) => ((p.apps[0].components = [{ name: "api" }]), p.apps.push({ name: "triage-api", team: "oncall", image: "ghcr.io/acme/x:1.0" })), "apps[1].name: makes the workload 'triage-api' in namespace oncall, which apps[0].components[0].name makes too; rename one of them"],
    ["a replica count too large for an integer", (p) => (p.apps[0].replicas = 1e21), "apps[0].replicas: must be a whole number from 1 to 50 (got 1e+21)"],
    ["team without owners", (p) => (p.teams[0].owners = []), "teams[0].owners: a team needs at least one owner"],
    ["owner that is not an e-mail", (p) => (p.teams[0].owners = ["bob"]), "teams[0].owners[0]: must be an e-mail address"],
    ["memory quota without a unit we know", (p) => (p.teams[0].quota.memory = "16GB"), "teams[0].quota.memory: must be a Kubernetes memory quantity such as 16Gi"],
    ["app of an unknown team", (p) => (p.apps[0].team = "ghosts"), "apps[0].team: 'ghosts' is not a team; allowed: oncall"],
    ["database too small", (p) => (p.apps[0].database = { storage: 5 }), "apps[0].database.storage: must be a whole number from 20 to 16384 (got 5)"],
    ["app on an unknown cluster", (p) => (p.apps[0].clusters = ["aws-a", "mars"]), "apps[0].clusters[1]: 'mars' is not a cluster; allowed: all, aws-a, gcp-b, azure-c, home-d"],
    ["app clusters neither all nor a list", (p) => (p.apps[0].clusters = "some"), "apps[0].clusters: must be 'all' or a list of cluster names"],
    ["image without a registry", (p) => (p.apps[0].image = "triage:1.0"), "apps[0].image: must be an image reference with the registry host named, such as ghcr.io/acme/app:1.2.3@sha256:<64 hex digits>"],
    ["duplicate app", (p) => p.apps.push({ ...p.apps[0] }), "apps[1].name: duplicate app name 'triage' (first at apps[0]); names must be unique"],
    ["duplicate component", (p) => (p.apps[0].components = [{ name: "api" }, { name: "api" }]), "apps[0].components[1].name: duplicate component name 'api' (first at apps[0].components[0]); names must be unique"],
    ["health path without a slash", (p) => (p.apps[0].health = { liveness: "healthz" }), "apps[0].health.liveness: must be a path starting with /"],
    ["no guardrails", (p) => delete p.guardrails, "guardrails: is required (an object)"],
    ["no registries", (p) => (p.guardrails.registries = []), "guardrails.registries: list at least one registry"],
    ["registry with a scheme", (p) => (p.guardrails.registries[0] = "https://ghcr.io/acme"), "guardrails.registries[0]: must be a registry host with an optional path, such as ghcr.io/acme, without scheme or trailing '/'"],
    ["registry listed twice", (p) => p.guardrails.registries.push("ghcr.io/acme"), "guardrails.registries[2]: 'ghcr.io/acme' is listed twice"],
    ["no signer", (p) => (p.guardrails.signatures = []), "guardrails.signatures: describe at least one signer: every app image must be signed"],
    ["signer with neither keyless nor key", (p) => delete p.guardrails.signatures[0].keyless, "guardrails.signatures[0]: needs exactly one of keyless (issuer and subject) or key (a public key)"],
    ["keyless with subject and subjectRegExp", (p) => (p.guardrails.signatures[0].keyless.subjectRegExp = "^x$"), "guardrails.signatures[0].keyless: needs exactly one of subject or subjectRegExp"],
    [
      "subject pattern RE2 cannot compile",
      (p) => ((p.guardrails.signatures[0].keyless = { issuer: "https://token.actions.githubusercontent.com", subjectRegExp: "^(?!evil).*$" })),
      "guardrails.signatures[0].keyless.subjectRegExp: is not an RE2 regular expression: error parsing regexp: invalid or unsupported Perl syntax: `(?!` (RE2 has no lookaround)",
    ],
    ["issuer over http", (p) => (p.guardrails.signatures[0].keyless.issuer = "http://issuer.example"), "guardrails.signatures[0].keyless.issuer: must be an https:// URL"],
    [
      "a private key where the public key goes",
      (p) => ((p.guardrails.signatures[0] = { name: "ci", images: "ghcr.io/acme/*", key: "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n" })),
      "guardrails.signatures[0].key: is a private key; give the signer's public key (cosign public-key), and keep the private one out of the repository",
    ],
    ["key that is not PEM", (p) => ((p.guardrails.signatures[0] = { name: "ci", images: "ghcr.io/acme/*", key: "AAAA" })), "guardrails.signatures[0].key: must be a PEM public key: -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----"],
    ["signer glob without a wildcard", (p) => (p.guardrails.signatures[0].images = "ghcr.io/acme/triage"), "guardrails.signatures[0].images: must be an image glob such as ghcr.io/acme/*: letters, digits, . : / _ @ - and the wildcards * and ?"],
    ["signer of images no registry allows", (p) => (p.guardrails.signatures[0].images = "quay.io/acme/*"), "guardrails.signatures[0].images: 'quay.io/acme/*' is under no registry of guardrails.registries (ghcr.io/acme, ghcr.io/cloudnative-pg); images from there are refused anyway"],
    ["two signers of one name", (p) => p.guardrails.signatures.push({ ...p.guardrails.signatures[0] }), "guardrails.signatures[1].name: duplicate signature name 'ci' (first at guardrails.signatures[0]); names must be unique"],
    ["exception of an unknown policy", (p) => (p.guardrails.exceptions = [{ ...EXCEPTION, policy: "require-unicorns" }]), "guardrails.exceptions[0].policy: 'require-unicorns' is not a guardrail; allowed: require-requests-limits, restrict-privileges, disallow-host-access, restrict-images, require-labels, require-probes, verify-images-ci"],
    ["exception for both an app and a namespace", (p) => (p.guardrails.exceptions = [{ ...EXCEPTION, namespace: "oncall" }]), "guardrails.exceptions[0]: needs exactly one of app or namespace"],
    ["exception for an unknown app", (p) => (p.guardrails.exceptions = [{ ...EXCEPTION, app: "ghost" }]), "guardrails.exceptions[0].app: 'ghost' is not an app; allowed: triage"],
    [
      "exception for a platform namespace",
      (p) => (p.guardrails.exceptions = [{ policy: "require-probes", namespace: "kyverno", reason: "the add-on has no probes", expires: "2999-01-01" }]),
      "guardrails.exceptions[0].namespace: 'kyverno' is not a team's namespace; allowed: oncall (platform namespaces are outside the tenant guardrails already)",
    ],
    ["exception without a real reason", (p) => (p.guardrails.exceptions = [{ ...EXCEPTION, reason: "because" }]), "guardrails.exceptions[0].reason: say why in a sentence (at least 10 characters)"],
    ["exception with a malformed date", (p) => (p.guardrails.exceptions = [{ ...EXCEPTION, expires: "31.12.2099" }]), "guardrails.exceptions[0].expires: must be a date: YYYY-MM-DD"],
    ["exception with a date that does not exist", (p) => (p.guardrails.exceptions = [{ ...EXCEPTION, expires: "2099-02-30" }]), "guardrails.exceptions[0].expires: is not a calendar date"],
    [
      "exception that has expired",
      (p) => (p.guardrails.exceptions = [{ ...EXCEPTION, expires: "2020-01-31" }]),
      expect.stringMatching(/^guardrails\.exceptions\[0\]\.expires: expired on 2020-01-31 \(today is \d{4}-\d\d-\d\d\); fix what it excused and remove it, or renew it with a new date and reason$/),
    ],
    ["an SLO of 100%", (p) => (p.apps[0].slo.availability = 100), "apps[0].slo.availability: 100% leaves no error budget: every failed request would breach it; choose less than 100, such as 99.9"],
    ["a latency objective of 0", (p) => (p.apps[0].slo.latency.objective = 0), "apps[0].slo.latency.objective: must be more than 0 (got 0)"],
    ["an SLO window without a factor set", (p) => (p.apps[0].slo.window = "7d"), "apps[0].slo.window: '7d' has no burn-rate factor set; allowed: 30d"],
    ["an SLO with no objective", (p) => (p.apps[0].slo = {}), "apps[0].slo: names no objective; give availability, latency or both"],
    ["an availability SLO without the requests metric", (p) => delete p.apps[0].metrics.requests, "apps[0].slo.availability: needs apps[0].metrics.requests, the counter of requests by status code the availability SLI is computed from"],
    ["a latency SLO without metrics at all", (p) => ((p.apps[0].slo = { latency: { threshold: 0.3, objective: 99 } }), delete p.apps[0].metrics), "apps[0].slo.latency: needs apps[0].metrics.latency, the request duration histogram the latency SLI is computed from"],
    ["a latency threshold of zero", (p) => (p.apps[0].slo.latency.threshold = 0), "apps[0].slo.latency.threshold: must be more than 0 seconds"],
    [
      "a latency threshold between two buckets",
      (p) => (p.apps[0].slo.latency.threshold = 0.3),
      "apps[0].slo.latency.threshold: 0.3 is not a bucket of http_request_duration_seconds (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10): the SLI counts the requests under a boundary, so between two it counts none; choose one of them",
    ],
    ["a latency SLO without the histogram's buckets", (p) => delete p.apps[0].metrics.buckets, "apps[0].metrics.buckets: needs the boundaries of http_request_duration_seconds, which the latency threshold 0.25 must be one of"],
    ["buckets out of order", (p) => (p.apps[0].metrics.buckets = [0.1, 0.05, 0.25]), "apps[0].metrics.buckets: must rise strictly, as a histogram's boundaries do (got 0.1, 0.05, 0.25)"],
    ["a bucket of zero seconds", (p) => (p.apps[0].metrics.buckets = [0, 0.25]), "apps[0].metrics.buckets[0]: must be more than 0 seconds"],
    ["an empty bucket list", (p) => (p.apps[0].metrics.buckets = []), "apps[0].metrics.buckets: list at least one boundary"],
    ["a backup store without a URL", (p) => (p.clusters[3].backups = { endpoint: "s3.home.arpa", bucket: "b-1" }), "clusters[3].backups.endpoint: must be the store's URL, such as https://s3.home.arpa or http://10.40.0.9:9000"],
    ["a backup bucket S3 cannot have", (p) => (p.clusters[3].backups = { endpoint: "https://s3.home.arpa", bucket: "Backups_1" }), "clusters[3].backups.bucket: must be an S3 bucket name: 3 to 63 lower-case letters, digits, '.' and '-'"],
    ["a backup retention that is not a duration", (p) => (p.clusters[3].backups = { endpoint: "https://s3.home.arpa", bucket: "b-1", retention: "a month" }), "clusters[3].backups.retention: must be a number of days, weeks or months, such as 30d"],
    ["a route label Prometheus cannot have", (p) => (p.apps[0].metrics.route = "http.route"), "apps[0].metrics.route: must be a Prometheus label name: letters, digits and '_'"],
    ["an objective that is not a number", (p) => (p.apps[0].slo.availability = "three nines"), "apps[0].slo.availability: must be a percentage such as 99.9"],
    ["an unknown SLO field", (p) => (p.apps[0].slo.durability = 99), expect.stringMatching(/^apps\[0\]\.slo: unknown key 'durability'; allowed: availability, latency, window$/)],
    ["a metric name Prometheus cannot have", (p) => (p.apps[0].metrics.requests = "http-requests"), "apps[0].metrics.requests: must be a Prometheus metric name: letters, digits, '_' and ':'"],
    ["a metrics path without a slash", (p) => (p.apps[0].metrics.path = "metrics"), "apps[0].metrics.path: must be a path starting with /"],
    ["a metrics port out of range", (p) => (p.apps[0].metrics.port = 70000), expect.stringMatching(/^apps\[0\]\.metrics\.port: must be a whole number from 1 to 65535/)],
    ["a Slack channel without #", (p) => (p.teams[0].alerts.slack = "oncall"), "teams[0].alerts.slack: must be a Slack channel such as #oncall-alerts"],
    ["pagerduty that is not a boolean", (p) => (p.teams[0].alerts.pagerduty = "yes"), expect.stringMatching(/^teams\[0\]\.alerts\.pagerduty: /)],
    ["the owner without alerts", (p) => delete p.teams[0].alerts, "teams[0]: 'oncall' owns the platform and receives its alerts and every alert without a team: give it alerts.slack (and pagerduty: true to be paged)"],
    ["a source branch that is no branch name", (p) => (p.platform.gitops.sourceBranch = "-main"), "platform.gitops.sourceBranch: must be a git branch name"],
    ["the same exception twice", (p) => (p.guardrails.exceptions = [EXCEPTION, EXCEPTION]), "guardrails.exceptions[1]: excepts the same as guardrails.exceptions[0]; keep one"],
  ];

  test.each(cases)("%s", (_, edit, expected) => {
    expect(issuesOf(sampleText(edit))).toEqual(expect.arrayContaining([expected]));
  });

  test("a digest-pinned image is accepted", () => {
    const digest = `ghcr.io/acme/triage@sha256:${"a".repeat(64)}`;
    expect(parsePlatform(sampleText((p) => (p.apps[0].image = digest))).apps[0].image).toBe(digest);
  });

  const broken = `platform:
  name: a
  domain: a.example
  owner: ops
  awsAccount: "111122223333"
  gitops: { repoURL: "https://g.example/a.git", hub: one }
  state: { aws: { bucket: a-state, region: us-east-1 } }
clusters:
  - name: one
    provider: aws
    region: us-east-1
    network: { cidr: 10.0.0.0/16, zones: [us-east-1a, us-east-1b] }
    budget: { monthly: "a lot" }
  - name: two
    provider: aws
    region: us-east-1
    regoin: x
    network: { cidr: 10.0.0.0/17, zones: [us-east-1a, us-east-1b] }
    budget: { monthly: 10 }
teams: [{ name: ops, owners: [ops@a.example], quota: { cpu: "1", memory: 1Gi, pods: 10 }, alerts: { slack: "#ops" } }]
apps:
  - { name: x, team: ghosts, image: "ghcr.io/a/x:1", replicas: many }
guardrails: { registries: [ghcr.io/a], signatures: [{ name: ci, images: "ghcr.io/a/*", keyless: { issuer: "https://token.actions.githubusercontent.com", subject: x } }] }
`;

  test("all problems are reported at once, sorted by line: a wrong type hides no cross-check", () => {
    try {
      parsePlatform(broken, "p.yaml");
      throw new Error("accepted");
    } catch (e) {
      expect((e as Error).message.split("\n")).toEqual([
        "p.yaml:13: clusters[0].budget.monthly: must be a whole number from 1 to 1000000",
        "p.yaml:17: clusters[1]: unknown key 'regoin'; allowed: name, region, traffic, kubernetesVersion, nodes, budget, provider, network",
        "p.yaml:18: clusters[1].network.cidr: 10.0.0.0/17 overlaps 10.0.0.0/16 of cluster 'one' (clusters[0]); give each cluster its own range",
        "p.yaml:22: apps[0].replicas: must be a whole number from 1 to 50",
        "p.yaml:22: apps[0].team: 'ghosts' is not a team; allowed: ops",
      ]);
    }
  });

  test("a duplicate YAML key is named", () => {
    expect(() => parsePlatform("platform:\n  name: a\n  name: b\n", "p.yaml")).toThrow(
      "p.yaml:3: (top level): not valid YAML: the key 'name' appears twice in one mapping; keep one",
    );
  });

  test("a tab gives one message, on its line", () => {
    const text = sampleText().replace('"name": "acme"', '"name": "acme"');
    const yaml = require("yaml").stringify(JSON.parse(text)).replace("\n  domain:", "\n\tdomain:");
    try {
      parsePlatform(yaml, "p.yaml");
      throw new Error("accepted");
    } catch (e) {
      expect((e as Error).message.split("\n")).toEqual(["p.yaml:3: (top level): not valid YAML: a tab indents this line; YAML indents with spaces only"]);
    }
  });

  describe("misplaced lines, as a user mistypes them in the shipped description", () => {
    const shipped = require("fs").readFileSync(require("path").join(__dirname, "fixtures", "platform.yaml"), "utf8") as string;
    const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l === needle) + 1;
    const messages = (text: string) => {
      try {
        parsePlatform(text, "p.yaml");
      } catch (e) {
        return (e as Error).message.split("\n");
      }
      throw new Error("accepted");
    };

    test("a key indented off its mapping names its line, the mapping and the column it should start at", () => {
      const text = shipped.replace("\n    region: eu-west-1\n", "\n   region: eu-west-1\n");
      const n = lineOf(text, "   region: eu-west-1");
      expect(messages(text)).toEqual([`p.yaml:${n}: clusters[0]: not valid YAML: 'region' starts at column 4, but the keys of clusters[0] start at column 5; indent it with 4 spaces, like 'provider'`]);
    });

    test("a key one space short under a nested mapping is named on its own line, with the mapping it belongs to", () => {
      const text = shipped.replace("\n      workload: { min: 2, max: 8, size: medium }\n", "\n     workload: { min: 2, max: 8, size: medium }\n");
      const n = lineOf(text, "     workload: { min: 2, max: 8, size: medium }");
      expect(messages(text)).toEqual([`p.yaml:${n}: clusters[0].nodes: not valid YAML: 'workload' starts at column 6, but the keys of clusters[0].nodes start at column 7; indent it with 6 spaces, like 'system'`]);
    });

    test("a list item's dash at column 0 gives one message, naming the list", () => {
      const text = shipped.replace("\n  - name: gcp-euw4\n", "\n- name: gcp-euw4\n");
      const n = lineOf(text, "- name: gcp-euw4");
      expect(messages(text)).toEqual([`p.yaml:${n}: clusters: not valid YAML: this list item's '-' is at column 1, but the items of clusters start at column 3; indent it with 2 spaces`]);
    });

    test("an unquoted kubernetesVersion: 1.30 says to quote it, in the digits written", () => {
      const text = shipped.replace("\n    provider: aws\n", "\n    provider: aws\n    kubernetesVersion: 1.30\n");
      const n = lineOf(text, "    kubernetesVersion: 1.30");
      expect(messages(text)).toEqual([`p.yaml:${n}: clusters[0].kubernetesVersion: write it in quotes, "1.30": unquoted, YAML reads 1.30 as the number 1.3, which is not what it says`]);
    });
  });

  test("an empty file says it is empty", () => {
    for (const text of ["", "# nothing yet\n", "---\n"]) {
      expect(() => parsePlatform(text, "p.yaml")).toThrow("p.yaml: (top level): the file is empty; describe at least platform and clusters (see README.md)");
    }
  });

  test("a missing file is reported as unreadable, not invalid", () => {
    const { loadPlatform } = require("../lib/model/load");
    try {
      loadPlatform("/nonexistent/platform.yaml");
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).message).toBe("/nonexistent/platform.yaml: (top level): cannot read the file: no such file");
      expect((e as ConfigError).headline("nothing was written.")).toBe("error: cannot read /nonexistent/platform.yaml; nothing was written.");
    }
  });

  test("SAMPLE itself stays valid", () => {
    expect(() => parsePlatform(JSON.stringify(SAMPLE))).not.toThrow();
  });
});
