import { z } from "zod";
import { cidr, int, ipv4, name, strict } from "../common";
import { clusterBase, nodes } from "../clusters";
import { contains, parseCidr, parseIp } from "../cidr";
import type { Check } from "../check";

const network = strict({
  /** The cluster's range; the VMs take its first /24, which must be the uplink VLAN's subnet. */
  cidr,
  /** Where the cluster's bridge reaches the rest of the network. */
  uplink: strict({
    /** The host's physical interface (or bond) that carries the VLAN, such as eno1. */
    interface: z.string().regex(/^[a-z][a-z0-9]{1,14}$/, "must be a Linux interface name such as eno1 or bond0"),
    /** The VLAN of the cluster on that interface; the router routes it. */
    vlan: int(2, 4094),
  }),
  /** The router's address on the VLAN, the VMs' default gateway and DNS server. */
  gateway: ipv4,
});

export const proxmoxCluster = strict({
  ...clusterBase,
  provider: z.literal("proxmox"),
  /** Servers (system) run K3s's control plane with embedded etcd: three by default; agents do not autoscale. */
  nodes: nodes(3, 2),
  /** A site name for the homelab, such as "home". */
  region: name(),
  network,
  /** The Proxmox VE API endpoint. */
  endpoint: z.string().regex(/^https:\/\/[^\s/]+(:\d+)?\/?$/, "must be an https:// URL such as https://pve.home.arpa:8006/"),
  /** The Proxmox node that hosts the VMs. */
  node: name(),
  /**
   * Every VM, so every etcd server, sits on `node`: etcd survives a VM, not
   * the host. Say so to accept it; synth warns until then. @default false
   */
  singleHost: z.boolean({ error: "must be true or false" }).default(false),
  /** How the provider reaches the node over SSH to upload cloud-init snippets. */
  ssh: strict({
    /** A user on the node with the rights to write snippets (root or a sudoer). */
    username: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a Linux user name"),
    /** The node's address as the machine running terraform sees it. */
    address: z.string().min(1, "must not be empty"),
  }),
  /** The public key that may log in to the VMs as the user `basecamp`. */
  sshKey: z.string().regex(/^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) [A-Za-z0-9+/=]+( [^\n]*)?$/, "must be an OpenSSH public key such as 'ssh-ed25519 AAAA... you@host'"),
  /** The virtual address kube-vip gives the Kubernetes API, inside the VMs' /24. */
  apiAddress: ipv4,
  /** Addresses kube-vip hands to LoadBalancer Services (the ingress first), inside the VMs' /24. */
  loadBalancers: cidr,
  /** How the cluster gets its manifests: pull (its own Argo CD reads the rendered branch). */
  delivery: z.enum(["pull"], { error: "must be pull: the hub cannot dial into a home network, so the cluster pulls the rendered branch itself" }).default("pull"),
  /**
   * Where CloudNativePG archives its databases (base backups and WAL): an S3-compatible object store the
   * cluster reaches, such as MinIO on a NAS. Its access key lives in the cluster's Vault at
   * <cluster>/backups (access-key-id, secret-access-key), which the stack creates with placeholders.
   * @default none: the databases are not backed up (synth warns)
   */
  backups: strict({
    endpoint: z.string().regex(/^https?:\/\/[^/\s]+\/?$/, "must be the store's URL, such as https://s3.home.arpa or http://10.40.0.9:9000"),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name: 3 to 63 lower-case letters, digits, '.' and '-'"),
    /** How long base backups and WAL are kept. */
    retention: z.string().regex(/^[1-9][0-9]*[dwm]$/, "must be a number of days, weeks or months, such as 30d").default("30d"),
  }).optional(),
  /** The secret store the cluster's External Secrets reads: a Vault (or OpenBao) KV v2 mount. */
  secrets: strict({
    vault: strict({
      server: z.string().regex(/^https:\/\/\S+$/, "must be an https:// URL"),
      /** The KV v2 mount. */
      path: z.string().regex(/^[a-z0-9][a-z0-9_/-]*$/, "must be a KV mount path such as basecamp"),
      /** The Vault role bound to the cluster's service accounts (Kubernetes auth). */
      role: z.string().min(1, "must not be empty"),
      /** The PEM of the CA that signed the Vault server's certificate, when it is a private one. @default - the system's CAs */
      ca: z.string().regex(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n?$/, "must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)").optional(),
    }),
  }),
});

export type ProxmoxCluster = z.output<typeof proxmoxCluster>;

/** The addresses the cluster uses lie in its VMs' /24, and the gateway is not one of the cluster's own. */
export const checkProxmox: Check = (p, add) =>
  p.clusters.forEach((c, i) => {
    if (c?.provider !== "proxmox") return;
    const mount = c.secrets?.vault?.path;
    if (typeof mount === "string" && (mount === c.name || mount === "data")) {
      add(`clusters[${i}].secrets.vault.path`, `'${mount}' is also the first part of every secret's path (the cluster's name, or data), which External Secrets would strip as the mount's; name the mount after the platform, such as ${typeof p.platform.name === "string" ? p.platform.name : "basecamp"}`);
    }
    const range = typeof c.network?.cidr === "string" ? parseCidr(c.network.cidr) : undefined;
    if (!range || range.prefix > 24) return;
    const vms = { base: range.base, prefix: 24 };
    const inside = (what: string, path: string, value: unknown) => {
      const ip = typeof value === "string" ? parseIp(value) : undefined;
      if (ip !== undefined && !contains(vms, { base: ip, prefix: 32 })) {
        add(path, `${value} is outside the VMs' subnet ${c.network.cidr.replace(/\/\d+$/, "")}/24; ${what} must be inside it`);
      }
    };
    inside("the gateway", `clusters[${i}].network.gateway`, c.network?.gateway);
    inside("the API address", `clusters[${i}].apiAddress`, c.apiAddress);
    // .11-.20 are the servers', .21 on the agents': the router and the API address take .1-.10.
    for (const [what, path, value] of [["the gateway", `clusters[${i}].network.gateway`, c.network?.gateway], ["the API address", `clusters[${i}].apiAddress`, c.apiAddress]] as const) {
      const ip = typeof value === "string" ? parseIp(value) : undefined;
      if (ip !== undefined && ip - vms.base > 10 && contains(vms, { base: ip, prefix: 32 })) {
        add(path, `${value} is one of the VMs' addresses (.11 and up); ${what} must be .1 to .10 of the /24`);
      }
    }
    const servers = c.nodes?.system?.count;
    if (typeof servers === "number" && servers > 1 && servers % 2 === 0) {
      add(`clusters[${i}].nodes.system.count`, `is ${servers}; K3s servers with embedded etcd need a majority: use 1, 3 or 5`);
    }
    const w = c.nodes?.workload;
    if (w && typeof w.min === "number" && typeof w.max === "number" && w.min !== w.max) {
      add(`clusters[${i}].nodes.workload`, `min (${w.min}) and max (${w.max}) differ, but a Proxmox cluster has no autoscaler: give them one value`);
    }
    const lb = typeof c.loadBalancers === "string" ? parseCidr(c.loadBalancers) : undefined;
    if (lb && !contains(vms, lb)) add(`clusters[${i}].loadBalancers`, `${c.loadBalancers} is outside the VMs' subnet; the load balancer range must be inside it`);
    const agents = typeof w?.min === "number" ? w.min : 2;
    if (lb && contains(vms, lb) && lb.base - vms.base < 21 + agents) {
      add(`clusters[${i}].loadBalancers`, `${c.loadBalancers} takes addresses of the VMs (servers from .11, agents from .21); put it above .${20 + agents}`);
    }
  });
