import { Construct } from "constructs";
import { stringify } from "yaml";
import { formatCidr, host, parseCidr, subnet, type Cidr } from "../../lib/model/cidr";
import type { NodeSize } from "../cluster/cluster-infra";
import { nodeSubnet } from "./proxmox-network";
import { RandomPassword } from "./provider/random-password";
import { VirtualEnvironmentDownloadFile } from "./provider/virtual-environment-download-file";
import { VirtualEnvironmentFile } from "./provider/virtual-environment-file";
import { VirtualEnvironmentVm } from "./provider/virtual-environment-vm";

const MACHINES: Record<NodeSize, { cores: number; memory: number; disk: number }> = {
  small: { cores: 2, memory: 4096, disk: 32 },
  medium: { cores: 4, memory: 8192, disk: 64 },
  large: { cores: 8, memory: 16384, disk: 128 },
};

/** Debian 12's generic cloud image; `.img` because PVE before 8.4 rejects `.qcow2` in iso storage. */
const IMAGE_URL = "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-generic-amd64.qcow2";
const IMAGE_FILE = "debian-12-generic-amd64.img";

/** Host numbers inside the node /24: .1 is the bridge, .10 the server, agents from .11. */
const SERVER_HOST = 10;

export interface ProxmoxKubernetesProps {
  readonly name: string;
  /** The Proxmox node that hosts the VMs. */
  readonly nodeName: string;
  /** A minor version such as "1.32": the K3s release channel. */
  readonly version: string;
  /** The cluster's range: VMs in its first /24, services in its second quarter, pods in its upper half. */
  readonly cidr: string;
  /** The bridge the VMs attach to. */
  readonly bridge: string;
  readonly gateway: string;
  readonly nodeCount: number;
  readonly nodeSize: NodeSize;
  /** Proxmox VM tags. */
  readonly tags: string[];
  /** Datastore for VM disks and cloud-init drives. @default "local-lvm" */
  readonly diskDatastoreId?: string;
  /** Datastore for the image and snippets; it must allow `iso` and `snippets`. @default "local" */
  readonly fileDatastoreId?: string;
}

/**
 * K3s on Debian VMs: one server and `nodeCount` agents. One server, not three
 * with embedded etcd, because `nodes.count` means workers on every provider
 * (EKS and GKE do not count their control planes), and three etcd members on
 * one Proxmox host would add quorum without adding availability.
 */
export class ProxmoxKubernetes extends Construct {
  public readonly server: VirtualEnvironmentVm;
  public readonly agents: VirtualEnvironmentVm[];
  public readonly serverIp: string;
  public readonly agentIps: string[];
  public readonly endpoint: string;
  public readonly diskDatastoreId: string;
  public readonly fileDatastoreId: string;

  constructor(scope: Construct, id: string, props: ProxmoxKubernetesProps) {
    super(scope, id);
    this.diskDatastoreId = props.diskDatastoreId ?? "local-lvm";
    this.fileDatastoreId = props.fileDatastoreId ?? "local";
    const nodes = nodeSubnet(props.cidr);
    const ranges = clusterRanges(this, props.cidr, props.nodeCount);
    this.serverIp = host(nodes, SERVER_HOST);
    this.agentIps = Array.from({ length: props.nodeCount }, (_, i) => host(nodes, SERVER_HOST + 1 + i));
    this.endpoint = `https://${this.serverIp}:6443`;

    const image = new VirtualEnvironmentDownloadFile(this, "image", {
      nodeName: props.nodeName,
      datastoreId: this.fileDatastoreId,
      contentType: "iso",
      url: IMAGE_URL,
      fileName: IMAGE_FILE,
      // `latest` moves; a new upstream image must not replace the file under running VMs.
      overwrite: false,
    });
    image.overrideLogicalId("image");

    // Lives only in state; the snippets carry a reference that Terraform resolves at apply.
    // Alphanumeric, so it stays a plain scalar in K3s's YAML config.
    const token = new RandomPassword(this, "token", { length: 48, special: false });
    token.overrideLogicalId("k3s_token");

    const vm = (logicalId: string, role: "server" | "agent", hostname: string, ip: string, k3s: object) => {
      const userData = new VirtualEnvironmentFile(this, `${logicalId}-user-data`, {
        nodeName: props.nodeName,
        datastoreId: this.fileDatastoreId,
        contentType: "snippets",
        sourceRaw: { fileName: `${hostname}.yaml`, data: cloudConfig(hostname, role, props.version, k3s) },
      });
      userData.overrideLogicalId(`${logicalId}_user_data`);
      const machine = MACHINES[props.nodeSize];
      const r = new VirtualEnvironmentVm(this, logicalId, {
        nodeName: props.nodeName,
        name: hostname,
        tags: [...props.tags, `k3s-${role}`].sort(),
        description: `K3s ${role} of cluster ${props.name}; managed by basecamp`,
        started: true,
        onBoot: true,
        // cloud-init installs and starts qemu-guest-agent before anything else.
        agent: { enabled: true },
        cpu: { cores: machine.cores, type: "x86-64-v2-AES" },
        memory: { dedicated: machine.memory },
        disk: [{ datastoreId: this.diskDatastoreId, interface: "scsi0", size: machine.disk, fileId: image.id, discard: "on" }],
        networkDevice: [{ bridge: props.bridge }],
        initialization: {
          datastoreId: this.diskDatastoreId,
          ipConfig: [{ ipv4: { address: `${ip}/${nodes.prefix}`, gateway: props.gateway } }],
          userDataFileId: userData.id,
        },
        operatingSystem: { type: "l26" },
      });
      r.overrideLogicalId(logicalId);
      return r;
    };

    this.server = vm("server", "server", `${props.name}-server`, this.serverIp, {
      token: token.result,
      "node-ip": this.serverIp,
      "tls-san": [this.serverIp],
      "cluster-cidr": formatCidr(ranges.pods),
      "service-cidr": formatCidr(ranges.services),
      "cluster-dns": host(ranges.services, 10),
      "write-kubeconfig-mode": "0600",
    });
    this.agents = this.agentIps.map((ip, i) =>
      vm(`agent_${i + 1}`, "agent", `${props.name}-agent-${i + 1}`, ip, {
        server: this.endpoint,
        token: token.result,
        "node-ip": ip,
      }),
    );
  }
}

/**
 * Pods and services get parts of the cluster's own range, so they never
 * collide with another cluster's nodes as K3s's fixed 10.42/10.43 defaults could.
 */
function clusterRanges(scope: Construct, cidr: string, nodeCount: number): { pods: Cidr; services: Cidr } {
  const range = parseCidr(cidr)!;
  const pods = subnet(range, 1, 1);
  // kube-apiserver refuses a service range wider than /12; a /16 is plenty.
  const serviceBits = Math.max(2, 16 - range.prefix);
  const services = subnet(range, serviceBits, 2 ** serviceBits / 4);
  const perNode = 2 ** (24 - pods.prefix);
  if (nodeCount + 1 > perNode) {
    throw new Error(
      `[${scope.node.path}] 'nodes.count' (${nodeCount}) needs ${nodeCount + 1} pod /24s, but network.cidr ${cidr} ` +
        `leaves room for ${perNode}: widen network.cidr or lower nodes.count`,
    );
  }
  return { pods, services };
}

/**
 * Cloud-config that writes K3s's config file (0600, so the token is not in a
 * command line or a world-readable file) and runs the installer.
 */
function cloudConfig(hostname: string, role: "server" | "agent", version: string, k3s: object): string {
  const doc = {
    hostname,
    manage_etc_hosts: true,
    package_update: true,
    packages: ["qemu-guest-agent", "curl"],
    write_files: [
      { path: "/etc/rancher/k3s/config.yaml", permissions: "0600", content: stringify(k3s, { lineWidth: 0 }) },
    ],
    runcmd: [
      "systemctl enable --now qemu-guest-agent",
      `curl -sfL https://get.k3s.io | INSTALL_K3S_CHANNEL=v${version} sh -s - ${role}`,
    ],
  };
  return `#cloud-config\n${stringify(doc, { lineWidth: 0 })}`;
}
