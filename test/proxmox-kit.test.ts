import { parse } from "yaml";
import { DEBIAN_IMAGE } from "../constructs/proxmox/k3s-images";
import { PROXMOX_PROVIDER_VERSION } from "../constructs/proxmox/provider/proxmox-provider";
import { vmTags } from "../constructs/proxmox/proxmox-kit";
import { proxmoxLayout } from "../constructs/proxmox/proxmox-layout";
import { resources, sampleStacks } from "./helpers/stacks";

/** The sample's homelab stack. */
const stack = () => sampleStacks()["home-d"];

/** A VM's cloud-config, parsed (its Terraform references stay as they are). */
function cloudConfig(vm: string): any {
  const file = resources(stack(), "proxmox_virtual_environment_file")[`${vm}_user_data`];
  const data: string = file.source_raw[0].data;
  expect(data.startsWith("#cloud-config\n")).toBe(true);
  return parse(data);
}

function k3sConfig(vm: string): any {
  const cfg = cloudConfig(vm).write_files.find((f: any) => f.path === "/etc/rancher/k3s/config.yaml");
  expect(cfg.permissions).toBe("0600");
  return parse(cfg.content);
}

describe("the Proxmox cluster stack", () => {
  test("the provider is pinned, and its SSH settings (snippets) come from the description and the agent", () => {
    expect(stack().terraform.required_providers.proxmox).toEqual({ source: "bpg/proxmox", version: PROXMOX_PROVIDER_VERSION });
    expect(stack().provider.proxmox[0]).toEqual({
      endpoint: "https://pve.home.arpa:8006/",
      ssh: [{ username: "root", agent: true, node: [{ name: "pve1", address: "192.168.1.2" }] }],
    });
  });

  test("the bridge's only port is the cluster's VLAN on the uplink; the router is the VMs' gateway", () => {
    expect(resources(stack(), "proxmox_network_linux_vlan").vlan).toMatchObject({ name: "eno1.40", node_name: "pve1" });
    expect(resources(stack(), "proxmox_network_linux_bridge").bridge).toMatchObject({ name: "vmbr1040", ports: ["${proxmox_network_linux_vlan.vlan.name}"] });
    expect(resources(stack(), "proxmox_network_linux_bridge").bridge.address).toBeUndefined();
    const vm = resources(stack(), "proxmox_virtual_environment_vm").server_1;
    expect(vm.initialization[0].ip_config[0].ipv4[0]).toEqual({ address: "10.40.0.11/24", gateway: "10.40.0.1" });
    expect(vm.initialization[0].dns[0].servers).toEqual(["10.40.0.1"]);
  });

  test("the image is pinned with its checksum, imported, never replaced under running VMs", () => {
    expect(resources(stack(), "proxmox_download_file").image).toMatchObject({
      content_type: "import",
      url: DEBIAN_IMAGE.url,
      checksum: DEBIAN_IMAGE.checksum,
      checksum_algorithm: "sha512",
      overwrite: false,
    });
    expect(DEBIAN_IMAGE.url).toMatch(/\/\d{8}-\d{4}\//);
    const disk = resources(stack(), "proxmox_virtual_environment_vm").agent_1.disk[0];
    expect(disk.import_from).toBe("${proxmox_download_file.image.id}");
    expect(disk.file_id).toBeUndefined();
  });

  test("three servers with embedded etcd behind kube-vip's address, and the agents, at the layout's addresses", () => {
    const vms = resources(stack(), "proxmox_virtual_environment_vm");
    expect(Object.keys(vms).sort()).toEqual(["agent_1", "agent_2", "server_1", "server_2", "server_3"]);
    expect(k3sConfig("server_1")).toMatchObject({ "cluster-init": true, "tls-san": ["10.40.0.5"], "node-ip": "10.40.0.11", disable: ["servicelb", "traefik"], "secrets-encryption": true });
    expect(k3sConfig("server_2")).toMatchObject({ server: "https://10.40.0.5:6443", "node-ip": "10.40.0.12" });
    expect(k3sConfig("server_2")["cluster-init"]).toBeUndefined();
    expect(k3sConfig("agent_2")).toEqual({ server: "https://10.40.0.5:6443", token: "${random_password.k3s_token.result}", "node-ip": "10.40.0.22" });
    const layout = proxmoxLayout("10.40.0.0/16");
    expect(k3sConfig("server_3")).toMatchObject({ "cluster-cidr": layout.format(layout.pods), "service-cidr": layout.format(layout.services), "cluster-dns": layout.clusterDns });
  });

  test("the token is a reference to random_password, never a value", () => {
    for (const vm of ["server_1", "agent_1"]) expect(k3sConfig(vm).token).toBe("${random_password.k3s_token.result}");
    expect(resources(stack(), "random_password").k3s_token).toMatchObject({ length: 48, special: false });
  });

  test("the VMs take the description's key for the basecamp user, with no password login", () => {
    const cc = cloudConfig("agent_1");
    expect(cc.users).toEqual([expect.objectContaining({ name: "basecamp", lock_passwd: true, ssh_authorized_keys: [expect.stringMatching(/^ssh-ed25519 /)] })]);
    expect(cc.ssh_pwauth).toBe(false);
  });

  test("K3s is installed from its pinned release's own installer", () => {
    const run: string[] = cloudConfig("server_1").runcmd;
    expect(run).toContain("curl -sfL --retry 5 -o /usr/local/bin/k3s-install.sh https://raw.githubusercontent.com/k3s-io/k3s/v1.35.9%2Bk3s1/install.sh");
    expect(run).toContain("INSTALL_K3S_VERSION=v1.35.9+k3s1 sh /usr/local/bin/k3s-install.sh server");
    expect(run.join("\n")).not.toContain("get.k3s.io");
  });

  test("servers apply kube-vip for the API address and the load balancer range; agents do not", () => {
    const file = cloudConfig("server_1").write_files.find((f: any) => f.path.endsWith("basecamp-kube-vip.yaml"));
    const docs = file.content.split("---\n").map((d: string) => parse(d));
    const ds = docs.find((d: any) => d.kind === "DaemonSet");
    expect(ds.spec.template.spec.containers[0].env).toContainEqual({ name: "address", value: "10.40.0.5" });
    expect(docs.find((d: any) => d.kind === "ConfigMap").data).toEqual({ "cidr-global": "10.40.0.240/28" });
    expect(cloudConfig("agent_1").write_files.map((f: any) => f.path)).toEqual(["/etc/rancher/k3s/config.yaml"]);
  });

  test("kube-vip names no interface: it takes the default route's, whatever the machine type calls the NIC", () => {
    const file = cloudConfig("server_1").write_files.find((f: any) => f.path.endsWith("basecamp-kube-vip.yaml"));
    const ds = file.content.split("---\n").map((d: string) => parse(d)).find((d: any) => d.kind === "DaemonSet");
    const env = ds.spec.template.spec.containers[0].env.map((e: any) => e.name);
    expect(env).not.toContain("vip_interface");
    expect(env).not.toContain("vip_servicesinterface");
    expect(resources(stack(), "proxmox_virtual_environment_vm").server_1.machine).toBe("q35");
  });

  test("once K3s has applied a first-boot manifest, the server hands it to Argo CD (K3s re-applies its folder at every start)", () => {
    const run: string[] = cloudConfig("server_1").runcmd;
    for (const file of ["basecamp-kube-vip.yaml", "basecamp-argocd.yaml"]) {
      const addon = file.split(".")[0];
      expect(run).toContainEqual(expect.stringContaining(`get addon ${addon} -o jsonpath='{.spec.checksum}'`));
      expect(run).toContainEqual(expect.stringContaining(`touch /var/lib/rancher/k3s/server/manifests/${file}.skip`));
    }
    expect(cloudConfig("agent_1").runcmd.join("\n")).not.toContain(".skip");
  });

  test("VM tags are sorted key-value words", () => {
    expect(vmTags({ platform: "Acme Corp", cluster: "home-d" })).toEqual(["cluster-home-d", "platform-acme-corp"]);
  });
});
