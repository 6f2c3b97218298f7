import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { AwsRole, serviceTrust } from "./aws-role";

export interface AwsFlowLogsProps {
  readonly vpcId: string;
  readonly name: string;
  readonly rolePrefix: string;
  /** Days the records are kept. @default 30 */
  readonly retentionDays?: number;
}

/** The VPC's flow logs (accepted and rejected), in a log group that expires them. */
export class AwsFlowLogs extends Construct {
  constructor(scope: Construct, id: string, props: AwsFlowLogsProps) {
    super(scope, id);
    const group = new CloudwatchLogGroup(this, "group", { name: `/basecamp/${props.name}/vpc-flow-logs`, retentionInDays: props.retentionDays ?? 30 });
    group.overrideLogicalId("flow_logs");
    const role = new AwsRole(this, "role", {
      name: `${props.rolePrefix}-flow-logs`,
      logicalId: "flow_logs_role",
      trust: serviceTrust("vpc-flow-logs.amazonaws.com"),
      statements: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: `${group.arn}:*` }],
    });
    const log = new FlowLog(this, "Resource", { vpcId: props.vpcId, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: group.arn, iamRoleArn: role.arn, maxAggregationInterval: 600 });
    log.overrideLogicalId("flow_log");
  }
}
