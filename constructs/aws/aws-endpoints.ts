import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";

/** Services the nodes call all day: image pulls (ECR, its layers in S3), Pod Identity's STS, External Secrets. */
export const INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "sts", "secretsmanager"] as const;

export interface AwsEndpointsProps {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly region: string;
  readonly name: string;
  /** Where the interface endpoints take an address (one per zone). */
  readonly subnetIds: readonly string[];
  /** The route tables that reach S3 through the gateway endpoint. */
  readonly routeTableIds: readonly string[];
}

/**
 * VPC endpoints, so the cluster's own AWS traffic does not pay the NAT's
 * per-gigabyte price: a gateway endpoint for S3 (free) and interface
 * endpoints with private DNS, reachable on 443 from the VPC only.
 */
export class AwsEndpoints extends Construct {
  constructor(scope: Construct, id: string, props: AwsEndpointsProps) {
    super(scope, id);
    const s3 = new VpcEndpoint(this, "s3", { vpcId: props.vpcId, serviceName: `com.amazonaws.${props.region}.s3`, vpcEndpointType: "Gateway", routeTableIds: [...props.routeTableIds], tags: { Name: `${props.name}-s3` } });
    s3.overrideLogicalId("endpoint_s3");
    const sg = new SecurityGroup(this, "security-group", { name: `${props.name}-endpoints`, description: `VPC endpoints of ${props.name}`, vpcId: props.vpcId, tags: { Name: `${props.name}-endpoints` } });
    sg.overrideLogicalId("endpoints_security_group");
    const https = new VpcSecurityGroupIngressRule(this, "https", { securityGroupId: sg.id, cidrIpv4: props.vpcCidr, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "HTTPS from the VPC" });
    https.overrideLogicalId("endpoints_https");
    for (const service of INTERFACE_ENDPOINTS) {
      const slug = service.replace(/\./g, "_");
      const e = new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: [sg.id],
        tags: { Name: `${props.name}-${service}` },
      });
      e.overrideLogicalId(`endpoint_${slug}`);
    }
  }
}
