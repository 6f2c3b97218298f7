import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { parsePlatform } from "../lib/model/load";
import { overlaps, parseCidr } from "../lib/model/cidr";
import type { Cluster } from "../lib/model/schema";
import { ProxmoxClusterInfra, vmTags } from "../constructs/proxmox/proxmox-cluster-infra";
import { bridgeName } from "../constructs/proxmox/proxmox-network";
import {
  PROXMOX_PROVIDER_VERSION,
  RANDOM_PROVIDER_VERSION,
  RandomPassword,
  VirtualEnvironmentDownloadFile,
  VirtualEnvironmentNetworkLinuxBridge,
  VirtualEnvironmentVm,
} from "../constructs/proxmox/provider";
import { sampleCluster, sampleText } from "./helpers/platform";

const TAGS = { "managed-by": "basecamp", platform: "acme", stack: "home-d" };
const TOKEN_REF = "${random_password.k3s_token.result}";

/** home-d with one field changed, parsed like platform.yaml so defaults apply. */
function homeD(edit: (c: any) => void = () => {}): Cluster {
  const text = sampleText((p) => edit(p.clusters.find((c: any) => c.name === "home-d")));
  return parsePlatform(text).clusters.find((c) => c.name === "home-d")!;
}

function synth(cluster: Cluster = sampleCluster("home-d")) {
  const stack = new TerraformStack(Testing.app(), "home-d");
  new ProxmoxClusterInfra(stack, "cluster", { cluster, tags: TAGS });
  const json = JSON.parse(Testing.synth(stack, true));
  return { json, text: JSON.stringify(json) };
}

const vms = (json: any): Record<string, any> => json.resource.proxmox_virtual_environment_vm;
const agents = (json: any) => Object.keys(vms(json)).filter((k) => k.startsWith("agent_"));
const snippets = (json: any): string[] =>
  Object.values<any>(json.resource.proxmox_virtual_environment_file).map((f) => f.source_raw[0].data);

describe("ProxmoxClusterInfra", () => {
  test("pins bpg/proxmox and hashicorp/random to exact versions", () => {
    const { json } = synth();
    expect(json.terraform.required_providers).toEqual({
      proxmox: { source: "bpg/proxmox", version: PROXMOX_PROVIDER_VERSION },
      random: { source: "hashicorp/random", version: RANDOM_PROVIDER_VERSION },
    });
    expect(PROXMOX_PROVIDER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(RANDOM_PROVIDER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test("configures the provider with the endpoint only: credentials come from the environment", () => {
    const { json } = synth();
    expect(json.provider.proxmox).toEqual([{ endpoint: "https://pve.home.arpa:8006/" }]);
  });

  test("writes attributes in the provider's snake_case", () => {
    const { json } = synth();
    const keys = (v: any): string[] =>
      v && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => [...(Array.isArray(v) ? [] : [k]), ...keys(x)]) : [];
    const all = keys(json.resource);
    expect(all.filter((k) => !/^[a-z0-9_]+$/.test(k))).toEqual([]);
    expect(vms(json).server).toMatchObject({
      node_name: "pve1",
      on_boot: true,
      network_device: [{ bridge: "${proxmox_virtual_environment_network_linux_bridge.bridge.name}" }],
      operating_system: [{ type: "l26" }],
      initialization: [{ user_data_file_id: "${proxmox_virtual_environment_file.server_user_data.id}" }],
    });
  });

  test("creates a bridge on the node at the first address of the CIDR's first /24", () => {
    const synthed = Testing.synthScope((scope) => {
      new ProxmoxClusterInfra(scope, "cluster", { cluster: sampleCluster("home-d"), tags: TAGS });
    });
    expect(synthed).toHaveResourceWithProperties(VirtualEnvironmentNetworkLinuxBridge, {
      node_name: "pve1",
      name: "vmbr1040",
      address: "10.40.0.1/24",
      autostart: true,
    });
  });

  test("downloads a Debian 12 cloud image once, without replacing it when upstream moves", () => {
    const synthed = Testing.synthScope((scope) => {
      new ProxmoxClusterInfra(scope, "cluster", { cluster: sampleCluster("home-d"), tags: TAGS });
    });
    expect(synthed).toHaveResourceWithProperties(VirtualEnvironmentDownloadFile, {
      node_name: "pve1",
      content_type: "iso",
      datastore_id: "local",
      file_name: "debian-12-generic-amd64.img",
      overwrite: false,
    });
  });

  test("runs one K3s server and nodes.count agents", () => {
    expect(agents(synth().json)).toEqual(["agent_1", "agent_2", "agent_3"]);
    const five = synth(homeD((c) => (c.nodes = { count: 5 }))).json;
    expect(agents(five)).toHaveLength(5);
    expect(Object.keys(vms(five))).toContain("server");
  });

  test("gives every VM a distinct static address inside the cluster's CIDR", () => {
    const { json } = synth();
    const range = parseCidr("10.40.0.0/16")!;
    const configs = Object.values(vms(json)).map((vm: any) => vm.initialization[0].ip_config[0].ipv4[0]);
    const addresses = configs.map((c) => c.address);
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const a of addresses) expect(overlaps(parseCidr(a.replace(/\/24$/, "/32"))!, range)).toBe(true);
    expect(configs.map((c) => c.gateway)).toEqual(configs.map(() => "10.40.0.1"));
    expect(vms(json).server.initialization[0].ip_config[0].ipv4[0].address).toBe("10.40.0.10/24");
  });

  test("exposes the contract's outputs", () => {
    const stack = new TerraformStack(Testing.app(), "home-d");
    const infra = new ProxmoxClusterInfra(stack, "cluster", { cluster: sampleCluster("home-d"), tags: TAGS });
    new TerraformOutput(stack, "network_id", { value: infra.networkId });
    expect(infra.clusterName).toBe("home-d");
    expect(infra.endpoint).toBe("https://10.40.0.10:6443");
    expect(JSON.parse(Testing.synth(stack)).output.network_id.value).toBe(
      "${proxmox_virtual_environment_network_linux_bridge.bridge.id}",
    );
  });

  test("keeps the join token in state: only references to it are written", () => {
    const { json, text } = synth();
    expect(json.resource.random_password.k3s_token).toEqual({ length: 48, special: false });
    const tokens = snippets(json).flatMap((d) => [...d.matchAll(/token: (.*)/g)].map((m) => m[1]));
    expect(tokens).toHaveLength(4);
    expect(new Set(tokens)).toEqual(new Set([TOKEN_REF]));
    // Every `${` in the configuration is one of the known references, never a value.
    const refs = new Set([...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1].split(".").slice(0, 2).join(".")));
    expect([...refs].sort()).toEqual([
      "proxmox_virtual_environment_download_file.image",
      "proxmox_virtual_environment_file.agent_1_user_data",
      "proxmox_virtual_environment_file.agent_2_user_data",
      "proxmox_virtual_environment_file.agent_3_user_data",
      "proxmox_virtual_environment_file.server_user_data",
      "proxmox_virtual_environment_network_linux_bridge.bridge",
      "random_password.k3s_token",
    ]);
  });

  test("installs K3s from the channel of kubernetesVersion, agents joining the server", () => {
    const { json } = synth();
    const files = json.resource.proxmox_virtual_environment_file;
    expect(files.server_user_data).toMatchObject({ content_type: "snippets", datastore_id: "local", node_name: "pve1" });
    const serverData: string = files.server_user_data.source_raw[0].data;
    const agentData: string = files.agent_1_user_data.source_raw[0].data;
    expect(serverData.startsWith("#cloud-config\n")).toBe(true);
    expect(serverData).toContain("INSTALL_K3S_CHANNEL=v1.32 sh -s - server");
    expect(serverData).toContain("service-cidr: 10.40.64.0/18");
    expect(serverData).toContain("cluster-dns: 10.40.64.10");
    expect(agentData).toContain("INSTALL_K3S_CHANNEL=v1.32 sh -s - agent");
    expect(agentData).toContain("server: https://10.40.0.10:6443");
  });

  test("maps node sizes to cores and memory", () => {
    const { json } = synth(homeD((c) => (c.nodes = { count: 1, size: "large" })));
    expect(vms(json).agent_1).toMatchObject({ cpu: [{ cores: 8 }], memory: [{ dedicated: 16384 }] });
    const synthed = Testing.synthScope((scope) => {
      new ProxmoxClusterInfra(scope, "cluster", { cluster: homeD((c) => (c.nodes = { size: "small" })), tags: TAGS });
    });
    expect(synthed).toHaveResourceWithProperties(VirtualEnvironmentVm, {
      name: "home-d-agent-1",
      cpu: [{ cores: 2, type: "x86-64-v2-AES" }],
      memory: [{ dedicated: 4096 }],
      agent: [{ enabled: true }],
    });
    expect(synthed).toHaveResourceWithProperties(RandomPassword, { length: 48 });
  });

  test("tags VMs with sorted lowercase key-value words", () => {
    expect(vmTags({ Stack: "Home D", a: "b" })).toEqual(["a-b", "stack-home-d"]);
    expect(vms(synth().json).server.tags).toEqual(["k3s-server", "managed-by-basecamp", "platform-acme", "stack-home-d"]);
  });

  test("names the bridge from the CIDR's second octet, clear of vmbr0", () => {
    expect(bridgeName("10.40.0.0/16")).toBe("vmbr1040");
    expect(bridgeName("10.0.0.0/8")).toBe("vmbr1000");
  });

  test("refuses a cluster of another provider", () => {
    expect(() =>
      Testing.synthScope((scope) => new ProxmoxClusterInfra(scope, "cluster", { cluster: sampleCluster("aws-a"), tags: TAGS })),
    ).toThrow("ProxmoxClusterInfra got a aws cluster");
  });

  test("refuses more nodes than the CIDR has pod /24s for", () => {
    const cluster = homeD((c) => (c.network = { cidr: "10.40.0.0/20" }));
    const crowded = homeD((c) => {
      c.network = { cidr: "10.40.0.0/20" };
      c.nodes = { count: 8 };
    });
    expect(() => synth(cluster)).not.toThrow();
    expect(() => synth(crowded)).toThrow(
      "[home-d/cluster/kubernetes] 'nodes.count' (8) needs 9 pod /24s, but network.cidr 10.40.0.0/20 " +
        "leaves room for 8: widen network.cidr or lower nodes.count",
    );
  });
});
