import { Construct } from "constructs";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { formatCidr, parseCidr, subnet } from "../../lib/model/cidr";

export interface AwsNetworkProps {
  /** The VPC's range; private subnets take its first /+4 blocks, public ones the next. */
  readonly cidr: string;
  /** Availability zones, one private and one public subnet each. */
  readonly zones: readonly string[];
  /** Name prefix of every resource. */
  readonly name: string;
  /** The EKS cluster name, for the subnet discovery tags load balancers need. */
  readonly clusterName: string;
}

/** A VPC with private subnets behind one NAT gateway and public subnets for load balancers. */
export class AwsNetwork extends Construct {
  public readonly vpc: Vpc;
  public readonly privateSubnetIds: string[];
  public readonly publicSubnetIds: string[];

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    const range = parseCidr(props.cidr)!;
    const owned = { [`kubernetes.io/cluster/${props.clusterName}`]: "shared" };

    this.vpc = new Vpc(this, "Resource", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    this.vpc.overrideLogicalId("vpc");

    const subnets = (kind: "private" | "public", offset: number, role: string) =>
      props.zones.map((zone, i) => {
        const s = new Subnet(this, `${kind}-${zone}`, {
          vpcId: this.vpc.id,
          availabilityZone: zone,
          cidrBlock: formatCidr(subnet(range, 4, offset + i)),
          mapPublicIpOnLaunch: kind === "public",
          tags: { Name: `${props.name}-${kind}-${zone}`, [role]: "1", ...owned },
        });
        s.overrideLogicalId(`${kind}_${zone.replace(/-/g, "_")}`);
        return s;
      });
    const privates = subnets("private", 0, "kubernetes.io/role/internal-elb");
    const publics = subnets("public", props.zones.length, "kubernetes.io/role/elb");

    const igw = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: { Name: props.name } });
    igw.overrideLogicalId("internet_gateway");
    const eip = new Eip(this, "nat-address", { domain: "vpc", tags: { Name: `${props.name}-nat` } });
    eip.overrideLogicalId("nat_address");
    const nat = new NatGateway(this, "nat", {
      allocationId: eip.id,
      subnetId: publics[0].id,
      tags: { Name: props.name },
      dependsOn: [igw],
    });
    nat.overrideLogicalId("nat");

    const table = (kind: "private" | "public", route: { gatewayId?: string; natGatewayId?: string }, members: Subnet[]) => {
      const t = new RouteTable(this, `${kind}-routes`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: "0.0.0.0/0", ...route }],
        tags: { Name: `${props.name}-${kind}` },
      });
      t.overrideLogicalId(`${kind}_routes`);
      members.forEach((s, i) => {
        const a = new RouteTableAssociation(this, `${kind}-routes-${i}`, { routeTableId: t.id, subnetId: s.id });
        a.overrideLogicalId(`${kind}_routes_${props.zones[i].replace(/-/g, "_")}`);
      });
    };
    table("public", { gatewayId: igw.id }, publics);
    table("private", { natGatewayId: nat.id }, privates);

    this.privateSubnetIds = privates.map((s) => s.id);
    this.publicSubnetIds = publics.map((s) => s.id);
  }
}
