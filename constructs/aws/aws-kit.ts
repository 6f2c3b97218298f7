import type { Construct } from "constructs";
import { CLOUDWATCH_EXPORTER } from "../addons/cloudwatch-exporter";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformStack } from "cdktf";
import type { AwsCluster } from "../../lib/model/schema";
import type { CloudKit, IdentityPart, KitContext, KubernetesPart, NetworkPart } from "../cluster/cloud-kit";
import { databaseName, fitName } from "../cluster/names";
import { AwsBudget } from "./aws-budget";
import { AwsDatabase } from "./aws-database";
import { AwsKubernetes } from "./aws-kubernetes";
import { AwsNetwork } from "./aws-network";
import { clusterRecordNames, dnsStatements, type PolicyStatement } from "./aws-role";
import { AwsSecrets } from "./aws-secrets";
import { COST_TAG } from "../cluster/required-tags";
import { teamGroup } from "../cluster/team-access";

type AwsNetworkPart = NetworkPart & { readonly network: AwsNetwork };
type AwsKubernetesPart = KubernetesPart & { readonly eks: AwsKubernetes };

/** Prefix of every IAM role of a cluster: unique in the account, at most 64 characters with its suffix. */
export function rolePrefix(platform: string, cluster: string): string {
  return fitName(`${platform}-${cluster}`, 48);
}

/** The name of a controller's role; the hub's Argo CD role is trusted by name from every other stack. */
export function controllerRoleName(platform: string, cluster: string, controller: string): string {
  return `${rolePrefix(platform, cluster)}-${controller}`;
}

export function s3Backend(stack: TerraformStack, state: KitContext["state"]): void {
  if (state.kind !== "s3") throw new Error(`[${stack.node.path}] an S3 backend needs an s3 state location, not ${state.kind}`);
  // SSE-KMS with the state key: with `encrypt` alone the backend asks S3 for its own key (AES256) on every write.
  new S3Backend(stack, { bucket: state.bucket, key: state.key, region: state.region, encrypt: true, kmsKeyId: state.kmsKeyId });
  // Terraform >= 1.10 locks with a lock file beside the state; cdktf 0.21's S3Backend has no field for it.
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}

const PLATFORM_PROVIDER = "aws-platform";

/** The platform account's provider, in the hub's region: the registry, the DNS roles, the hub's state. */
export function platformProvider(stack: Construct, ctx: KitContext): AwsProvider {
  return new AwsProvider(stack, PLATFORM_PROVIDER, { alias: "platform", region: ctx.hubRegion, defaultTags: [{ tags: { ...ctx.tags } }] });
}

/** The platform provider of the stack `scope` is in (created by the kit's providers()). */
export function platformProviderOf(scope: Construct): AwsProvider {
  const p = TerraformStack.of(scope).node.tryFindChild(PLATFORM_PROVIDER);
  if (!(p instanceof AwsProvider)) throw new Error(`[${scope.node.path}] the stack has no platform AWS provider; call platformProvider() in the kit's providers()`);
  return p;
}

const AUTOSCALER_STATEMENTS: PolicyStatement[] = [
  {
    Effect: "Allow",
    Action: ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements", "eks:DescribeNodegroup"],
    Resource: "*",
  },
];

/** EKS in its own VPC, with RDS, Secrets Manager and AWS Budgets. */
export const awsKit: CloudKit<AwsCluster, AwsNetworkPart, AwsKubernetesPart, IdentityPart, AwsSecrets> = {
  providers(scope, c, ctx) {
    new AwsProvider(scope, "aws", { region: c.region, defaultTags: [{ tags: { ...ctx.tags } }] });
    // Only hashicorp/aws: RDS generates the database passwords.
    platformProvider(scope, ctx);
  },

  backend: (stack, _c, ctx) => s3Backend(stack, ctx.state),

  network(scope, c, ctx) {
    const network = new AwsNetwork(scope, "network", { cidr: c.network.cidr, zones: c.network.zones, natPerZone: c.network.natPerZone, name: c.name, region: c.region, rolePrefix: rolePrefix(ctx.platform, c.name) });
    return { network, networkId: network.vpc.id, egressAddresses: network.egressAddresses };
  },

  kubernetes(scope, c, net, ctx) {
    // The hub admits its own NAT addresses; a spoke's list (the hub's, from its state) is one reference.
    const apiCidrs = ctx.isHub ? [...ctx.apiCidrs, ...net.egressAddresses.map((ip) => `${ip}/32`)] : [...ctx.apiCidrs];
    const eks = new AwsKubernetes(scope, "kubernetes", {
      name: c.name,
      version: c.kubernetesVersion,
      privateSubnetIds: net.network.privateSubnetIds,
      apiCidrs,
      system: c.nodes.system,
      workload: c.nodes.workload,
      // The platform's admins everywhere; the hub's Argo CD on every other cluster (on the hub it is in-cluster).
      admins: [...ctx.admins, ...(ctx.isHub ? [] : [ctx.hubArgoRoleArn])],
      groups: ctx.teams.flatMap((t) => (t.access?.awsRole ? [{ principal: t.access.awsRole, group: teamGroup(t, "aws") }] : [])),
      rolePrefix: rolePrefix(ctx.platform, c.name),
      account: ctx.awsAccount,
      tags: ctx.tags,
    });
    return {
      eks,
      name: eks.cluster.name,
      endpoint: eks.cluster.endpoint,
      caData: eks.caData,
      oidcIssuer: eks.oidcIssuer,
      ingressAddress: `ingress.${c.name}.${ctx.domain}`,
    };
  },

  identity(_scope, c, kube, ctx): IdentityPart {
    const name = (controller: string) => controllerRoleName(ctx.platform, c.name, controller);
    // Secrets Manager appends "-" and six random characters to every secret's ARN.
    const read = (region: string, name: string): PolicyStatement => ({
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      Resource: `arn:aws:secretsmanager:${region}:${ctx.awsAccount}:secret:${name}`,
    });
    const eso = kube.eks.podRole("external-secrets-role", {
      name: name("external-secrets"),
      namespace: "external-secrets",
      serviceAccount: "external-secrets",
      statements: [
        read(c.region, `${ctx.platform}/${c.name}/*`),
        // RDS keeps each database's password in a secret of its own, tagged with the instance: this cluster's only.
        {
          ...read(c.region, "rds!db-*"),
          Condition: { StringLike: { "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn": `arn:aws:rds:${c.region}:${ctx.awsAccount}:db:${c.name}-*` } },
        },
        { Effect: "Allow", Action: "secretsmanager:ListSecrets", Resource: "*" },
        // The hub reads every cluster's registration and ingest token, and nothing else of theirs, from its registry.
        ...(ctx.isHub ? [read(ctx.hubRegion, `${ctx.platform}/*/registration-??????`), read(ctx.hubRegion, `${ctx.platform}/*/ingest-token-??????`)] : []),
        { Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${c.region}.amazonaws.com` } } },
      ],
    });
    const records = dnsStatements(clusterRecordNames(`${c.name}.${ctx.domain}`, ctx.entryFqdn));
    const dns = kube.eks.podRole("external-dns-role", { name: name("external-dns"), namespace: "external-dns", serviceAccount: "external-dns", statements: records });
    const certs = kube.eks.podRole("cert-manager-role", { name: name("cert-manager"), namespace: "cert-manager", serviceAccount: "cert-manager", statements: records });
    const autoscaler = kube.eks.podRole("cluster-autoscaler-role", {
      name: name("cluster-autoscaler"),
      namespace: "kube-system",
      serviceAccount: "cluster-autoscaler",
      statements: [
        ...AUTOSCALER_STATEMENTS,
        {
          Effect: "Allow",
          Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
          Resource: "*",
          Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${c.name}`]: "owned" } },
        },
      ],
    });
    const ids: Record<string, string> = {
      "external-secrets": eso.arn,
      "external-dns": dns.arn,
      "cert-manager": certs.arn,
      "cluster-autoscaler": autoscaler.arn,
    };
    if (ctx.databases) {
      // The RDS instances' CloudWatch metrics, read into Prometheus (the cloudwatch-exporter add-on): read-only.
      kube.eks.podRole("cloudwatch-exporter-role", {
        name: name("cloudwatch-exporter"),
        namespace: CLOUDWATCH_EXPORTER.namespace,
        serviceAccount: CLOUDWATCH_EXPORTER.serviceAccount,
        statements: [{ Effect: "Allow", Action: ["cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics", "tag:GetResources", "iam:ListAccountAliases"], Resource: "*" }],
      });
    }
    if (ctx.isHub) {
      // Argo CD needs no AWS permission of its own: the other clusters' access entries trust this role.
      const argo = kube.eks.podRole("argocd-role", { name: name("argocd"), namespace: "argocd", serviceAccount: "argocd-application-controller" });
      kube.eks.podRole("argocd-server-role", { name: name("argocd-server"), namespace: "argocd", serviceAccount: "argocd-server" });
      ids.argocd = argo.arn;
    }
    return { ids };
  },

  secrets: (scope, c, _identity, ctx) => new AwsSecrets(scope, "secrets", { prefix: `${ctx.platform}/${c.name}/`, region: c.region, account: ctx.awsAccount }),

  database(scope, c, net, kube, secrets, db) {
    const d = new AwsDatabase(scope, db.id, {
      identifier: `${c.name}-${db.app}`,
      logicalId: db.id,
      dbName: databaseName(db.app),
      size: db.size,
      storageGb: db.storageGb,
      ha: db.ha,
      vpcId: net.network.vpc.id,
      subnetIds: net.network.databaseSubnetIds,
      clientSecurityGroupId: kube.eks.cluster.vpcConfig.clusterSecurityGroupId,
      secretKmsKeyId: secrets.key.arn,
    });
    secrets.write(scope, `${db.id}-connection`, `${db.app}/database`, d.connection, false);
    return { endpoint: d.instance.endpoint, secretKey: secrets.keyOf(`${db.app}/database`) };
  },

  budget(scope, c, ctx) {
    new AwsBudget(scope, "budget", { name: `${ctx.platform}-${c.name}`, monthly: c.budget.monthly, alerts: c.budget.alerts, notify: ctx.notify, tag: { key: COST_TAG, value: c.name } });
  },

  registrationAuth: (c) => ({ kind: "aws", clusterName: c.name }),
};
