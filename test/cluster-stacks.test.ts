import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, Aspects, TerraformStack } from "cdktf";
import { RequiredTags, REQUIRED_TAGS } from "../constructs/cluster/required-tags";
import { eksAdmins } from "../lib/checks/eks-admins";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { ALERTING_PLACEHOLDER, BACKUPS_PLACEHOLDER, CLUSTER_OUTPUTS, HEARTBEAT_PLACEHOLDER } from "../infra/cluster-stack";
import { DEFAULT_KUBERNETES_VERSION, SUPPORT } from "../lib/model/kubernetes-versions";
import { synthStacks } from "../lib/pipeline/terraform";
import { renderSample, SAMPLE, sampleTree } from "./helpers/platform";
import { resources, sampleStacks } from "./helpers/stacks";
import { tempDir } from "./helpers/tree";

const CLUSTERS = SAMPLE.clusters.map((c) => c.name);

/** Every `${...}` expression's references to resources and data sources: type.name or data.type.name. */
function references(json: unknown): string[] {
  const text = JSON.stringify(json);
  const refs = new Set<string>();
  for (const m of text.matchAll(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g)) {
    const expr = m[1].replace(/\\"(?:[^"\\]|\\.)*?\\"/g, '""');
    for (const r of expr.matchAll(/(?<![\w.])(data\.[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+|[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)/g)) refs.add(r[1]);
  }
  return [...refs].sort();
}

function declared(json: any): Set<string> {
  const out = new Set<string>();
  for (const [type, byName] of Object.entries<Record<string, unknown>>(json.resource ?? {})) for (const n of Object.keys(byName)) out.add(`${type}.${n}`);
  for (const [type, byName] of Object.entries<Record<string, unknown>>(json.data ?? {})) for (const n of Object.keys(byName)) out.add(`data.${type}.${n}`);
  return out;
}

describe("every cluster stack has one shape, whatever the cloud", () => {
  test.each(CLUSTERS)("%s has exactly the cluster outputs, described alike, the CA and registration sensitive", (name) => {
    const outputs = sampleStacks()[name].output;
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(CLUSTER_OUTPUTS).sort());
    for (const [k, description] of Object.entries(CLUSTER_OUTPUTS)) {
      expect({ k, description: outputs[k].description, sensitive: outputs[k].sensitive ?? false }).toEqual({ k, description, sensitive: k === "cluster_ca_data" || k === "registration" });
    }
  });

  test.each(CLUSTERS)("%s registers itself: name, server, CA, auth kind, labels, controller identities", (name) => {
    const reg = sampleStacks()[name].output.registration.value;
    const provider = SAMPLE.clusters.find((c) => c.name === name)!.provider;
    expect(Object.keys(reg).sort()).toEqual(["auth", "caData", "identities", "labels", "name", "server"]);
    expect(reg.name).toBe(name);
    expect(reg.labels).toMatchObject({ "argocd.argoproj.io/secret-type": "cluster", "basecamp.dev/provider": provider, "basecamp.dev/hub": String(name === "aws-a") });
    const kind = name === "aws-a" ? "in-cluster" : provider === "proxmox" ? "pull" : provider;
    expect(reg.auth.kind).toBe(kind);
    if (kind === "in-cluster") expect(reg.server).toBe("https://kubernetes.default.svc");
    else expect(reg.server).toMatch(/^https:\/\//);
    if (provider !== "proxmox") expect(Object.keys(reg.identities)).toEqual(expect.arrayContaining(["external-secrets", "external-dns", "cert-manager"]));
  });

  test.each(CLUSTERS)("%s writes its registration to its own secret backend", (name) => {
    const text = JSON.stringify(sampleStacks()[name]);
    expect(text).toMatch(/registration/);
    const writers = ["aws_secretsmanager_secret_version", "google_secret_manager_secret_version", "azurerm_key_vault_secret", "vault_kv_secret_v2"];
    const own = writers.flatMap((t) => Object.keys(resources(sampleStacks()[name], t))).filter((id) => id.startsWith("registration"));
    expect(own.length).toBe(1);
  });

  test("only the spokes read the hub's outputs, from its state in the bucket", () => {
    for (const name of CLUSTERS) {
      const data = sampleStacks()[name].data?.terraform_remote_state;
      if (name === "aws-a") expect(data).toBeUndefined();
      else expect(data.hub).toMatchObject({ backend: "s3", config: { bucket: "acme-tfstate", key: "aws-a/terraform.tfstate", region: "eu-west-1" } });
    }
  });
});

describe("every stack is well-formed Terraform", () => {
  const stacks = () => Object.entries(sampleStacks());

  test("every ${...} reference names a resource or data source the stack declares", () => {
    for (const [name, json] of stacks()) {
      const known = declared(json);
      const refs = references(json);
      expect(refs.length).toBeGreaterThan(0);
      expect({ stack: name, unresolved: refs.filter((r) => !known.has(r)) }).toEqual({ stack: name, unresolved: [] });
    }
  });

  test("the reference finder finds a reference that is not declared", () => {
    const json = { resource: { aws_vpc: { vpc: {} } }, output: { x: { value: "${aws_vpc.vpc.id}-${aws_subnet.gone.id}" } } };
    expect(references(json).filter((r) => !declared(json).has(r))).toEqual(["aws_subnet.gone"]);
  });

  test("provider versions are exact", () => {
    for (const [name, json] of stacks()) {
      for (const [p, req] of Object.entries<any>(json.terraform.required_providers)) expect({ name, p, version: req.version }).toEqual({ name, p, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    }
  });

  test("no absolute path, and no literal where a secret goes: only references", () => {
    const SECRET_KEYS = /^(password|password_wo|secret_string|secret_string_wo|secret_data|secret_data_wo|value|value_wo|administrator_password|administrator_password_wo|token|data_json)$/;
    for (const [name, json] of stacks()) {
      const text = JSON.stringify(json);
      expect({ name, absolute: /"\/(home|root|tmp|work|Users)\//.test(text) }).toEqual({ name, absolute: false });
      const walk = (v: any, path: string) => {
        if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
        const key = path.split(".").pop()!;
        // The only literals allowed are the alerting secrets' placeholders, which hold no credential.
        if (typeof v === "string" && SECRET_KEYS.test(key) && path.includes(".resource.") && ![ALERTING_PLACEHOLDER, HEARTBEAT_PLACEHOLDER, BACKUPS_PLACEHOLDER].includes(v)) {
          expect({ name, path, literal: !v.startsWith("${") }).toEqual({ name, path, literal: false });
        }
      };
      walk(json, "");
    }
  });
});

describe("the description shapes the stacks", () => {
  test("traffic: drain takes a cluster out of the global entry point in one change", () => {
    const global = (edit: (p: any) => void) => renderSample(edit).stacks.find((s) => s.name === "global")!.json;
    const ids = (json: any) => Object.keys(resources(json, "aws_route53_record")).filter((r) => r.startsWith("entry_")).sort();
    expect(ids(global(() => {}))).toEqual(["entry_aws_a", "entry_azure_c", "entry_gcp_b"]);
    expect(ids(global((p) => (p.clusters[1].traffic = "drain")))).toEqual(["entry_aws_a", "entry_azure_c"]);
    expect(Object.keys(resources(global((p) => (p.clusters[1].traffic = "drain")), "aws_route53_health_check")).sort()).toEqual(["health_aws_a", "health_azure_c"]);
  });

  test("each entry record answers with its own cluster's ingress, and only while that cluster's health check passes", () => {
    const json = renderSample().stacks.find((s) => s.name === "global")!.json;
    const records = resources(json, "aws_route53_record");
    const checks = resources(json, "aws_route53_health_check");
    const entries = Object.entries<any>(records).filter(([id]) => id.startsWith("entry_"));
    expect(entries.length).toBe(3);
    for (const [id, r] of entries) {
      const slug = id.slice("entry_".length);
      const cluster = r.set_identifier;
      expect(slug).toBe(cluster.replace(/-/g, "_"));
      // A record without its check, or with another cluster's, would keep sending users to a dead cluster.
      expect({ id, check: r.health_check_id }).toEqual({ id, check: `\${aws_route53_health_check.health_${slug}.id}` });
      expect(r.records).toEqual([`ingress.${cluster}.acme.example`]);
      expect(checks[`health_${slug}`]).toMatchObject({ fqdn: `ingress.${cluster}.acme.example`, type: "HTTPS" });
    }
  });

  test("a database is rendered on every cluster its app runs on, with the logical id the removal guard reads", () => {
    const stacks = renderSample((p) => (p.apps[0].database = { ha: true })).stacks;
    const byName = Object.fromEntries(stacks.map((s) => [s.name, s.json]));
    expect(resources(byName["aws-a"], "aws_db_instance").database_triage).toBeDefined();
    expect(resources(byName["gcp-b"], "google_sql_database_instance").database_triage).toBeDefined();
    expect(resources(byName["azure-c"], "azurerm_postgresql_flexible_server").database_triage).toBeDefined();
    expect(byName["home-d"].output.database_endpoints.value).toEqual({ triage: "triage-db-rw.oncall.svc.cluster.local:5432" });
  });

  test("the default Kubernetes version is in standard support on every provider in the dated table", () => {
    const row = SUPPORT[DEFAULT_KUBERNETES_VERSION];
    expect(Object.keys(row).sort()).toEqual(["aws", "azure", "gcp", "proxmox"]);
    const today = new Date().toISOString().slice(0, 10);
    for (const [provider, w] of Object.entries(row)) expect({ provider, inSupport: w.from <= today && today <= w.until }).toEqual({ provider, inSupport: true });
  });
});

describe("tags", () => {
  test("a taggable resource without the required tags is refused, naming it", () => {
    const app = new App({ outdir: tempDir(), stackTraces: false });
    const stack = new TerraformStack(app, "bare");
    new AwsProvider(stack, "aws", { region: "eu-west-1", defaultTags: [{ tags: { platform: "acme" } }] });
    new S3Bucket(stack, "bucket", { bucket: "b" });
    Aspects.of(stack).add(new RequiredTags());
    expect(() => synthStacks(app)).toThrow(`[bare/bucket] aws_s3_bucket can be tagged but lacks cluster, environment, owner: give it (or its provider's defaults) the cluster's tags`);
  });

  test("where a provider bills under other tags, those are required too: node templates, Cloud SQL, GKE nodes", () => {
    const app = new App({ outdir: tempDir(), stackTraces: false });
    const stack = new TerraformStack(app, "bare");
    const all = { platform: "acme", cluster: "c", environment: "production", owner: "oncall" };
    new AwsProvider(stack, "aws", { region: "eu-west-1", defaultTags: [{ tags: all }] });
    new GoogleProvider(stack, "google", { project: "p-123456", defaultLabels: all });
    // Provider defaults reach neither what a launch template starts nor Cloud SQL's billing labels.
    new LaunchTemplate(stack, "template", { name: "t", tagSpecifications: [{ resourceType: "instance", tags: all }] });
    new SqlDatabaseInstance(stack, "sql", { name: "db", region: "europe-west4", databaseVersion: "POSTGRES_17", settings: { tier: "db-f1-micro" } });
    Aspects.of(stack).add(new RequiredTags());
    expect(() => synthStacks(app)).toThrow(
      [
        "[bare/template] aws_launch_template tag_specifications (volume) can be tagged but lacks platform, cluster, environment, owner: give it (or its provider's defaults) the cluster's tags",
        "[bare/template] aws_launch_template tag_specifications (network-interface) can be tagged but lacks platform, cluster, environment, owner: give it (or its provider's defaults) the cluster's tags",
        "[bare/sql] google_sql_database_instance settings.user_labels can be tagged but lacks platform, cluster, environment, owner: give it (or its provider's defaults) the cluster's tags",
      ].join("\n"),
    );
  });

  test("every stack's providers tag everything (AWS and GCP by default; Azure resources each)", () => {
    for (const [name, json] of Object.entries(sampleStacks())) {
      for (const p of json.provider.aws ?? []) expect({ name, tags: Object.keys(p.default_tags[0].tags) }).toEqual({ name, tags: expect.arrayContaining([...REQUIRED_TAGS]) });
      for (const p of json.provider.google ?? []) expect({ name, labels: Object.keys(p.default_labels) }).toEqual({ name, labels: expect.arrayContaining([...REQUIRED_TAGS]) });
    }
  });
});

describe("the cost tag and the EKS admins", () => {
  test("global activates the cluster cost tag only when the description says AWS can (a day on, the payer account)", () => {
    const global = (on: boolean) => renderSample((p) => (p.platform.activateCostTag = on)).stacks.find((s) => s.name === "global")!.json;
    expect(resources(global(true), "aws_ce_cost_allocation_tag").cost_allocation_tag).toMatchObject({ tag_key: "cluster", status: "Active" });
    expect(resources(global(false), "aws_ce_cost_allocation_tag")).toEqual({});
  });

  test("without platform.admins.aws synth warns that no person can reach the EKS clusters", () => {
    expect(eksAdmins.run(sampleTree())).toEqual([expect.objectContaining({ severity: "warning", source: "platform.admins", where: "aws-a" })]);
    expect(eksAdmins.run(sampleTree((p) => (p.platform.admins = { aws: ["arn:aws:iam::111122223333:role/admins"] })))).toEqual([]);
  });
});
