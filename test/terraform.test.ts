/**
 * The real terraform CLI judges every AWS stack: the hub's cluster stack, a
 * spoke's (which reads the hub's outputs from its remote state), the global
 * entry point and the bootstrap stack. Each is synthesized into a temp dir,
 * copied to its own working dir with a test-only override (mock
 * credentials, local state, remote state from a file of fake outputs), and
 * then `init` and `plan -refresh=false` (which validates first and reports
 * every diagnostic in its JSON stream) run with no network at
 * all (`unshare -n`) and the provider from the machine's filesystem mirror.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { REQUIRED_TAGS } from "../constructs/cluster/required-tags";
import { loadPlatform } from "../lib/model/load";
import type { AwsCluster } from "../lib/model/schema";
import { BOOTSTRAP_STACK, GLOBAL_STACK } from "../lib/model/reserved";
import { STATEFUL_RESOURCES } from "../lib/diff/guard";
import { describeWith } from "./helpers/skip";
import { synth } from "./helpers/synth";
import {
  awsTestOverride,
  describeDiagnostics,
  detectToolchain,
  fakeState,
  initValidatePlan,
  OVERRIDE_FILE,
  TerraformSandbox,
  type PlanJson,
  type StackRun,
} from "./helpers/terraform";

const SHIPPED = path.resolve(__dirname, "fixtures", "platform.yaml");
const SLOW = 300_000;
const HUB = "aws-euw1";
const SPOKE = "aws-use1";
const HUB_EGRESS = ["203.0.113.10", "203.0.113.11"];
const HUB_ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE";

const { toolchain, missing } = detectToolchain();

/** The shipped description and one more AWS cluster, a spoke in another region. */
function description(dir: string): string {
  const p = parse(fs.readFileSync(SHIPPED, "utf8"));
  // Drained: it runs triage outside its failover order, with an RDS database of its own that no entry name reaches.
  p.clusters.push({ name: SPOKE, provider: "aws", region: "us-east-1", network: { cidr: "10.60.0.0/16", zones: ["us-east-1a", "us-east-1b"] }, budget: { monthly: 500 }, traffic: "drain" });
  const file = path.join(dir, "platform.yaml");
  fs.writeFileSync(file, stringify(p));
  return file;
}

type Change = NonNullable<PlanJson["resource_changes"]>[number];
const changes = (run: StackRun): Change[] => run.plan.resource_changes ?? [];
function after(run: StackRun, address: string): Record<string, any> {
  const c = changes(run).find((r) => r.address === address);
  if (!c) throw new Error(`the plan has no ${address}; it has ${changes(run).map((r) => r.address).join(", ")}`);
  return c.change.after ?? {};
}
/** Resources the generated cdk.tf.json declares, as terraform addresses. */
function declared(stackJson: any): string[] {
  return Object.entries<Record<string, unknown>>(stackJson.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

describeWith("terraform with the offline mirror", missing.length > 0 ? missing.join("; ") : undefined, "terraform judges every AWS stack (offline)", () => {
  let outDir: string;
  let sandbox: TerraformSandbox;
  const stacks: Record<string, { json: any; text: string; run: StackRun }> = {};
  const names = [HUB, SPOKE, GLOBAL_STACK, BOOTSTRAP_STACK];

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-synth-"));
    synth({ config: description(outDir), out: outDir });
    sandbox = new TerraformSandbox(toolchain!);
    const hubState = path.join(sandbox.root, "hub.tfstate");
    fs.writeFileSync(hubState, fakeState({ egress_addresses: HUB_EGRESS, oidc_issuer: HUB_ISSUER }));
    for (const name of names) {
      const text = fs.readFileSync(path.join(outDir, "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8");
      stacks[name] = { text, json: JSON.parse(text), run: undefined as unknown as StackRun };
    }
    // Two at a time: a plan takes a core.
    for (let i = 0; i < names.length; i += 2) {
      const batch = names.slice(i, i + 2);
      const runs = await Promise.all(
        batch.map((name) => initValidatePlan(sandbox, sandbox.addStack(path.join(outDir, "cdktf.out", "stacks", name), name, awsTestOverride(stacks[name].json, { hub: hubState })))),
      );
      batch.forEach((name, k) => (stacks[name].run = runs[k]));
    }
  }, SLOW);

  afterAll(() => {
    sandbox?.dispose();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  describe.each(names)("the %s stack", (name) => {
    const stack = () => stacks[name];

    test("is production-clean: no test credentials or skip_* settings in the generated JSON", () => {
      const { text, json } = stack();
      expect(text).not.toMatch(/skip_(credentials|requesting|metadata|region)|access_key|secret_key|max_retries/);
      expect(fs.existsSync(path.join(outDir, "cdktf.out", "stacks", name, OVERRIDE_FILE))).toBe(false);
      for (const p of json.provider.aws) expect(Object.keys(p).filter((k) => k !== "alias").sort()).toEqual(["default_tags", "region"]);
    });

    test("keeps its state in the locked, encrypted bucket (bootstrap: beside it, at a relative path)", () => {
      const { json, text } = stack();
      if (name === BOOTSTRAP_STACK) {
        expect(json.terraform.backend).toEqual({ local: { path: "terraform.bootstrap.tfstate" } });
      } else {
        // SSE-KMS with the state key the bootstrap stack makes, named by its alias (known before the key exists).
        const alias = Object.values<any>(stacks[BOOTSTRAP_STACK].json.resource.aws_kms_alias)[0];
        expect(alias.target_key_id).toBe("${aws_kms_key.state_key.key_id}");
        expect(json.terraform.backend).toEqual({
          s3: { bucket: "basecamp-tfstate-281", key: `${name}/terraform.tfstate`, region: "eu-west-1", encrypt: true, kms_key_id: `arn:aws:kms:eu-west-1:123456789012:${alias.name}`, use_lockfile: true },
        });
      }
      expect(json.terraform.required_version).toBe(">= 1.11.0");
      expect(text).not.toContain(outDir);
    });

    test("pins hashicorp/aws, and only it, at the mirrored version; init installs it from the mirror", () => {
      const { json, run } = stack();
      expect(json.terraform.required_providers).toEqual({ aws: { source: "aws", version: toolchain!.awsVersion } });
      expect(run.lockFile).toMatch(new RegExp(`^\\s*version\\s*=\\s*"${toolchain!.awsVersion.replace(/\./g, "\\.")}"$`, "m"));
    });

    test("validates with no error and no warning (plan validates first and reports every diagnostic)", () => {
      const { validate } = stack().run;
      if (!validate.valid || validate.warning_count > 0) throw new Error(`terraform plan's diagnostics:\n${describeDiagnostics(validate)}`);
      expect(validate.error_count).toBe(0);
    });

    test("plans, with no network, to create exactly the resources the stack declares, and every output", () => {
      const { json, run } = stack();
      const planned = changes(run);
      expect(planned.map((r) => r.address).sort()).toEqual(declared(json));
      for (const r of planned) expect({ address: r.address, actions: r.change.actions }).toEqual({ address: r.address, actions: ["create"] });
      const outputs = Object.keys(json.output ?? {}).sort();
      expect(Object.keys(run.plan.output_changes ?? {}).sort()).toEqual(outputs);
    });

    test("tags every taggable resource with platform, cluster, environment and owner", () => {
      const taggable = changes(stack().run).filter((r) => r.change.after && "tags_all" in r.change.after && r.change.after_unknown?.tags_all !== true);
      expect(taggable.length).toBeGreaterThan(0);
      for (const r of taggable) {
        expect({ address: r.address, missing: REQUIRED_TAGS.filter((k) => !(k in r.change.after!.tags_all)) }).toEqual({ address: r.address, missing: [] });
      }
    });
  });

  describe("the cluster stacks' plans", () => {
    const hub = () => stacks[HUB].run;
    const spoke = () => stacks[SPOKE].run;
    const shipped = loadPlatform(SHIPPED);
    const hubSpec = shipped.clusters.find((c): c is AwsCluster => c.name === HUB && c.provider === "aws")!;

    test("EKS at the described version, its API open to the described ranges and the hub's NAT addresses only", () => {
      expect(after(hub(), "aws_eks_cluster.cluster")).toMatchObject({ name: HUB, version: hubSpec.kubernetesVersion, upgrade_policy: [{ support_type: "STANDARD" }] });
      // The hub's own NAT addresses are known after apply; a spoke reads the hub's from its state.
      expect(after(spoke(), "aws_eks_cluster.cluster").vpc_config[0].public_access_cidrs.sort()).toEqual([...shipped.platform.apiAccess, ...HUB_EGRESS.map((ip) => `${ip}/32`)].sort());
      expect(after(spoke(), "aws_eks_cluster.cluster").encryption_config[0].resources).toEqual(["secrets"]);
    });

    test("the platform's admins are cluster admins everywhere, the hub's Argo CD on the spoke, the team's role is its group", () => {
      const admins: string[] = shipped.platform.admins.aws;
      const role = `arn:aws:iam::${shipped.platform.awsAccount}:role/basecamp-${HUB}-argocd`;
      const entries = (run: StackRun): Record<string, any>[] => changes(run).filter((c) => c.type === "aws_eks_access_entry").map((c) => c.change.after ?? {});
      expect(entries(spoke()).filter((e) => !e.kubernetes_groups?.length).map((e) => e.principal_arn)).toEqual([...admins, role]);
      expect(entries(hub()).filter((e) => !e.kubernetes_groups?.length).map((e) => e.principal_arn)).toEqual(admins);
      expect(after(spoke(), "aws_eks_access_policy_association.admin_0_policy")).toMatchObject({ policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" });
      const team = shipped.teams.find((t) => t.access?.awsRole)!;
      expect(entries(hub()).filter((e) => e.kubernetes_groups?.length)).toEqual([expect.objectContaining({ principal_arn: team.access!.awsRole, kubernetes_groups: [team.group] })]);
    });

    test("a NAT gateway per zone where the description asks, one otherwise", () => {
      expect(changes(hub()).filter((c) => c.type === "aws_nat_gateway")).toHaveLength(hubSpec.network.zones.length);
      expect(changes(spoke()).filter((c) => c.type === "aws_nat_gateway")).toHaveLength(1);
    });

    test("pinned managed add-ons, the EBS CSI driver with its Pod Identity role", () => {
      const addons = changes(hub()).filter((c) => c.type === "aws_eks_addon").map((c) => c.change.after!);
      expect(addons.map((a) => a.addon_name).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
      for (const a of addons) expect(a.addon_version).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      expect(after(hub(), "aws_eks_addon.addon_aws-ebs-csi-driver".replace(/-/g, "_")).pod_identity_association[0].service_account).toBe("ebs-csi-controller-sa");
    });

    test("a system pool of fixed size and an autoscaled workload pool, from the description", () => {
      expect(after(hub(), "aws_eks_node_group.system_nodes").scaling_config).toEqual([{ desired_size: 2, min_size: 2, max_size: 2 }]);
      expect(after(hub(), "aws_eks_node_group.workload_nodes").scaling_config).toEqual([{ desired_size: 2, min_size: 2, max_size: 8 }]);
      expect(after(hub(), "aws_launch_template.system_template").metadata_options[0]).toMatchObject({ http_tokens: "required" });
    });

    test("the database is private, encrypted, backed up, Multi-AZ where asked, and its password is RDS's own", () => {
      // The spoke is outside triage's failover order: its database is RDS's; the hub's is a CloudNativePG copy.
      expect(declared(stacks[HUB].json)).not.toContain("aws_db_instance.database_triage");
      const db = after(spoke(), "aws_db_instance.database_triage");
      expect(db).toMatchObject({
        engine: "postgres",
        publicly_accessible: false,
        storage_encrypted: true,
        multi_az: true,
        deletion_protection: true,
        manage_master_user_password: true,
        backup_retention_period: 14,
        delete_automated_backups: false,
      });
      expect(db.password).toBeFalsy();
      expect(stacks[SPOKE].json.resource.aws_db_instance.database_triage.lifecycle).toEqual({ prevent_destroy: true });
    });

    test("controllers get Pod Identity roles; the hub's Argo CD too", () => {
      const assoc = (run: StackRun) => changes(run).filter((c) => c.type === "aws_eks_pod_identity_association").map((c) => `${c.change.after!.namespace}/${c.change.after!.service_account}`).sort();
      // The spoke runs an RDS database: the cloudwatch exporter reads its metrics with a role of its own. The hub has none.
      expect(assoc(hub())).toEqual(["argocd/argocd-application-controller", "argocd/argocd-server", "cert-manager/cert-manager", "external-dns/external-dns", "external-secrets/external-secrets", "kube-system/cluster-autoscaler"]);
      expect(assoc(spoke())).toContain("cloudwatch-exporter/cloudwatch-exporter");
      expect(assoc(spoke())).not.toContain("argocd/argocd-application-controller");
    });

    test("the spoke writes its registration and ingest token to its region and to the hub's registry", () => {
      const secrets = (run: StackRun) => changes(run).filter((c) => c.type === "aws_secretsmanager_secret").map((c) => c.change.after!.name).sort();
      expect(secrets(spoke())).toEqual([
        `basecamp/${SPOKE}/ingest-token`,
        `basecamp/${SPOKE}/ingest-token`,
        `basecamp/${SPOKE}/registration`,
        `basecamp/${SPOKE}/registration`,
        `basecamp/${SPOKE}/triage/database`,
      ]);
      // The hub also holds the Grafana login, each alerted team's receivers, and (a copy of triage's database) the archive's key.
      expect(secrets(hub())).toEqual([
        `basecamp/${HUB}/alerting/heartbeat`,
        `basecamp/${HUB}/alerting/oncall`,
        `basecamp/${HUB}/alerting/platform`,
        `basecamp/${HUB}/archive`,
        `basecamp/${HUB}/grafana`,
        `basecamp/${HUB}/registration`,
        `basecamp/${HUB}/triage/database-login`,
      ]);
    });
  });

  test("the replacement guard's table names attributes the pinned hashicorp/aws has (terraform providers schema, offline)", async () => {
    const out = await sandbox.must(stacks[BOOTSTRAP_STACK].run.dir, ["providers", "schema", "-json"]);
    const schemas = JSON.parse(out).provider_schemas["registry.terraform.io/hashicorp/aws"].resource_schemas;
    const has = (block: any, parts: string[]): boolean =>
      parts.length === 1 ? parts[0] in (block.attributes ?? {}) : parts[0] in (block.block_types ?? {}) && has(block.block_types[parts[0]].block, parts.slice(1));
    const rows = Object.entries(STATEFUL_RESOURCES).filter(([type]) => type.startsWith("aws_"));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const [type, attributes] of rows) {
      expect({ type, known: type in schemas }).toEqual({ type, known: true });
      for (const a of attributes) expect({ type, a, exists: has(schemas[type].block, a.split(".")) }).toEqual({ type, a, exists: true });
    }
  }, SLOW);

  describe("the global stack's plan", () => {
    const run = () => stacks[GLOBAL_STACK].run;

    test("the zone, one HTTPS health check per cluster of triage's failover order, and failover records in its order; others have neither", () => {
      expect(after(run(), "aws_route53_zone.zone")).toMatchObject({ name: "basecamp.example.com" });
      // triage has one writer: aws-euw1, then gcp-euw4, then azure-weu. The spoke holds no copy (and is drained).
      const order = ["aws-euw1", "gcp-euw4", "azure-weu"];
      const checks = changes(run()).filter((c) => c.type === "aws_route53_health_check").map((c) => c.change.after!);
      expect(checks.map((c) => c.fqdn).sort()).toEqual(order.map((c) => `ingress.${c}.basecamp.example.com`).sort());
      for (const c of checks) expect(c).toMatchObject({ type: "HTTPS", port: 443, resource_path: "/healthz" });
      const records = changes(run()).filter((c) => c.type === "aws_route53_record" && c.change.after!.type === "CNAME").map((c) => c.change.after!);
      const at = (name: string, role: string) => records.find((r) => r.name === name && r.failover_routing_policy?.[0]?.type === role);
      expect(records).toHaveLength(4);
      for (const r of records) expect(r.weighted_routing_policy).toEqual([]);
      expect(at("triage.basecamp.example.com", "PRIMARY")).toMatchObject({ records: ["ingress.aws-euw1.basecamp.example.com"], set_identifier: "primary" });
      expect(at("triage.basecamp.example.com", "SECONDARY")).toMatchObject({ alias: [expect.objectContaining({ name: "standby-1.triage.basecamp.example.com", evaluate_target_health: true })] });
      expect(at("standby-1.triage.basecamp.example.com", "PRIMARY")).toMatchObject({ records: ["ingress.gcp-euw4.basecamp.example.com"] });
      expect(at("standby-1.triage.basecamp.example.com", "SECONDARY")).toMatchObject({ records: ["ingress.azure-weu.basecamp.example.com"] });
      const text = JSON.stringify(stacks[GLOBAL_STACK].json);
      expect(text).not.toContain("home-lab");
      expect(text).not.toContain(`ingress.${SPOKE}`);
      expect(run().plan.configuration?.provider_config?.aws?.expressions?.region?.constant_value).toBe("us-east-1");
    });

    test("the databases' archive: a private, encrypted bucket in the hub's region, and a user per copy that writes only its own folder", () => {
      expect(after(run(), "aws_s3_bucket.archive_bucket")).toMatchObject({ bucket: "basecamp-db-archive-281" });
      expect(stacks[GLOBAL_STACK].json.resource.aws_s3_bucket.archive_bucket.lifecycle).toEqual({ prevent_destroy: true });
      expect(run().plan.configuration?.provider_config?.["aws.hub"]?.expressions?.region?.constant_value).toBe("eu-west-1");
      expect(after(run(), "aws_s3_bucket_public_access_block.archive_bucket_public_access")).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
      const users = changes(run()).filter((c) => c.type === "aws_iam_user").map((c) => c.change.after!.name).sort();
      expect(users).toEqual(["basecamp-archive-aws-euw1", "basecamp-archive-azure-weu", "basecamp-archive-gcp-euw4"]);
      const policy = JSON.parse(after(run(), "aws_iam_user_policy.archive_user_gcp_euw4_policy").policy);
      const write = policy.Statement.find((x: any) => x.Sid === "WriteOwnCopy");
      expect(write.Resource).toEqual(["arn:aws:s3:::basecamp-db-archive-281/triage/triage-db-gcp-euw4/*"]);
      expect(changes(run()).some((c) => c.type === "aws_iam_access_key")).toBe(false);
    });
  });

  describe("the bootstrap stack's plan", () => {
    test("a versioned, KMS-encrypted, private bucket that refuses plain HTTP and a destroy", () => {
      const run = stacks[BOOTSTRAP_STACK].run;
      expect(after(run, "aws_s3_bucket.state_bucket")).toMatchObject({ bucket: "basecamp-tfstate-281" });
      expect(after(run, "aws_s3_bucket_versioning.state_bucket_versioning").versioning_configuration).toEqual([{ status: "Enabled", mfa_delete: null }].map((v) => expect.objectContaining({ status: v.status })));
      expect(after(run, "aws_s3_bucket_public_access_block.state_bucket_public_access")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      expect(JSON.parse(after(run, "aws_s3_bucket_policy.state_bucket_policy").policy).Statement[0].Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
      expect(stacks[BOOTSTRAP_STACK].json.resource.aws_s3_bucket.state_bucket.lifecycle).toEqual({ prevent_destroy: true });
    });
  });

  // The control: the sandbox really has no network, so the plans above needed none,
  // and a stack that did call AWS would fail at once rather than hang.
  test(
    "a plan that calls the AWS API fails at once in the sandbox",
    async () => {
      // A configuration of its own: the provider alone and one data source that must call AWS.
      const dir = path.join(sandbox.root, "stacks", "probe");
      fs.mkdirSync(dir, { recursive: true });
      const provider = stacks[GLOBAL_STACK].json.terraform.required_providers;
      fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: provider }, provider: { aws: [{ region: "us-east-1" }] }, data: { aws_availability_zones: { probe: {} } } }));
      fs.writeFileSync(path.join(dir, OVERRIDE_FILE), JSON.stringify(awsTestOverride({ provider: { aws: [{}] } })));
      await sandbox.must(dir, ["init", "-input=false", "-no-color"]);
      const started = Date.now();
      const r = await sandbox.run(dir, ["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/DescribeAvailabilityZones/);
      expect(r.stderr).toMatch(/network is unreachable|no such host|dial tcp/);
      expect(Date.now() - started).toBeLessThan(60_000);
    },
    120_000,
  );
});
