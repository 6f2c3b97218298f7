import { Construct } from "constructs";
import { PLAIN_STYLE, toYaml } from "../../lib/pipeline/yaml";
import type { NodeSize } from "../../lib/model/common";
import { RandomPassword } from "../bindings/random-password";
import { DEBIAN_IMAGE, k3sInstaller, K3S_RELEASES } from "./k3s-images";
import { kubeVipManifests } from "./kube-vip";
import { DownloadFile } from "./provider/download-file";
import { PROXMOX_GENERATOR_METADATA } from "./provider/proxmox-provider";
import { PlainDataSource } from "../bindings/plain-resource";
import { VirtualEnvironmentFile } from "./provider/virtual-environment-file";
import { VirtualEnvironmentVm } from "./provider/virtual-environment-vm";
import { proxmoxLayout } from "./proxmox-layout";

/** What a VM reads only when it is created; a change must never replace it (see the VM's lifecycle). */
export const FIRST_BOOT_INPUTS = ["initialization[0].user_data_file_id", "disk[0].import_from"] as const;

const MACHINES: Record<NodeSize, { cores: number; memory: number; disk: number }> = {
  small: { cores: 2, memory: 4096, disk: 40 },
  medium: { cores: 4, memory: 8192, disk: 80 },
  large: { cores: 8, memory: 16384, disk: 160 },
};

export interface ProxmoxKubernetesProps {
  readonly name: string;
  /** The Proxmox node that hosts the VMs. */
  readonly nodeName: string;
  /** A minor version such as "1.35"; K3s is pinned per minor (k3s-images.ts). */
  readonly version: string;
  /** The cluster's range, laid out by proxmoxLayout. */
  readonly cidr: string;
  readonly bridge: string;
  /** The router on the VLAN: gateway and DNS server. */
  readonly gateway: string;
  /** The API's virtual address, held by kube-vip. */
  readonly apiAddress: string;
  /** The range kube-vip hands to LoadBalancer Services. */
  readonly loadBalancers: string;
  /** Servers, with embedded etcd from three on (odd, for quorum). */
  readonly servers: { readonly count: number; readonly size: NodeSize };
  readonly agents: { readonly count: number; readonly size: NodeSize };
  /** The public key that may log in as `basecamp`. */
  readonly sshKey: string;
  /** More manifests K3s applies on its servers, by file name (the pull-mode Argo CD). @default none */
  readonly manifests?: Readonly<Record<string, readonly object[]>>;
  readonly tags: string[];
  /** The cost labels of kube-vip's pods (kubeVipPodLabels). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Datastore for VM disks and cloud-init drives. @default "local-lvm" */
  readonly diskDatastoreId?: string;
  /** Datastore for the image and snippets; it must allow Import and Snippets. @default "local" */
  readonly fileDatastoreId?: string;
}

/**
 * K3s on Debian VMs: servers with embedded etcd behind kube-vip's virtual
 * address, and agents. The image is verified by its checksum, K3s comes from
 * its pinned release, and the join token lives in Terraform's state only.
 */
export class ProxmoxKubernetes extends Construct {
  public readonly endpoint: string;
  public readonly servers: VirtualEnvironmentVm[];
  public readonly agents: VirtualEnvironmentVm[];

  constructor(scope: Construct, id: string, props: ProxmoxKubernetesProps) {
    super(scope, id);
    const release = K3S_RELEASES[props.version];
    if (!release) throw new Error(`[${this.node.path}] no K3s release is pinned for Kubernetes ${props.version} (k3s-images.ts has ${Object.keys(K3S_RELEASES).join(", ")})`);
    if (props.servers.count !== 1 && props.servers.count % 2 === 0) {
      throw new Error(`[${this.node.path}] 'servers.count' (${props.servers.count}) must be 1 or odd: embedded etcd needs a majority`);
    }
    const disks = props.diskDatastoreId ?? "local-lvm";
    const files = props.fileDatastoreId ?? "local";
    const layout = proxmoxLayout(props.cidr);
    this.endpoint = `https://${props.apiAddress}:6443`;

    // Proxmox enables neither content type on a storage by default: fail the plan with the fix, not the upload.
    const stores = new PlainDataSource(this, "datastores", "proxmox_virtual_environment_datastores", PROXMOX_GENERATOR_METADATA, { node_name: props.nodeName });
    stores.overrideLogicalId("datastores");
    const allows = (content: string) => ({
      condition: `\${contains(flatten([for d in data.proxmox_virtual_environment_datastores.datastores.datastores : d.content_types if d.id == "${files}"]), "${content}")}`,
      errorMessage: `Datastore ${files} on node ${props.nodeName} does not allow the content type '${content}': add it under Datacenter > Storage > ${files} > Content (README: Proxmox prerequisites).`,
    });
    const image = new DownloadFile(this, "image", {
      lifecycle: { precondition: [allows("import")] },
      nodeName: props.nodeName,
      datastoreId: files,
      contentType: "import",
      url: DEBIAN_IMAGE.url,
      fileName: DEBIAN_IMAGE.fileName,
      checksum: DEBIAN_IMAGE.checksum,
      checksumAlgorithm: DEBIAN_IMAGE.checksumAlgorithm,
      overwrite: false,
    });
    image.overrideLogicalId("image");

    // Lives only in state; the snippets carry a reference that Terraform resolves at apply.
    const token = new RandomPassword(this, "token", { length: 48, special: false });
    token.overrideLogicalId("k3s_token");

    const common = {
      token: token.result,
      "tls-san": [props.apiAddress],
      "cluster-cidr": layout.format(layout.pods),
      "service-cidr": layout.format(layout.services),
      "cluster-dns": layout.clusterDns,
      // kube-vip hands out LoadBalancer addresses; Argo CD installs the ingress.
      disable: ["servicelb", "traefik"],
      "secrets-encryption": true,
      "write-kubeconfig-mode": "0600",
    };
    const manifests = { "basecamp-kube-vip.yaml": kubeVipManifests(props.apiAddress, props.loadBalancers, props.podLabels), ...props.manifests };

    const vm = (logicalId: string, role: "server" | "agent", hostname: string, ip: string, size: NodeSize, k3s: object) => {
      const userData = new VirtualEnvironmentFile(this, `${logicalId}-user-data`, {
        nodeName: props.nodeName,
        datastoreId: files,
        contentType: "snippets",
        lifecycle: { precondition: [allows("snippets")] },
        sourceRaw: { fileName: `${hostname}.yaml`, data: cloudConfig({ hostname, role, release, k3s, sshKey: props.sshKey, manifests: role === "server" ? manifests : {} }) },
      });
      userData.overrideLogicalId(`${logicalId}_user_data`);
      const machine = MACHINES[size];
      const r = new VirtualEnvironmentVm(this, logicalId, {
        nodeName: props.nodeName,
        name: hostname,
        tags: [...props.tags, `k3s-${role}`].sort(),
        description: `K3s ${role} of cluster ${props.name}; managed by basecamp`,
        started: true,
        onBoot: true,
        stopOnDestroy: true,
        machine: "q35",
        scsiHardware: "virtio-scsi-single",
        // cloud-init installs and starts qemu-guest-agent before anything else.
        agent: { enabled: true },
        cpu: { cores: machine.cores, type: "x86-64-v2-AES" },
        memory: { dedicated: machine.memory },
        disk: [{ datastoreId: disks, interface: "scsi0", size: machine.disk, importFrom: image.id, discard: "on", iothread: true, ssd: true }],
        networkDevice: [{ bridge: props.bridge }],
        serialDevice: [{ device: "socket" }],
        initialization: {
          datastoreId: disks,
          dns: { servers: [props.gateway] },
          ipConfig: [{ ipv4: { address: `${ip}/24`, gateway: props.gateway } }],
          userDataFileId: userData.id,
        },
        operatingSystem: { type: "l26" },
        // bpg replaces a VM whose snippet or image changes (bpg #2901): a version bump would rebuild every node
        // at once, etcd and volumes with them. These are first-boot inputs only; upgrades happen in place
        // (system-upgrade-controller, Argo CD), and a real rebuild is one node at a time (runbooks/replace-a-k3s-node.md).
        lifecycle: { ignoreChanges: [...FIRST_BOOT_INPUTS] },
      });
      r.overrideLogicalId(logicalId);
      return r;
    };

    this.servers = Array.from({ length: props.servers.count }, (_, i) => {
      const ip = layout.server(i);
      // The first server starts etcd; the others join it through the virtual address.
      const join = i === 0 ? { "cluster-init": true } : { server: this.endpoint };
      return vm(`server_${i + 1}`, "server", `${props.name}-server-${i + 1}`, ip, props.servers.size, { ...common, ...join, "node-ip": ip });
    });
    this.agents = Array.from({ length: props.agents.count }, (_, i) => {
      const ip = layout.agent(i);
      return vm(`agent_${i + 1}`, "agent", `${props.name}-agent-${i + 1}`, ip, props.agents.size, { server: this.endpoint, token: token.result, "node-ip": ip });
    });
  }
}

/**
 * K3s re-applies every file of its manifests folder at each start, which
 * would roll kube-vip and Argo CD back to their first-boot versions after
 * an upgrade. Once K3s has applied a file, a `.skip` beside it hands the
 * objects to Argo CD, which runs them from git from then on.
 */
function handOver(file: string): string {
  const addon = file.split(".")[0];
  const dir = "/var/lib/rancher/k3s/server/manifests";
  return `for i in $(seq 180); do k3s kubectl -n kube-system get addon ${addon} -o jsonpath='{.spec.checksum}' 2>/dev/null | grep -q . && touch ${dir}/${file}.skip && break; sleep 10; done`;
}

/**
 * Cloud-config: the `basecamp` user with the description's key (no
 * passwords), K3s's config file (0600: the token is in no command line or
 * world-readable file), the servers' auto-deployed manifests, and the pinned
 * installer.
 */
function cloudConfig(o: { hostname: string; role: "server" | "agent"; release: string; k3s: object; sshKey: string; manifests: Readonly<Record<string, readonly object[]>> }): string {
  const manifests = Object.entries(o.manifests).map(([file, objects]) => ({
    path: `/var/lib/rancher/k3s/server/manifests/${file}`,
    permissions: "0600",
    content: objects.map((x) => toYaml(x, PLAIN_STYLE)).join("---\n"),
  }));
  const doc = {
    hostname: o.hostname,
    manage_etc_hosts: true,
    users: [{ name: "basecamp", groups: ["sudo"], shell: "/bin/bash", sudo: "ALL=(ALL) NOPASSWD:ALL", lock_passwd: true, ssh_authorized_keys: [o.sshKey] }],
    ssh_pwauth: false,
    disable_root: true,
    package_update: true,
    packages: ["qemu-guest-agent", "curl"],
    write_files: [{ path: "/etc/rancher/k3s/config.yaml", permissions: "0600", content: toYaml(o.k3s, PLAIN_STYLE) }, ...manifests],
    runcmd: [
      "systemctl enable --now qemu-guest-agent",
      `curl -sfL --retry 5 -o /usr/local/bin/k3s-install.sh ${k3sInstaller(o.release)}`,
      `INSTALL_K3S_VERSION=${o.release} sh /usr/local/bin/k3s-install.sh ${o.role}`,
      ...Object.keys(o.manifests).map(handOver),
    ],
  };
  return `#cloud-config\n${toYaml(doc, PLAIN_STYLE)}`;
}
