import { Construct } from "constructs";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { formatCidr, parseCidr, subnet } from "../../lib/model/cidr";
import { AwsEndpoints } from "./aws-endpoints";
import { AwsFlowLogs } from "./aws-flow-logs";

export interface AwsNetworkProps {
  /** The VPC's range, split in /+4 blocks: private subnets first, then public, then database subnets. */
  readonly cidr: string;
  /** Availability zones, one subnet of each kind in each; at most five. */
  readonly zones: readonly string[];
  /** One NAT gateway per zone; otherwise one in the first zone for all. @default false */
  readonly natPerZone?: boolean;
  /** Name prefix of every resource, and the EKS cluster name the subnet discovery tags name. */
  readonly name: string;
  /** The region, for the VPC endpoints' service names. */
  readonly region: string;
  /** Prefix of the flow logs' IAM role name. */
  readonly rolePrefix: string;
}

/**
 * A VPC with private subnets behind NAT, public subnets for load balancers
 * only, and database subnets with no route out; VPC endpoints for the AWS
 * services the nodes call, and flow logs.
 */
export class AwsNetwork extends Construct {
  public readonly vpc: Vpc;
  public readonly privateSubnetIds: string[];
  public readonly publicSubnetIds: string[];
  public readonly databaseSubnetIds: string[];
  /** The NAT gateways' public addresses: where the cluster's traffic comes from. */
  public readonly egressAddresses: string[];

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    const n = props.zones.length;
    if (n < 2 || n > 5) throw new Error(`[${this.node.path}] 'zones' has ${n} zones; an AWS network needs 2 to 5`);
    const range = parseCidr(props.cidr);
    if (!range) throw new Error(`[${this.node.path}] 'cidr' (${props.cidr}) must be an IPv4 CIDR such as 10.10.0.0/16`);
    const slug = (zone: string) => zone.replace(/-/g, "_");
    const owned = { [`kubernetes.io/cluster/${props.name}`]: "shared" };

    this.vpc = new Vpc(this, "Resource", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    this.vpc.overrideLogicalId("vpc");

    const subnets = (kind: "private" | "public" | "database", offset: number, tags: Record<string, string>) =>
      props.zones.map((zone, i) => {
        const s = new Subnet(this, `${kind}-${zone}`, {
          vpcId: this.vpc.id,
          availabilityZone: zone,
          cidrBlock: formatCidr(subnet(range, 4, offset + i)),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-${kind}-${zone}`, ...tags },
        });
        s.overrideLogicalId(`${kind}_${slug(zone)}`);
        return s;
      });
    const privates = subnets("private", 0, { "kubernetes.io/role/internal-elb": "1", ...owned });
    const publics = subnets("public", n, { "kubernetes.io/role/elb": "1", ...owned });
    const databases = subnets("database", 2 * n, {});

    const igw = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: { Name: props.name } });
    igw.overrideLogicalId("internet_gateway");
    const publicRoutes = new RouteTable(this, "public-routes", {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
      tags: { Name: `${props.name}-public` },
    });
    publicRoutes.overrideLogicalId("public_routes");
    publics.forEach((s, i) => associate(this, `public_routes_${slug(props.zones[i])}`, publicRoutes, s));

    const natZones = props.natPerZone ? props.zones : props.zones.slice(0, 1);
    const nats = natZones.map((zone, i) => {
      const eip = new Eip(this, `nat-address-${zone}`, { domain: "vpc", tags: { Name: `${props.name}-nat-${zone}` } });
      eip.overrideLogicalId(`nat_address_${slug(zone)}`);
      const nat = new NatGateway(this, `nat-${zone}`, { allocationId: eip.id, subnetId: publics[i].id, tags: { Name: `${props.name}-${zone}` }, dependsOn: [igw] });
      nat.overrideLogicalId(`nat_${slug(zone)}`);
      return { eip, nat };
    });
    const privateRoutes = props.zones.map((zone, i) => {
      // Each zone leaves through its own NAT when there is one per zone; otherwise all share the first.
      const nat = nats[props.natPerZone ? i : 0].nat;
      const t = new RouteTable(this, `private-routes-${zone}`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
        tags: { Name: `${props.name}-private-${zone}` },
      });
      t.overrideLogicalId(`private_routes_${slug(zone)}`);
      associate(this, `private_routes_${slug(zone)}`, t, privates[i]);
      return t;
    });
    // Database subnets keep the VPC's local route only: no way in or out but the VPC.
    const dbRoutes = new RouteTable(this, "database-routes", { vpcId: this.vpc.id, tags: { Name: `${props.name}-database` } });
    dbRoutes.overrideLogicalId("database_routes");
    databases.forEach((s, i) => associate(this, `database_routes_${slug(props.zones[i])}`, dbRoutes, s));

    this.privateSubnetIds = privates.map((s) => s.id);
    this.publicSubnetIds = publics.map((s) => s.id);
    this.databaseSubnetIds = databases.map((s) => s.id);
    this.egressAddresses = nats.map((x) => x.eip.publicIp);

    new AwsEndpoints(this, "endpoints", { vpcId: this.vpc.id, vpcCidr: props.cidr, region: props.region, name: props.name, subnetIds: this.privateSubnetIds, routeTableIds: privateRoutes.map((t) => t.id) });
    new AwsFlowLogs(this, "flow-logs", { vpcId: this.vpc.id, name: props.name, rolePrefix: props.rolePrefix });
  }
}

function associate(scope: Construct, logicalId: string, table: RouteTable, s: Subnet): void {
  const a = new RouteTableAssociation(scope, logicalId, { routeTableId: table.id, subnetId: s.id });
  a.overrideLogicalId(logicalId);
}
