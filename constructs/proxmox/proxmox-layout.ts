import { formatCidr, host, parseCidr, subnet, type Cidr } from "../../lib/model/cidr";

/** Host numbers in the VMs' /24: servers from .11, agents from .21; .1-.10 stay for the router and the API address. */
export const FIRST_SERVER = 11;
export const FIRST_AGENT = 21;

/**
 * How a Proxmox cluster's range is used: the VMs in its first /24, services
 * in its second quarter, pods in its upper half, so they never collide with
 * another cluster's nodes as K3s's fixed 10.42/10.43 defaults could.
 */
export function proxmoxLayout(cidr: string) {
  const range = parseCidr(cidr);
  if (!range) throw new Error(`'cidr' (${cidr}) must be an IPv4 CIDR such as 10.40.0.0/16`);
  const vms: Cidr = subnet(range, 24 - range.prefix, 0);
  const pods = subnet(range, 1, 1);
  // kube-apiserver refuses a service range wider than /12; a /16 is plenty.
  const serviceBits = Math.max(2, 16 - range.prefix);
  const services = subnet(range, serviceBits, 2 ** serviceBits / 4);
  return {
    vms,
    pods,
    services,
    clusterDns: host(services, 10),
    server: (i: number) => host(vms, FIRST_SERVER + i),
    agent: (i: number) => host(vms, FIRST_AGENT + i),
    format: formatCidr,
  };
}

/**
 * vmbr<1000 + second octet>: the platform keeps cluster ranges apart, and they
 * mostly differ in the second octet; 1000+ stays clear of vmbr0 (the host's
 * uplink) and of the low numbers people create by hand, and within vmbr4094.
 */
export function bridgeName(cidr: string): string {
  return `vmbr${1000 + Number(cidr.split(".")[1])}`;
}

/** The ingress's address: the first of the cluster's load balancer range. */
export function ingressAddress(loadBalancers: string): string {
  return host(parseCidr(loadBalancers)!, 0);
}
