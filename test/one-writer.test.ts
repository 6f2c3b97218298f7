import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CAPABILITIES } from "../capabilities";
import { synth } from "../lib/pipeline/synth";
import { issuesOf, sampleText } from "./helpers/platform";
import { readTree, tempDir } from "./helpers/tree";

/** A demotion token as CloudNativePG prints it: base64 of pg_controldata's JSON. */
const TOKEN = Buffer.from(
  JSON.stringify({
    latestCheckpointTimelineID: "1",
    redoWalFile: "000000010000000000000006",
    databaseSystemIdentifier: "7372849123456789012",
    latestCheckpointREDOLocation: "0/6000028",
    timeOfLatestCheckpoint: "Tue 08 Dec 2026 02:00:00 AM UTC",
    operatorVersion: "1.30.0",
  }),
).toString("base64");

/** The sample with one writer: triage keeps its database on aws-a, then gcp-b, then azure-c; home-d keeps its own. */
const oneWriter = (p: any) => {
  p.apps[0].database = { ha: true };
  p.apps[0].failover = ["aws-a", "gcp-b", "azure-c"];
  p.platform.archive = { bucket: "acme-db-archive" };
  p.platform.entry = { host: "triage", app: "triage" };
};

function render(edit: (p: any) => void): Map<string, Buffer> {
  const out = tempDir();
  const config = path.join(tempDir(), "platform.json");
  fs.writeFileSync(config, sampleText(edit));
  synth({ config, out, capabilities: CAPABILITIES });
  return readTree(out);
}

const yaml = (tree: Map<string, Buffer>, file: string) => {
  const bytes = tree.get(file);
  if (!bytes) throw new Error(`no ${file}`);
  return parse(bytes.toString());
};
const json = (tree: Map<string, Buffer>, file: string) => JSON.parse(tree.get(file)!.toString());

describe("one writer: the description", () => {
  test.each([
    ["an app with a database served weighted by several clusters", (p: any) => ((p.apps[0].database = {}), (p.platform.entry = { host: "triage", app: "triage" })), "apps[0]: 'triage' has a database on each of aws-a, gcp-b, azure-c, which all serve the entry name: weighted routing would split its users across 3 independent databases. Name its primary and standbys in apps[0].failover, or drain all but one"],
    ["a cluster the app does not run on", (p: any) => (oneWriter(p), (p.apps[0].clusters = ["aws-a", "gcp-b", "azure-c"]), (p.apps[0].failover = ["aws-a", "home-d"])), "apps[0].failover[1]: 'home-d' is not a cluster the app runs on; allowed: aws-a, gcp-b, azure-c"],
    ["a cluster listed twice", (p: any) => (oneWriter(p), (p.apps[0].failover = ["aws-a", "gcp-b", "aws-a"])), "apps[0].failover[2]: 'aws-a' is listed twice; each cluster holds one copy of the database"],
    ["an app without a database", (p: any) => (oneWriter(p), delete p.apps[0].database), "apps[0].failover: only an app with a database has one writer to fail over; leave failover out and every active cluster serves it"],
    ["no archive", (p: any) => (oneWriter(p), delete p.platform.archive), "apps[0].failover: the standbys replay the primary's archive: set platform.archive.bucket (an S3 bucket the global stack makes)"],
    ["only drained clusters", (p: any) => (oneWriter(p), (p.apps[0].failover = ["home-d"])), "apps[0].failover: every cluster listed is drained: the database would have no primary; set traffic: active on one of them"],
    ["an empty order", (p: any) => (oneWriter(p), (p.apps[0].failover = [])), "apps[0].failover: list the primary cluster, then its standbys"],
    ["a hand-over without a failover order", (p: any) => (oneWriter(p), delete p.apps[0].failover, (p.apps[0].switchover = { from: "aws-a", to: "gcp-b", lost: true })), "apps[0].switchover: hands the writer between copies of apps[0].failover, which is not set"],
    ["a hand-over to a cluster without a copy", (p: any) => (oneWriter(p), (p.apps[0].switchover = { from: "aws-a", to: "home-d", lost: true })), "apps[0].switchover.to: 'home-d' holds no copy; allowed: aws-a, gcp-b, azure-c"],
    ["a hand-over to itself", (p: any) => (oneWriter(p), (p.apps[0].switchover = { from: "aws-a", to: "aws-a", lost: true })), "apps[0].switchover.to: is the cluster it hands over from"],
    ["a hand-over with neither a token nor lost", (p: any) => (oneWriter(p), (p.apps[0].switchover = { from: "aws-a", to: "gcp-b" })), "apps[0].switchover: needs the old primary's demotion token (token) or, if it is gone, lost: true; not both"],
    ["a hand-over with both", (p: any) => (oneWriter(p), (p.apps[0].switchover = { from: "aws-a", to: "gcp-b", token: TOKEN, lost: true })), "apps[0].switchover: needs the old primary's demotion token (token) or, if it is gone, lost: true; not both"],
    ["a token that is none", (p: any) => (oneWriter(p), (p.apps[0].switchover = { from: "aws-a", to: "gcp-b", token: "see the status" })), expect.stringMatching(/^apps\[0\]\.switchover\.token: must be the old primary's status\.demotionToken/)],
    ["a token that is not JSON", (p: any) => (oneWriter(p), (p.apps[0].switchover = { from: "aws-a", to: "gcp-b", token: "c2VlIHRoZSBzdGF0dXM=" })), "apps[0].switchover.token: is not a demotion token: it does not decode (base64) to JSON; copy status.demotionToken whole"],
    [
      "a token cut short",
      (p: any) => (oneWriter(p), (p.apps[0].switchover = { from: "aws-a", to: "gcp-b", token: Buffer.from(JSON.stringify({ latestCheckpointTimelineID: "1", redoWalFile: "x", databaseSystemIdentifier: "7" })).toString("base64") })),
      "apps[0].switchover.token: is not a demotion token: it lacks latestCheckpointREDOLocation, timeOfLatestCheckpoint, operatorVersion; copy status.demotionToken whole",
    ],
    ["a proxmox cluster first", (p: any) => (oneWriter(p), (p.apps[0].failover = ["home-d", "aws-a", "gcp-b", "azure-c"])), "apps[0].failover[0]: 'home-d' is a proxmox cluster, always drained, so it can never take the writes; list a cloud cluster first (a proxmox one may follow as a standby)"],
    ["an active cluster left out behind the entry", (p: any) => (oneWriter(p), (p.apps[0].failover = ["aws-a", "gcp-b"])), "apps[0].failover: leaves out azure-c, active and running 'triage', whose database there would be a second, independent one behind the entry name; add it to the order or drain it"],
    ["a hand-over from a cluster without a copy", (p: any) => (oneWriter(p), (p.apps[0].switchover = { from: "home-d", to: "gcp-b", lost: true })), "apps[0].switchover.from: 'home-d' holds no copy; allowed: aws-a, gcp-b, azure-c"],
    ["lost that is not true", (p: any) => (oneWriter(p), (p.apps[0].switchover = { from: "aws-a", to: "gcp-b", lost: false })), "apps[0].switchover.lost: must be true, or left out"],
    ["an archive without its bucket", (p: any) => (oneWriter(p), (p.platform.archive = {})), expect.stringMatching(/^platform\.archive\.bucket: /)],
    ["a bad archive bucket", (p: any) => (oneWriter(p), (p.platform.archive = { bucket: "Not_A_Bucket" })), expect.stringMatching(/^platform\.archive\.bucket: must be a bucket name/)],
  ])("refuses %s", (_, change, expected) => {
    expect(issuesOf(sampleText(change))).toEqual(expect.arrayContaining([expected]));
  });

  test("one mistake, one message: a hand-over without ends, or a typo in the order, says only that", () => {
    expect(issuesOf(sampleText((p) => (oneWriter(p), (p.apps[0].switchover = { lost: true }))))).toEqual([
      expect.stringMatching(/^apps\[0\]\.switchover\.from: /),
      expect.stringMatching(/^apps\[0\]\.switchover\.to: /),
    ]);
    expect(issuesOf(sampleText((p) => (oneWriter(p), (p.apps[0].failover = ["aws-a", "gcp-b", "azure-c", "gcp-x"]))))).toEqual([
      "apps[0].failover[3]: 'gcp-x' is not a cluster the app runs on; allowed: aws-a, gcp-b, azure-c, home-d",
    ]);
  });

  test("moving to one writer retires the clouds' managed databases by name: retired.databases takes a copy's cluster", () => {
    expect(() => issuesOf(sampleText((p) => (oneWriter(p), (p.retired = { databases: ["aws-a/triage", "gcp-b/triage"] }))))).toThrow("accepted");
    // Outside the order the app still has its own database there: retiring it is refused.
    expect(issuesOf(sampleText((p) => (oneWriter(p), (p.apps[0].failover = ["aws-a", "gcp-b"]), (p.clusters[2].traffic = "drain"), (p.retired = { databases: ["azure-c/triage"] }))))).toEqual([
      "retired.databases[0]: app 'triage' still has a database on azure-c; remove apps[].database (or the cluster from the app) before retiring it",
    ]);
  });

  test("a component may not take the name of what the platform runs beside it", () => {
    expect(issuesOf(sampleText((p) => (oneWriter(p), (p.apps[0].components = [{ name: "web" }, { name: "redis" }]))))).toEqual(
      expect.arrayContaining(["apps[0].components[1].name: 'redis' is reserved: triage-redis names the app's Redis; choose another name"]),
    );
    expect(issuesOf(sampleText((p) => (p.apps[0].components = [{ name: "db" }])))).toEqual(
      expect.arrayContaining(["apps[0].components[0].name: 'db' is reserved: triage-db names the app's CloudNativePG database; choose another name"]),
    );
  });

  test("accepts a stateless entry app served by every active cluster, and a one-writer app in any order", () => {
    expect(() => issuesOf(sampleText((p) => (p.platform.entry = { host: "triage", app: "triage" })))).toThrow("accepted");
    expect(() => issuesOf(sampleText(oneWriter))).toThrow("accepted");
    // The homelab may hold a copy: it is never promoted (it is drained). The hand-over's token makes any sync order safe.
    expect(() => issuesOf(sampleText((p) => (oneWriter(p), (p.apps[0].failover = ["gcp-b", "home-d", "aws-a", "azure-c"]))))).toThrow("accepted");
  });
});

describe("one writer: what it renders", () => {
  const tree = render(oneWriter);
  const cluster = (c: string) => yaml(tree, `gitops-out/clusters/${c}/platform/cluster_oncall_triage-db.yaml`);

  test("each copy is the same CloudNativePG Cluster, the first listed made by initdb and primary, every other one a replica of its archive", () => {
    for (const c of ["aws-a", "gcp-b", "azure-c"]) {
      const spec = cluster(c).spec;
      expect(spec.replica).toEqual({ self: `triage-db-${c}`, primary: "triage-db-aws-a", source: c === "aws-a" ? "triage-db-gcp-b" : "triage-db-aws-a" });
      expect(spec.externalClusters.map((x: any) => [x.name, x.barmanObjectStore.serverName, x.barmanObjectStore.destinationPath])).toEqual(
        ["aws-a", "gcp-b", "azure-c"].map((o) => [`triage-db-${o}`, `triage-db-${o}`, "s3://acme-db-archive/triage/"]),
      );
      expect(spec.backup.barmanObjectStore).toMatchObject({ destinationPath: "s3://acme-db-archive/triage/", serverName: `triage-db-${c}` });
      expect(spec.bootstrap).toEqual(c === "aws-a" ? { initdb: { database: "triage", owner: "triage" } } : { recovery: { source: "triage-db-aws-a", database: "triage", owner: "triage" } });
      expect(spec.managed.roles).toEqual([expect.objectContaining({ name: "triage_app", login: true, inRoles: ["triage"], passwordSecret: { name: "triage-database" } })]);
      expect(spec.replica.enabled).toBeUndefined();
    }
    // home-d is no copy: it keeps its database of its own, as before.
    expect(yaml(tree, "gitops-out/clusters/home-d/platform/cluster_oncall_triage-db.yaml").spec.replica).toBeUndefined();
  });

  test("the app logs in on every copy with one password from the cluster's backend, whose placeholder its ExternalSecret refuses", () => {
    const es = yaml(tree, "gitops-out/clusters/gcp-b/platform/externalsecret_oncall_triage-database.yaml").spec;
    expect(es.target.template).toMatchObject({ type: "kubernetes.io/basic-auth", metadata: { labels: { "cnpg.io/reload": "true" } } });
    expect(es.target.template.data).toMatchObject({ host: "triage-db-rw", port: "5432", dbname: "triage", username: "triage_app" });
    // The key the gcp-b stack writes once, with the placeholder the template fails on (ESO's sprig `fail`): no Secret,
    // and so no role password, ever holds it.
    const key = es.dataFrom[0].extract.key;
    const written = Object.values<any>(json(tree, "cdktf.out/stacks/gcp-b/cdk.tf.json").resource.google_secret_manager_secret).map((x) => x.secret_id);
    expect(written).toContain(key);
    const placeholder = Object.values<any>(json(tree, "cdktf.out/stacks/gcp-b/cdk.tf.json").resource.google_secret_manager_secret_version).find((v) => JSON.stringify(v).includes("SET-ME") && JSON.stringify(v).includes("login"));
    expect(placeholder).toBeDefined();
    expect(es.target.template.data.password).toMatch(/^\{\{ if eq \.password "SET-ME" \}\}\{\{ fail ".*" \}\}\{\{ end \}\}\{\{ \.password \}\}$/);
    expect(es.secretStoreRef).toEqual({ kind: "ClusterSecretStore", name: "cluster-secrets" });
    // The same key name on every copy: one password everywhere.
    for (const c of ["aws-a", "azure-c"]) expect(yaml(tree, `gitops-out/clusters/${c}/platform/externalsecret_oncall_triage-database.yaml`).spec.dataFrom[0].extract.key).toMatch(/triage.database-login$/);
    const archive = yaml(tree, "gitops-out/clusters/gcp-b/platform/externalsecret_oncall_triage-db-archive.yaml").spec;
    expect(archive.data.map((d: any) => [d.secretKey, d.remoteRef.property])).toEqual([["access-key-id", "access-key-id"], ["secret-access-key", "secret-access-key"], ["region", "region"]]);
    // No Job with an admin's Secret (nor its exception): CloudNativePG keeps the role.
    expect([...tree.keys()].filter((f) => f.startsWith("gitops-out/clusters/gcp-b/") && f.includes("database-roles"))).toEqual([]);
    expect(yaml(tree, "gitops-out/clusters/gcp-b/values/app-triage.yaml").database).toEqual({ secret: "triage-database", files: "/var/run/secrets/basecamp/database" });
  });

  test("the copy's pods may run CloudNativePG's images, reach the operator, and reach the API and the archive over HTTPS", () => {
    const exception = yaml(tree, "gitops-out/clusters/gcp-b/platform/policyexception_kyverno_triage-db.restrict-images.yaml");
    expect(exception.metadata.namespace).toBe("kyverno");
    expect(JSON.stringify(exception.spec)).toContain("cnpg.io/cluster");
    const https = yaml(tree, "gitops-out/clusters/gcp-b/platform/networkpolicy_oncall_allow-cloudnative-pg-https.yaml").spec;
    expect(https.egress).toEqual([{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] }]);
    expect(tree.has("gitops-out/clusters/gcp-b/platform/networkpolicy_oncall_allow-cloudnative-pg-operator.yaml")).toBe(true);
    // The managed databases' ranges are gone from the team's egress: nothing there to reach.
    expect(tree.has("gitops-out/clusters/gcp-b/platform/networkpolicy_oncall_allow-databases.yaml")).toBe(false);
    // A homelab copy reaches the archive too.
    const home = render((p) => (oneWriter(p), (p.apps[0].failover = ["aws-a", "gcp-b", "azure-c", "home-d"])));
    expect(yaml(home, "gitops-out/clusters/home-d/platform/networkpolicy_oncall_allow-cloudnative-pg-backups.yaml").spec.egress[0].ports).toEqual([{ protocol: "TCP", port: 443 }]);
  });

  test("a copy has no managed database, but a placeholder for its archive key; the operator comes to its cluster only", () => {
    const aws = json(tree, "cdktf.out/stacks/aws-a/cdk.tf.json");
    expect(aws.resource.aws_db_instance).toBeUndefined();
    expect(Object.values<any>(aws.resource.aws_secretsmanager_secret).map((s) => s.name)).toContain("acme/aws-a/archive");
    expect(json(tree, "cdktf.out/stacks/gcp-b/cdk.tf.json").resource.google_sql_database_instance).toBeUndefined();
    expect(json(tree, "cdktf.out/stacks/azure-c/cdk.tf.json").resource.azurerm_postgresql_flexible_server).toBeUndefined();
    for (const c of ["aws-a", "gcp-b", "azure-c", "home-d"]) expect(tree.has(`gitops-out/clusters/${c}/values/cloudnative-pg.yaml`)).toBe(true);
    // Outside a failover order (drained, behind no entry name) a cloud keeps its managed database, and no operator.
    const stateful = render((p) => (oneWriter(p), (p.apps[0].failover = ["aws-a"]), (p.clusters[1].traffic = "drain"), (p.clusters[2].traffic = "drain")));
    expect(json(stateful, "cdktf.out/stacks/gcp-b/cdk.tf.json").resource.google_sql_database_instance).toBeDefined();
    expect(stateful.has("gitops-out/clusters/gcp-b/values/cloudnative-pg.yaml")).toBe(false);
    expect(stateful.has("gitops-out/clusters/gcp-b/platform/cluster_oncall_triage-db.yaml")).toBe(false);
  });

  test("the entry answers with the first healthy copy: failover records in the order, nested past two", () => {
    const records = Object.values<any>(json(tree, "cdktf.out/stacks/global/cdk.tf.json").resource.aws_route53_record).filter((r) => r.type === "CNAME");
    const at = (name: string, type: string) => records.find((r) => r.name === name && r.failover_routing_policy?.type === type);
    expect(records).toHaveLength(4);
    expect(records.some((r) => r.weighted_routing_policy)).toBe(false);
    expect(at("triage.acme.example", "PRIMARY")).toMatchObject({ records: ["ingress.aws-a.acme.example"], health_check_id: "${aws_route53_health_check.health_aws_a.id}" });
    expect(at("triage.acme.example", "SECONDARY").alias).toEqual({ name: "standby-1.triage.acme.example", zone_id: "${aws_route53_zone.zone.zone_id}", evaluate_target_health: true });
    expect(at("standby-1.triage.acme.example", "PRIMARY")).toMatchObject({ records: ["ingress.gcp-b.acme.example"], health_check_id: "${aws_route53_health_check.health_gcp_b.id}" });
    expect(at("standby-1.triage.acme.example", "SECONDARY")).toMatchObject({ records: ["ingress.azure-c.acme.example"], health_check_id: "${aws_route53_health_check.health_azure_c.id}" });
  });

  test("the archive: one bucket, a user per copy that writes its own folder only", () => {
    const global = json(tree, "cdktf.out/stacks/global/cdk.tf.json");
    expect(global.resource.aws_s3_bucket.archive_bucket).toMatchObject({ bucket: "acme-db-archive", provider: "aws.hub", lifecycle: { prevent_destroy: true } });
    const policy = JSON.parse(global.resource.aws_iam_user_policy.archive_user_azure_c_policy.policy);
    expect(policy.Statement.find((s: any) => s.Sid === "WriteOwnCopy").Resource).toEqual(["arn:aws:s3:::acme-db-archive/triage/triage-db-azure-c/*"]);
    expect(policy.Statement.find((s: any) => s.Sid === "ReplayEveryCopy").Action).toEqual(["s3:GetObject"]);
    expect(global.resource.aws_iam_access_key).toBeUndefined();
  });
});

describe("one writer: the drain switch", () => {
  const before = render(oneWriter);
  const drained = (p: any) => (oneWriter(p), (p.clusters[0].traffic = "drain"));
  const after = render(drained);
  const handedOver = render((p) => (drained(p), (p.apps[0].switchover = { from: "aws-a", to: "gcp-b", token: TOKEN })));
  const diff = (x: Map<string, Buffer>, y: Map<string, Buffer>) => [...new Set([...x.keys(), ...y.keys()])].sort().filter((f) => !(x.get(f) && y.get(f) && x.get(f)!.equals(y.get(f)!)));
  const copy = (tree: Map<string, Buffer>, c: string) => yaml(tree, `gitops-out/clusters/${c}/platform/cluster_oncall_triage-db.yaml`);

  test("draining the primary changes exactly the entry, its traffic labels, its own copy (which demotes) and the runbook", () => {
    expect(diff(before, after)).toEqual([
      // Its registration's traffic label, in its stack and on the hub.
      "cdktf.out/stacks/aws-a/cdk.tf.json",
      // The entry's records and checks.
      "cdktf.out/stacks/global/cdk.tf.json",
      "dist/aws-a--platform.k8s.yaml",
      "dist/hub.k8s.yaml",
      // Only the old primary's copy: it names gcp-b and demotes; the others wait for the token.
      "gitops-out/clusters/aws-a/platform/cluster_oncall_triage-db.yaml",
      "gitops-out/hub/externalsecret_argocd_cluster-aws-a.yaml",
      "gitops-out/runbooks/failover-triage.md",
    ]);
    expect(copy(after, "aws-a").spec.replica).toMatchObject({ primary: "triage-db-gcp-b" });
    for (const c of ["gcp-b", "azure-c"]) expect(copy(after, c).spec.replica.primary).toBe("triage-db-aws-a");
    // The drained cluster keeps serving the entry name until the DNS has moved: its route and certificate stay.
    expect(yaml(after, "gitops-out/clusters/aws-a/apps/triage/httproute_oncall_triage.yaml").spec.hostnames).toContain("triage.acme.example");
  });

  test("recording the hand-over with the token promotes the next copy with it; every copy follows it, and nothing else changes", () => {
    expect(diff(after, handedOver)).toEqual([
      // The old primary's copy: only what is read when a Cluster is made (it would now restore, not initdb).
      "dist/aws-a--platform.k8s.yaml",
      "dist/azure-c--platform.k8s.yaml",
      "dist/gcp-b--platform.k8s.yaml",
      "gitops-out/clusters/aws-a/platform/cluster_oncall_triage-db.yaml",
      "gitops-out/clusters/azure-c/platform/cluster_oncall_triage-db.yaml",
      "gitops-out/clusters/gcp-b/platform/cluster_oncall_triage-db.yaml",
      "gitops-out/runbooks/failover-triage.md",
    ]);
    expect({ ...copy(handedOver, "aws-a").spec, bootstrap: undefined }).toEqual({ ...copy(after, "aws-a").spec, bootstrap: undefined });
    expect(copy(handedOver, "aws-a").spec.bootstrap).toEqual({ recovery: { source: "triage-db-gcp-b", database: "triage", owner: "triage" } });
    expect(copy(handedOver, "gcp-b").spec.replica).toEqual({ self: "triage-db-gcp-b", primary: "triage-db-gcp-b", source: "triage-db-aws-a", promotionToken: TOKEN });
    expect(copy(handedOver, "azure-c").spec.replica).toEqual({ self: "triage-db-azure-c", primary: "triage-db-gcp-b", source: "triage-db-gcp-b" });
    expect(copy(handedOver, "aws-a").spec.replica).toEqual({ self: "triage-db-aws-a", primary: "triage-db-gcp-b", source: "triage-db-gcp-b" });
    // Apart from the replica (and the bootstrap, read only when a Cluster is made), each copy is as it was.
    for (const c of ["aws-a", "gcp-b", "azure-c"]) {
      const [old, now] = [copy(before, c), copy(handedOver, c)];
      expect({ ...now.spec, replica: undefined, bootstrap: undefined }).toEqual({ ...old.spec, replica: undefined, bootstrap: undefined });
      expect(now.metadata.labels).toEqual(old.metadata.labels);
    }
    // Only a copy that restores may do so over its own earlier archive; the one made by initdb never: an empty
    // database made again must stop at a full archive rather than overwrite it.
    expect(copy(before, "aws-a").metadata.annotations["cnpg.io/skipEmptyWalArchiveCheck"]).toBeUndefined();
    expect(copy(handedOver, "aws-a").metadata.annotations["cnpg.io/skipEmptyWalArchiveCheck"]).toBe("enabled");
    for (const c of ["gcp-b", "azure-c"]) expect(copy(before, c).metadata.annotations["cnpg.io/skipEmptyWalArchiveCheck"]).toBe("enabled");
  });

  test("a lost primary hands over with lost: true: the next copy promotes at once, without a token", () => {
    const lost = render((p) => (drained(p), (p.apps[0].switchover = { from: "aws-a", to: "gcp-b", lost: true })));
    expect(copy(lost, "gcp-b").spec.replica).toEqual({ self: "triage-db-gcp-b", primary: "triage-db-gcp-b", source: "triage-db-aws-a" });
    for (const c of ["aws-a", "azure-c"]) expect(copy(lost, c).spec.replica.primary).toBe("triage-db-gcp-b");
  });

  test("the undo is a hand-over back: the writer's copy demotes first, and the old one waits for its token", () => {
    const undone = render((p) => (oneWriter(p), (p.apps[0].switchover = { from: "aws-a", to: "gcp-b", token: TOKEN })));
    expect(copy(undone, "gcp-b").spec.replica.primary).toBe("triage-db-aws-a");
    for (const c of ["aws-a", "azure-c"]) expect(copy(undone, c).spec.replica.primary).toBe("triage-db-gcp-b");
    expect(copy(undone, "aws-a").spec.replica.promotionToken).toBeUndefined();
    // The entry goes back to aws-a at once: writes fail there until the hand-over back is recorded, never split.
    const records = json(undone, "cdktf.out/stacks/global/cdk.tf.json").resource.aws_route53_record;
    expect(records.entry_primary.records).toEqual(["ingress.aws-a.acme.example"]);
  });

  test("the entry's records keep their names and change targets in place; the drained cluster's check goes; aliases wait for their targets", () => {
    const [old, now] = [json(before, "cdktf.out/stacks/global/cdk.tf.json").resource, json(after, "cdktf.out/stacks/global/cdk.tf.json").resource];
    expect(old.aws_route53_record.entry_secondary.depends_on).toEqual(["aws_route53_record.entry_standby_1_primary", "aws_route53_record.entry_standby_1_secondary"]);
    expect(Object.keys(now.aws_route53_health_check).sort()).toEqual(["health_azure_c", "health_gcp_b"]);
    expect(now.aws_route53_record.entry_primary).toMatchObject({ records: ["ingress.gcp-b.acme.example"], set_identifier: "primary" });
    expect(now.aws_route53_record.entry_secondary).toMatchObject({ records: ["ingress.azure-c.acme.example"], set_identifier: "secondary" });
    // Two left: no nested name.
    expect(Object.keys(now.aws_route53_record).sort()).toEqual(["caa", "entry_primary", "entry_secondary"]);
    const { aws_route53_record: r1, aws_route53_health_check: h1, ...rest1 } = old;
    const { aws_route53_record: r2, aws_route53_health_check: h2, ...rest2 } = now;
    expect(rest2).toEqual(rest1);
    expect(r2.caa).toEqual(r1.caa);
  });

  test("the generated runbook follows the hand-over: who demotes, who waits, and the record to write next", () => {
    const text = after.get("gitops-out/runbooks/failover-triage.md")!.toString();
    expect(text.startsWith("<!-- Generated by basecamp from platform.yaml")).toBe(true);
    expect(text).toContain("| `aws-a` | **demoting**: hands the writes to `gcp-b` |");
    expect(text).toContain("| `gcp-b` | **waiting**: promotes once the hand-over is recorded |");
    expect(text).toContain("switchover: { from: aws-a, to: gcp-b, token: <the demotion token> }");
    expect(text).toContain("argocd app sync gcp-b--platform");
    // aws-a is the hub too: the break-glass patch of the surviving copies is there.
    expect(text).toContain(`kubectl --context gcp-b -n oncall patch cluster triage-db --type merge -p '{"spec":{"replica":{"primary":"triage-db-gcp-b"}}}'`);
    const done = handedOver.get("gitops-out/runbooks/failover-triage.md")!.toString();
    expect(done).toContain("| `gcp-b` | **primary**: takes the writes |");
    expect(done).toContain("| `aws-a` | standby (drained: never promoted) |");
    for (const section of ["## Symptoms", "## Diagnosis", "## Remediation", "## Verification", "## Escalation"]) expect(text).toContain(section);
  });

  test("every name the runbook types is rendered: namespaces, Clusters, Secrets, Applications, alerts, IAM users, backend keys", () => {
    const text = before.get("gitops-out/runbooks/failover-triage.md")!.toString();
    const files = [...before.keys()];
    const problems: string[] = [];
    for (const m of text.matchAll(/kubectl --context (\S+) -n (\S+) get cluster (\S+)/g)) {
      if (!before.has(`gitops-out/clusters/${m[1]}/platform/cluster_${m[2]}_${m[3]}.yaml`)) problems.push(`no Cluster ${m[2]}/${m[3]} on ${m[1]}`);
    }
    for (const m of text.matchAll(/annotate externalsecret (\S+) -n (\S+)/g)) {
      if (!files.some((f) => f.endsWith(`/platform/externalsecret_${m[2]}_${m[1]}.yaml`))) problems.push(`no ExternalSecret ${m[2]}/${m[1]}`);
    }
    const fleet = before.get("gitops-out/hub/applicationset_argocd_fleet.yaml")!.toString();
    for (const m of text.matchAll(/argocd app sync ([a-z0-9-]+)--([a-z0-9-]+)/g)) if (!fleet.includes(`name: "{{.name}}--${m[2]}"`)) problems.push(`no Application --${m[2]}`);
    const rules = files.filter((f) => f.startsWith("gitops-out/rule-tests/") && !f.endsWith(".test.yaml")).map((f) => before.get(f)!.toString()).join("\n");
    for (const m of text.matchAll(/`(Postgres[A-Za-z]+)`/g)) if (!rules.includes(`alert: ${m[1]}`)) problems.push(`no alert ${m[1]}`);
    const global = json(before, "cdktf.out/stacks/global/cdk.tf.json");
    const users = Object.values<any>(global.resource.aws_iam_user).map((u) => u.name);
    for (const m of text.matchAll(/--user-name (\S+)/g)) if (!users.includes(m[1])) problems.push(`no IAM user ${m[1]}`);
    // Each backend key the runbook writes is the one the cluster's stack left a placeholder at.
    expect(text).toContain("aws secretsmanager put-secret-value --region eu-west-1 --secret-id acme/aws-a/archive");
    expect(Object.values<any>(json(before, "cdktf.out/stacks/gcp-b/cdk.tf.json").resource.google_secret_manager_secret).map((x) => x.secret_id)).toContain(
      /gcloud secrets versions add (\S+)/.exec(text)![1],
    );
    expect(problems).toEqual([]);
    expect([...text.matchAll(/kubectl --context/g)].length).toBeGreaterThanOrEqual(3);
  });
});
