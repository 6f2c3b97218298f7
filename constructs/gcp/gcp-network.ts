import { Construct } from "constructs";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import { formatCidr, parseCidr, subnet, type Cidr } from "../../lib/model/cidr";

/** Secondary range names the GKE cluster's ip_allocation_policy refers to. */
export const POD_RANGE = "pods";
export const SERVICE_RANGE = "services";

/**
 * How a cluster range is split in /+4 blocks: nodes, services, the GKE
 * control plane's /28, the range peered to Google's services (Cloud SQL);
 * pods take the upper half.
 */
export function gcpLayout(range: Cidr) {
  return {
    nodes: subnet(range, 4, 0),
    services: subnet(range, 4, 1),
    controlPlane: { base: subnet(range, 4, 2).base, prefix: 28 },
    serviceNetworking: subnet(range, 4, 3),
    pods: subnet(range, 1, 1),
  };
}

export interface GcpNetworkProps {
  /** The cluster's range; split by gcpLayout. */
  readonly cidr: string;
  readonly region: string;
  /** Name prefix of every resource. */
  readonly name: string;
  /** Static NAT addresses: one, or one per zone for more egress capacity. */
  readonly natAddresses: number;
}

/**
 * A VPC with one regional subnetwork for nodes, pods and services, Cloud NAT
 * on static addresses (so other APIs can allow them), and the private
 * service connection Cloud SQL's private IP needs.
 */
export class GcpNetwork extends Construct {
  public readonly network: ComputeNetwork;
  public readonly subnetwork: ComputeSubnetwork;
  public readonly serviceConnection: ServiceNetworkingConnection;
  public readonly egressAddresses: string[];

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    const layout = gcpLayout(parseCidr(props.cidr)!);

    this.network = new ComputeNetwork(this, "Resource", { name: props.name, autoCreateSubnetworks: false, routingMode: "REGIONAL" });
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
      logConfig: { aggregationInterval: "INTERVAL_5_MIN", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
    });
    this.subnetwork.overrideLogicalId("subnet");

    const addresses = Array.from({ length: props.natAddresses }, (_, i) => {
      const a = new ComputeAddress(this, `nat-address-${i}`, { name: `${props.name}-nat-${i}`, region: props.region, addressType: "EXTERNAL" });
      a.overrideLogicalId(`nat_address_${i}`);
      return a;
    });
    const router = new ComputeRouter(this, "router", { name: `${props.name}-router`, network: this.network.id, region: props.region });
    router.overrideLogicalId("router");
    const nat = new ComputeRouterNat(this, "nat", {
      name: `${props.name}-nat`,
      router: router.name,
      region: props.region,
      natIpAllocateOption: "MANUAL_ONLY",
      natIps: addresses.map((a) => a.selfLink),
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
    nat.overrideLogicalId("nat");
    this.egressAddresses = addresses.map((a) => a.address);

    const peering = new ComputeGlobalAddress(this, "service-range", {
      name: `${props.name}-services`,
      network: this.network.id,
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      address: formatCidr(layout.serviceNetworking).split("/")[0],
      prefixLength: layout.serviceNetworking.prefix,
    });
    peering.overrideLogicalId("service_range");
    this.serviceConnection = new ServiceNetworkingConnection(this, "service-connection", {
      network: this.network.id,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [peering.name],
    });
    this.serviceConnection.overrideLogicalId("service_connection");
  }
}
