/**
 * The real terraform CLI judges the generated AWS stacks: the AWS cluster's
 * stack and `global`. Each is synthesized into a temp dir, copied to its own
 * working dir, given mock credentials in a test-only override file, and then
 * `init`, `validate` and `plan` run with no network at all (`unshare -n`) and
 * the provider taken from the machine's filesystem mirror.
 *
 * terraform, the mirror and unshare are on the development machines but CI
 * installs none of them: without one, this file says which and skips.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadPlatform } from "../lib/model/load";
import { overlaps, parseCidr } from "../lib/model/cidr";
import { GLOBAL_STACK } from "../lib/model/references";
import type { Platform } from "../lib/model/schema";
import { synth } from "../lib/pipeline/synth";
import {
  describeDiagnostics,
  detectToolchain,
  initValidatePlan,
  OVERRIDE_FILE,
  TerraformSandbox,
  type PlanJson,
  type StackRun,
} from "./helpers/terraform";

const CONFIG = path.resolve(__dirname, "..", "platform.yaml");
const SLOW = 240_000;

const { toolchain, missing } = detectToolchain();
if (missing.length > 0) {
  console.warn(`SKIPPED test/terraform.test.ts — the offline terraform run cannot happen here:\n- ${missing.join("\n- ")}`);
}
const describeIfTerraform = toolchain ? describe : describe.skip;

const platform: Platform = loadPlatform(CONFIG);
const awsCluster = platform.clusters.find((c) => c.provider === "aws");

type Change = NonNullable<PlanJson["resource_changes"]>[number];

function changes(run: StackRun): Change[] {
  return run.plan.resource_changes ?? [];
}

function change(run: StackRun, address: string): Change {
  const c = changes(run).find((r) => r.address === address);
  if (!c) throw new Error(`the plan has no ${address}; it has ${changes(run).map((r) => r.address).join(", ")}`);
  return c;
}

function after(run: StackRun, address: string): Record<string, any> {
  return change(run, address).change.after ?? {};
}

/** Resources the generated cdk.tf.json declares, as terraform addresses. */
function declared(stackJson: any): string[] {
  return Object.entries<Record<string, unknown>>(stackJson.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

describeIfTerraform("terraform judges the AWS stacks (offline)", () => {
  let outDir: string;
  let sandbox: TerraformSandbox;
  const stacks: Record<string, { json: any; text: string; run: StackRun }> = {};
  const clusterName = awsCluster?.name ?? "(no aws cluster)";

  beforeAll(async () => {
    if (!awsCluster) throw new Error(`${CONFIG} has no cluster with provider aws`);
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-synth-"));
    synth({ config: CONFIG, out: outDir });
    sandbox = new TerraformSandbox(toolchain!);
    const names = [awsCluster.name, GLOBAL_STACK];
    // Both stacks init, validate and plan side by side; each inits once for all the tests.
    const runs = await Promise.all(
      names.map((name) => {
        const src = path.join(outDir, "cdktf.out", "stacks", name);
        return initValidatePlan(sandbox, sandbox.addStack(src, name));
      }),
    );
    names.forEach((name, i) => {
      const text = fs.readFileSync(path.join(outDir, "cdktf.out", "stacks", name, "cdk.tf.json"), "utf8");
      stacks[name] = { text, json: JSON.parse(text), run: runs[i] };
    });
  }, SLOW);

  afterAll(() => {
    sandbox?.dispose();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  describe.each([["aws cluster", () => clusterName], ["global", () => GLOBAL_STACK]])("the %s stack", (_label, nameOf) => {
    const stack = () => stacks[nameOf()];

    test("is production-clean: no test credentials or skip_* settings in the generated JSON", () => {
      const { text, json } = stack();
      expect(text).not.toMatch(/skip_/);
      expect(text).not.toMatch(/access_key|secret_key/);
      // The override exists only in the test's working copy, never in the synthesized output.
      expect(fs.existsSync(path.join(outDir, "cdktf.out", "stacks", nameOf(), OVERRIDE_FILE))).toBe(false);
      expect(json.provider.aws).toHaveLength(1);
      expect(Object.keys(json.provider.aws[0]).sort()).toEqual(["default_tags", "region"]);
    });

    test("keeps its state at a relative path, so the output does not depend on the checkout", () => {
      const { text, json } = stack();
      const backendPath: string = json.terraform.backend.local.path;
      expect(backendPath).toBe(`terraform.${nameOf()}.tfstate`);
      expect(path.isAbsolute(backendPath)).toBe(false);
      expect(backendPath.startsWith("/")).toBe(false);
      expect(text).not.toContain(outDir);
      expect(text).not.toContain(os.tmpdir() + path.sep);
    });

    test("pins hashicorp/aws at the mirrored version, and init installs it from the mirror", () => {
      const { json, run } = stack();
      expect(json.terraform.required_providers.aws.version).toBe(toolchain!.awsVersion);
      expect(run.lockFile).toContain('provider "registry.terraform.io/hashicorp/aws"');
      const escaped = toolchain!.awsVersion.replace(/\./g, "\\.");
      expect(run.lockFile).toMatch(new RegExp(`^\\s*version\\s*=\\s*"${escaped}"$`, "m"));
    });

    test("validates with zero errors", () => {
      const { validate } = stack().run;
      if (!validate.valid) throw new Error(`terraform validate:\n${describeDiagnostics(validate)}`);
      expect(validate.valid).toBe(true);
      expect(validate.error_count).toBe(0);
      expect(validate.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    });

    test("plans, with no network, to create exactly the resources the stack declares", () => {
      const { json, run } = stack();
      expect(run.plan.format_version).toBeDefined();
      const planned = changes(run);
      expect(planned.map((r) => r.address).sort()).toEqual(declared(json));
      expect(planned.length).toBeGreaterThan(0);
      for (const r of planned) expect({ address: r.address, actions: r.change.actions }).toEqual({ address: r.address, actions: ["create"] });
    });

    test("plans every output the stack declares", () => {
      const { json, run } = stack();
      const outputs = Object.keys(json.output ?? {}).sort();
      expect(outputs.length).toBeGreaterThan(0);
      expect(Object.keys(run.plan.output_changes ?? {}).sort()).toEqual(outputs);
      for (const o of outputs) expect(run.plan.output_changes![o].actions).toEqual(["create"]);
      expect(Object.keys(run.plan.planned_values?.outputs ?? {}).sort()).toEqual(outputs);
    });

    test("tags every resource through the provider's default tags", () => {
      const { json, run } = stack();
      const defaults: Record<string, string> = json.provider.aws[0].default_tags[0].tags;
      expect(defaults.stack).toBe(nameOf());
      const taggable = changes(run).filter((r) => r.change.after && "tags_all" in r.change.after);
      expect(taggable.length).toBeGreaterThan(0);
      for (const r of taggable) {
        // tags_all is unknown at plan time only where a value comes from another resource.
        if (r.change.after_unknown?.tags_all === true) continue;
        expect({ address: r.address, tags: r.change.after!.tags_all }).toEqual({
          address: r.address,
          tags: expect.objectContaining(defaults),
        });
      }
    });
  });

  describe("the aws cluster stack's plan", () => {
    const run = () => stacks[clusterName].run;

    test("puts the provider in the cluster's region", () => {
      expect(run().plan.configuration?.provider_config?.aws?.expressions?.region?.constant_value).toBe(awsCluster!.region);
    });

    test("creates the EKS cluster with the name and Kubernetes version from platform.yaml", () => {
      expect(change(run(), "aws_eks_cluster.cluster").change.actions).toEqual(["create"]);
      expect(after(run(), "aws_eks_cluster.cluster")).toMatchObject({
        name: awsCluster!.name,
        version: awsCluster!.kubernetesVersion,
      });
    });

    test("creates the VPC with the cluster's CIDR, and subnets inside it in the region's zones", () => {
      expect(change(run(), "aws_vpc.vpc").change.actions).toEqual(["create"]);
      expect(after(run(), "aws_vpc.vpc")).toMatchObject({ cidr_block: awsCluster!.network.cidr, tags: { Name: awsCluster!.name } });
      const vpc = parseCidr(awsCluster!.network.cidr)!;
      const subnets = changes(run()).filter((r) => r.type === "aws_subnet");
      expect(subnets.length).toBeGreaterThanOrEqual(2);
      const ranges = subnets.map((s) => parseCidr(s.change.after!.cidr_block)!);
      for (const [i, r] of ranges.entries()) {
        expect(r.prefix).toBeGreaterThan(vpc.prefix);
        expect(overlaps(r, vpc)).toBe(true);
        expect(subnets[i].change.after!.availability_zone).toMatch(new RegExp(`^${awsCluster!.region}[a-z]$`));
        ranges.slice(i + 1).forEach((other) => expect(overlaps(r, other)).toBe(false));
      }
    });

    test("sizes the node group from platform.yaml", () => {
      expect(after(run(), "aws_eks_node_group.nodes")).toMatchObject({
        scaling_config: [{ desired_size: awsCluster!.nodes.count, min_size: awsCluster!.nodes.count }],
      });
    });

    test("knows the cluster name output before apply", () => {
      expect(run().plan.planned_values?.outputs?.cluster_name).toMatchObject({ value: awsCluster!.name, sensitive: false });
      expect(run().plan.output_changes?.cluster_endpoint?.after_unknown).toBe(true);
      expect(run().plan.output_changes?.network_id?.after_unknown).toBe(true);
    });
  });

  describe("the global stack's plan", () => {
    const run = () => stacks[GLOBAL_STACK].run;

    test("creates the Route 53 zone for the platform's domain in us-east-1", () => {
      expect(change(run(), "aws_route53_zone.zone").change.actions).toEqual(["create"]);
      expect(after(run(), "aws_route53_zone.zone")).toMatchObject({ name: platform.platform.domain });
      expect(run().plan.configuration?.provider_config?.aws?.expressions?.region?.constant_value).toBe("us-east-1");
    });

    test("plans the zone id and name server outputs", () => {
      expect(Object.keys(run().plan.output_changes ?? {}).sort()).toEqual(["name_servers", "zone_id"]);
      expect(run().plan.output_changes!.zone_id.after_unknown).toBe(true);
    });
  });

  // The control: the sandbox really has no network, so the plans above needed none,
  // and a stack that did call AWS would fail at once rather than hang.
  test(
    "a plan that calls the AWS API fails at once in the sandbox",
    async () => {
      const dir = stacks[GLOBAL_STACK].run.dir;
      const probe = path.join(dir, "zz_probe.tf.json");
      fs.writeFileSync(probe, JSON.stringify({ data: { aws_availability_zones: { probe: {} } } }));
      try {
        const started = Date.now();
        const r = await sandbox.run(dir, ["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color"]);
        expect(r.code).not.toBe(0);
        expect(r.stderr).toMatch(/DescribeAvailabilityZones/);
        expect(r.stderr).toMatch(/network is unreachable|no such host|dial tcp/);
        expect(Date.now() - started).toBeLessThan(60_000);
      } finally {
        fs.rmSync(probe, { force: true });
      }
    },
    120_000,
  );
});
