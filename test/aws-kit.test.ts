import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { AwsDatabase } from "../constructs/aws/aws-database";
import { AwsKubernetes } from "../constructs/aws/aws-kubernetes";
import { AwsNetwork } from "../constructs/aws/aws-network";
import { AwsRole, clusterRecordNames, dnsStatements, podIdentityTrust, webIdentityTrust } from "../constructs/aws/aws-role";
import { AwsBudget } from "../constructs/aws/aws-budget";
import { overlaps, parseCidr, contains } from "../lib/model/cidr";
import { resources, sampleStacks, unitStack } from "./helpers/stacks";

const TAGS = { platform: "acme", cluster: "a", environment: "production", owner: "oncall" };

describe("AwsNetwork", () => {
  const net = (natPerZone: boolean) =>
    unitStack("aws", (s) => new AwsNetwork(s, "network", { cidr: "10.10.0.0/16", zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], natPerZone, name: "a", region: "eu-west-1", rolePrefix: "acme-a" })).json;

  test("private, public and database subnets in every zone, inside the VPC, none overlapping", () => {
    const subnets = Object.values(resources(net(false), "aws_subnet"));
    expect(subnets).toHaveLength(9);
    const vpc = parseCidr("10.10.0.0/16")!;
    const ranges = subnets.map((s) => parseCidr(s.cidr_block)!);
    ranges.forEach((r, i) => {
      expect(contains(vpc, r)).toBe(true);
      ranges.slice(i + 1).forEach((o) => expect(overlaps(r, o)).toBe(false));
    });
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(subnets.filter((s) => s.tags["kubernetes.io/role/elb"] === "1").map((s) => s.tags.Name).sort()).toEqual(["a-public-eu-west-1a", "a-public-eu-west-1b", "a-public-eu-west-1c"]);
  });

  test("one NAT gateway per zone when asked, each zone's private routes through its own", () => {
    const json = net(true);
    expect(Object.keys(resources(json, "aws_nat_gateway")).sort()).toEqual(["nat_eu_west_1a", "nat_eu_west_1b", "nat_eu_west_1c"]);
    expect(resources(json, "aws_route_table").private_routes_eu_west_1b.route[0].nat_gateway_id).toBe("${aws_nat_gateway.nat_eu_west_1b.id}");
  });

  test("one NAT gateway for all zones otherwise", () => {
    const json = net(false);
    expect(Object.keys(resources(json, "aws_nat_gateway"))).toEqual(["nat_eu_west_1a"]);
    expect(resources(json, "aws_route_table").private_routes_eu_west_1c.route[0].nat_gateway_id).toBe("${aws_nat_gateway.nat_eu_west_1a.id}");
  });

  test("database subnets have no route out of the VPC", () => {
    expect(resources(net(false), "aws_route_table").database_routes.route).toBeUndefined();
  });

  test("the nodes reach S3, ECR, STS and Secrets Manager without the NAT; the VPC's flows are logged and expire", () => {
    const json = net(false);
    const endpoints = resources(json, "aws_vpc_endpoint");
    expect(endpoints.endpoint_s3).toMatchObject({ service_name: "com.amazonaws.eu-west-1.s3", vpc_endpoint_type: "Gateway" });
    expect(endpoints.endpoint_s3.route_table_ids).toHaveLength(3);
    for (const service of ["ecr.api", "ecr.dkr", "sts", "secretsmanager"]) {
      expect(endpoints[`endpoint_${service.replace(".", "_")}`]).toMatchObject({ service_name: `com.amazonaws.eu-west-1.${service}`, vpc_endpoint_type: "Interface", private_dns_enabled: true });
    }
    expect(resources(json, "aws_vpc_security_group_ingress_rule").endpoints_https).toMatchObject({ cidr_ipv4: "10.10.0.0/16", from_port: 443, to_port: 443 });
    expect(resources(json, "aws_flow_log").flow_log).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    expect(resources(json, "aws_cloudwatch_log_group").flow_logs.retention_in_days).toBe(30);
  });

  test("refuses one zone, or more than five", () => {
    expect(() => unitStack("aws", (s) => new AwsNetwork(s, "network", { cidr: "10.10.0.0/16", zones: ["eu-west-1a"], name: "a", region: "eu-west-1", rolePrefix: "acme-a" }))).toThrow(
      "[test/network] 'zones' has 1 zones; an AWS network needs 2 to 5",
    );
  });
});

describe("AwsKubernetes", () => {
  const eks = (admins: string[] = []) =>
    unitStack("aws", (s) =>
      new AwsKubernetes(s, "kubernetes", {
        name: "a",
        version: "1.35",
        privateSubnetIds: ["subnet-1", "subnet-2"],
        apiCidrs: ["198.51.100.0/24"],
        system: { count: 2, size: "medium" },
        workload: { min: 2, max: 6, size: "large" },
        admins,
        rolePrefix: "acme-a",
        account: "111122223333",
        tags: TAGS,
      }),
    ).text;

  test("API authentication, KMS-encrypted secrets, the public endpoint open to the given ranges only", () => {
    expect(eks()).toHaveResourceWithProperties(EksCluster, {
      version: "1.35",
      // Only who the description names: an implicit entry for the applier would collide with an admin's (409).
      access_config: { authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false },
      // Changing it replaces a cluster: one made with it on keeps it.
      lifecycle: { ignore_changes: ["access_config[0].bootstrap_cluster_creator_admin_permissions"] },
      vpc_config: { endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ["198.51.100.0/24"], subnet_ids: ["subnet-1", "subnet-2"] },
      encryption_config: { resources: ["secrets"], provider: { key_arn: "${aws_kms_key.secrets_key.arn}" } },
      upgrade_policy: { support_type: "STANDARD" },
    });
  });

  test("a fixed system pool and an autoscaled workload pool of the mapped instance types", () => {
    const json = JSON.parse(eks());
    const groups = resources(json, "aws_eks_node_group");
    expect(groups.system_nodes).toMatchObject({ instance_types: ["m6i.xlarge"], scaling_config: { desired_size: 2, min_size: 2, max_size: 2 } });
    expect(groups.workload_nodes).toMatchObject({ instance_types: ["m6i.2xlarge"], scaling_config: { desired_size: 2, min_size: 2, max_size: 6 }, lifecycle: { ignore_changes: ["scaling_config[0].desired_size"] } });
  });

  test("add-ons pinned for the version; the CNI before the nodes, CoreDNS after", () => {
    const addons = resources(JSON.parse(eks()), "aws_eks_addon");
    expect(addons.addon_vpc_cni.addon_version).toBe("v1.22.4-eksbuild.3");
    expect(resources(JSON.parse(eks()), "aws_eks_node_group").system_nodes.depends_on).toContain("aws_eks_addon.addon_vpc_cni");
    expect(addons.addon_coredns.depends_on).toEqual(["aws_eks_node_group.system_nodes", "aws_eks_node_group.workload_nodes"]);
  });

  test("nodes, their volumes and interfaces carry the cost tags; pods cannot reach the node's metadata", () => {
    const templates = resources(JSON.parse(eks()), "aws_launch_template");
    for (const t of Object.values<any>(templates)) {
      expect(t.tag_specifications.map((x: any) => x.resource_type).sort()).toEqual(["instance", "network-interface", "volume"]);
      for (const spec of t.tag_specifications) expect(spec.tags).toEqual(TAGS);
      expect(t.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
    }
    const addons = resources(JSON.parse(eks()), "aws_eks_addon");
    expect(JSON.parse(addons.addon_aws_ebs_csi_driver.configuration_values)).toEqual({ controller: { extraVolumeTags: TAGS } });
    expect(JSON.parse(addons.addon_vpc_cni.configuration_values)).toEqual({ enableNetworkPolicy: "true" });
  });

  test("the control plane's logs expire; Pod Identity trust holds only this account's and this cluster's agent", () => {
    const json = JSON.parse(eks());
    expect(resources(json, "aws_cloudwatch_log_group").control_plane_logs).toMatchObject({ name: "/aws/eks/a/cluster", retention_in_days: 90 });
    expect(resources(json, "aws_eks_cluster").cluster.depends_on).toContain("aws_cloudwatch_log_group.control_plane_logs");
    const trust = JSON.parse(resources(json, "aws_iam_role").ebs_csi_role.assume_role_policy);
    expect(trust.Statement[0].Condition).toEqual({ StringEquals: { "aws:SourceAccount": "111122223333", "aws:RequestTag/eks-cluster-arn": "${aws_eks_cluster.cluster.arn}" } });
  });

  test("admins get access entries with the cluster admin policy", () => {
    const json = JSON.parse(eks(["arn:aws:iam::1:role/hub"]));
    expect(resources(json, "aws_eks_access_entry").admin_0.principal_arn).toBe("arn:aws:iam::1:role/hub");
    expect(resources(json, "aws_eks_access_policy_association").admin_0_policy).toMatchObject({ access_scope: { type: "cluster" } });
  });

  test("refuses a version with no pinned add-ons", () => {
    expect(() => unitStack("aws", (s) => new AwsKubernetes(s, "k", { name: "a", version: "1.30", privateSubnetIds: [], apiCidrs: [], system: { count: 1, size: "small" }, workload: { min: 1, max: 1, size: "small" }, rolePrefix: "x", account: "1", tags: TAGS }))).toThrow(
      "[test/k] no EKS add-on versions are pinned for Kubernetes 1.30 (constructs/aws/eks-addons.ts has 1.35, 1.36); use that version or pin them",
    );
  });
});

describe("IAM roles", () => {
  test("Route 53 changes are limited to the cluster's own names and the entry's ACME challenge", () => {
    const [change] = dnsStatements(clusterRecordNames("aws-a.acme.example", "www.acme.example"));
    expect(change).toEqual({
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: "arn:aws:route53:::hostedzone/*",
      Condition: { "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["*.aws-a.acme.example", "_acme-challenge.www.acme.example"] } },
    });
  });

  test("web identity trust names the issuer, the audience and the service accounts", () => {
    expect(webIdentityTrust("arn:p", "issuer.example/x", ["system:serviceaccount:a:b"])).toMatchObject({
      Statement: [{ Principal: { Federated: "arn:p" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "issuer.example/x:aud": "sts.amazonaws.com" }, "ForAnyValue:StringEquals": { "issuer.example/x:sub": ["system:serviceaccount:a:b"] } } }],
    });
  });

  test("a role longer than IAM allows is refused", () => {
    expect(() => unitStack("aws", (s) => new AwsRole(s, "r", { name: "x".repeat(65), logicalId: "r", trust: podIdentityTrust({ account: "1", clusterArn: "arn:aws:eks:eu-west-1:1:cluster/a" }) }))).toThrow(/longer than IAM's 64 characters/);
  });
});

describe("AwsDatabase", () => {
  const db = (ha: boolean) =>
    unitStack("aws", (s) =>
      new AwsDatabase(s, "database_triage", {
        identifier: "a-triage",
        logicalId: "database_triage",
        dbName: "triage",
        size: "small",
        storageGb: 20,
        ha,
        vpcId: "vpc-1",
        subnetIds: ["s1", "s2"],
        clientSecurityGroupId: "sg-cluster",
        secretKmsKeyId: "arn:key",
      }),
    ).json;

  test("private, encrypted, backed up, protected twice, password generated and kept by RDS", () => {
    const i = resources(db(true), "aws_db_instance").database_triage;
    expect(i).toMatchObject({
      engine: "postgres",
      engine_version: "17",
      instance_class: "db.t4g.medium",
      multi_az: true,
      publicly_accessible: false,
      storage_encrypted: true,
      manage_master_user_password: true,
      master_user_secret_kms_key_id: "arn:key",
      deletion_protection: true,
      skip_final_snapshot: false,
      delete_automated_backups: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(i.password).toBeUndefined();
    expect(resources(db(false), "aws_db_instance").database_triage.multi_az).toBe(false);
  });

  test("only the cluster's security group may connect, on 5432", () => {
    expect(resources(db(false), "aws_vpc_security_group_ingress_rule").database_triage_ingress).toMatchObject({ referenced_security_group_id: "sg-cluster", from_port: 5432, to_port: 5432 });
  });
});

describe("AwsBudget", () => {
  test("monthly, over the cluster's cost tag, one actual alert per threshold and a forecast alert", () => {
    const b = resources(
      unitStack("aws", (s) => new AwsBudget(s, "budget", { name: "acme-a", monthly: 900, alerts: [50, 100], notify: ["ops@acme.example"], tag: { key: "cluster", value: "a" } })).json,
      "aws_budgets_budget",
    ).budget;
    expect(b).toMatchObject({ limit_amount: "900", time_unit: "MONTHLY", cost_filter: [{ name: "TagKeyValue", values: ["user:cluster$a"] }] });
    expect(b.notification.map((n: any) => `${n.notification_type} ${n.threshold}`)).toEqual(["ACTUAL 50", "ACTUAL 100", "FORECASTED 100"]);
  });
});

describe("the AWS cluster stack of the sample", () => {
  test("every cluster's IAM role names start with the platform and cluster, within 64 characters", () => {
    const roles = Object.values<any>(resources(sampleStacks()["aws-a"], "aws_iam_role")).map((r) => r.name);
    expect(roles.length).toBeGreaterThan(5);
    for (const r of roles) expect(r).toMatch(/^acme-aws-a-[a-z-]+$/);
  });

  test("the hub's External Secrets may read its own secrets, RDS's passwords of its own databases, and only the registrations of others", () => {
    const policy = JSON.parse(resources(sampleStacks()["aws-a"], "aws_iam_role_policy").external_secrets_role_policy.policy);
    expect(policy.Statement.map((s: any) => s.Resource)).toEqual([
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/aws-a/*",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-*",
      "*",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/*/registration-??????",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acme/*/ingest-token-??????",
      "*",
    ]);
    expect(policy.Statement[1].Condition).toEqual({ StringLike: { "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn": "arn:aws:rds:eu-west-1:111122223333:db:aws-a-*" } });
  });
});
