import { Construct } from "constructs";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { formatCidr, parseCidr, subnet, type Cidr } from "../../lib/model/cidr";

/** Secondary range names the GKE cluster's ip_allocation_policy refers to. */
export const POD_RANGE = "pods";
export const SERVICE_RANGE = "services";

/**
 * How a cluster range is split. Blocks 2..7 of the /+4 split stay free; the
 * first /28 of block 2 is the GKE control plane's (see GcpKubernetes).
 */
export function gcpLayout(range: Cidr) {
  return {
    nodes: subnet(range, 4, 0),
    services: subnet(range, 4, 1),
    controlPlane: { base: subnet(range, 4, 2).base, prefix: 28 },
    pods: subnet(range, 1, 1),
  };
}

export interface GcpNetworkProps {
  /** The cluster's range; split by gcpLayout. */
  readonly cidr: string;
  readonly region: string;
  /** Name prefix of every resource. */
  readonly name: string;
}

/** A VPC with one regional subnetwork for nodes, pods and services, and Cloud NAT for private nodes. */
export class GcpNetwork extends Construct {
  public readonly network: ComputeNetwork;
  public readonly subnetwork: ComputeSubnetwork;

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    const layout = gcpLayout(parseCidr(props.cidr)!);

    this.network = new ComputeNetwork(this, "Resource", {
      name: props.name,
      autoCreateSubnetworks: false,
      routingMode: "REGIONAL",
    });
    this.network.overrideLogicalId("network");

    this.subnetwork = new ComputeSubnetwork(this, "subnet", {
      name: `${props.name}-nodes`,
      network: this.network.id,
      region: props.region,
      ipCidrRange: formatCidr(layout.nodes),
      secondaryIpRange: [
        { rangeName: POD_RANGE, ipCidrRange: formatCidr(layout.pods) },
        { rangeName: SERVICE_RANGE, ipCidrRange: formatCidr(layout.services) },
      ],
      // Private nodes have no external address; this reaches Google APIs without NAT.
      privateIpGoogleAccess: true,
    });
    this.subnetwork.overrideLogicalId("subnet");

    const router = new ComputeRouter(this, "router", {
      name: `${props.name}-router`,
      network: this.network.id,
      region: props.region,
    });
    router.overrideLogicalId("router");
    const nat = new ComputeRouterNat(this, "nat", {
      name: `${props.name}-nat`,
      router: router.name,
      region: props.region,
      natIpAllocateOption: "AUTO_ONLY",
      // The VPC holds only this subnetwork; pods are masqueraded to node addresses anyway.
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
    nat.overrideLogicalId("nat");
  }
}
