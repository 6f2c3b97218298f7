import { parse } from "yaml";
import { expandApplications, registeredClusters } from "../lib/argo/applications";
import { objectsOf } from "../lib/checks/finding";
import { databaseBackups } from "../lib/checks/database-backups";
import { databaseSecretKeys } from "../lib/checks/database-secrets";
import { flowsAllowed } from "../lib/checks/flows";
import { sampleTree } from "./helpers/platform";

// One writer at the entry (azure-c's copy); aws-a and gcp-b, drained, keep managed databases of their own, which the entry never sends users to.
const tree = sampleTree((p) => ((p.apps[0].database = { ha: true }), (p.apps[0].failover = ["azure-c"]), (p.clusters[0].traffic = "drain"), (p.clusters[1].traffic = "drain"), (p.platform.archive = { bucket: "acme-db-archive" }), (p.apps[0].components = [{ name: "api" }, { name: "web" }]), (p.platform.entry = { host: "triage", app: "triage", component: "web" })));
const all = objectsOf(tree).map((x) => ({ ...x, o: x.object as any }));
const inChart = (id: string) => all.filter((x) => x.chart.id === id).map((x) => x.o);
const find = (objects: any[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} among ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(", ")}`);
  return o;
};
const hub = inChart("hub");
const clusters = registeredClusters(all.map((x) => x.object));
const applications = expandApplications(all.filter((x) => x.chart.cluster === "aws-a").map((x) => x.object), clusters);

describe("the hub's bootstrap and control layer", () => {
  test("root syncs bootstrap/ itself (without the kustomization), and hub/ through the hub Application", () => {
    const boot = inChart("bootstrap");
    const root = find(boot, "Application", "root");
    expect(root.spec.source).toEqual({ repoURL: "https://git.example/acme/platform.git", targetRevision: "rendered-manifests", path: "bootstrap", directory: { recurse: false, exclude: "kustomization.yaml" } });
    expect(root.spec.project).toBe("platform");
    expect(root.metadata.finalizers).toBeUndefined();
    expect(find(boot, "Application", "hub").spec.source.path).toBe("hub");
    const project = find(boot, "AppProject", "platform");
    expect(project.spec.sourceRepos).toContain("https://charts.external-secrets.io");
    expect(project.spec.destinations).toContainEqual({ name: "gcp-b", namespace: "*" });
    expect(project.spec.destinations).not.toContainEqual(expect.objectContaining({ name: "home-d" }));
  });

  test("nothing uses the default project", () => {
    expect(applications.map((a) => a.spec.project).filter((p) => p === "default")).toEqual([]);
    expect(applications.length).toBeGreaterThan(10);
  });

  test("Argo CD honours applicationsSync and runs progressive syncs; app-of-apps waits for Application health", () => {
    const values = parse(tree.gitops.content("clusters/aws-a/values/argo-cd.yaml"));
    expect(values.configs.params).toEqual({
      "applicationsetcontroller.enable.policy.override": "true",
      "applicationsetcontroller.enable.progressive.syncs": "true",
      "controller.sync.timeout.seconds": "1800",
      "server.insecure": "true",
    });
    // No hook may outlive the sync timeout: the role Job's deadline is under it.
    const job = all.map((x) => x.o).find((o) => o.kind === "Job" && o.metadata.annotations?.["argocd.argoproj.io/hook"]);
    expect(job.spec.activeDeadlineSeconds).toBeLessThan(1800);
    expect(values.configs.cm["resource.customizations.health.argoproj.io_Application"]).toContain("obj.status.health.status");
    expect(values.controller.volumes.map((v: any) => v.name)).toEqual(["basecamp-gcp", "basecamp-azure"]);
    expect(find(hub, "Application", "argo-cd").metadata.finalizers).toBeUndefined();
    // v3.4.7: chart 10.1.1's v3.4.4 re-marks RollingSync Applications Waiting on every pass when the template has automated.
    expect(values.global.image).toEqual({ repository: "quay.io/argoproj/argocd", tag: "v3.4.7" });
    // The hub runs every cluster's delivery: two of each component, kept apart by disruption budgets.
    for (const c of ["controller", "server", "repoServer", "applicationSet"]) expect(values[c]).toMatchObject({ replicas: 2, pdb: { enabled: true, minAvailable: 1 } });
    // Redis too: three servers behind HAProxy (the chart's redis-ha subchart), preferring separate nodes.
    expect(values["redis-ha"]).toEqual({ enabled: true, hardAntiAffinity: false, haproxy: { hardAntiAffinity: false } });
    const home = parse(tree.gitops.content("clusters/home-d/values/argo-cd.yaml"));
    expect([home.repoServer, home["redis-ha"]]).toEqual([undefined, undefined]);
  });
});

describe("cluster registration without credentials in git", () => {
  test("every push-mode cluster has an ExternalSecret making its Argo CD cluster Secret from its registration", () => {
    const secrets = hub.filter((o) => o.kind === "ExternalSecret" && o.metadata.name.startsWith("cluster-"));
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual(["cluster-aws-a", "cluster-azure-c", "cluster-gcp-b"]);
    for (const s of secrets) {
      expect(s.spec.target).toMatchObject({ creationPolicy: "Owner", deletionPolicy: "Retain" });
      expect(s.spec.dataFrom).toEqual([{ extract: { key: `acme/${s.metadata.name.slice(8)}/registration` } }]);
    }
  });

  test("the labels are rendered, the same as the cluster's Terraform stack registers", () => {
    for (const name of ["aws-a", "gcp-b", "azure-c"]) {
      const rendered = find(hub, "ExternalSecret", `cluster-${name}`).spec.target.template.metadata.labels;
      const stack = tree.stacks.find((s) => s.name === name)!.json.output.registration.value.labels;
      expect({ name, rendered }).toEqual({ name, rendered: stack });
    }
    const gcp = find(hub, "ExternalSecret", "cluster-gcp-b").spec.target.template.metadata.labels;
    expect(gcp).toMatchObject({ "basecamp.dev/provider": "gcp", enable_external_secrets: "true", enable_external_dns: "true", "app.basecamp.dev/triage": "true" });
    expect(gcp.enable_cluster_autoscaler).toBeUndefined();
    // The hub's own External Secrets and Argo CD are plain Applications, not its ApplicationSets'.
    expect(find(hub, "ExternalSecret", "cluster-aws-a").spec.target.template.metadata.labels.enable_external_secrets).toBeUndefined();
  });

  test("each cloud authenticates with the hub's workload identity: EKS access entries, argocd-k8s-auth for GKE and AKS", () => {
    const config = (c: string) => find(hub, "ExternalSecret", `cluster-${c}`).spec.target.template.data;
    expect(config("aws-a")).toEqual({ name: "aws-a", server: "https://kubernetes.default.svc", config: '{"tlsClientConfig":{"insecure":false}}' });
    expect(JSON.parse(config("gcp-b").config.replace(/\{\{[^}]*\}\}/g, "x")).execProviderConfig).toMatchObject({ command: "argocd-k8s-auth", args: ["gcp"], env: { GOOGLE_APPLICATION_CREDENTIALS: "/var/run/secrets/basecamp/gcp/gcp-b.json" } });
    expect(JSON.parse(config("azure-c").config.replace(/\{\{[^}]*\}\}/g, "x")).execProviderConfig.env).toMatchObject({ AZURE_FEDERATED_TOKEN_FILE: "/var/run/secrets/basecamp/azure/token" });
    expect(find(hub, "ExternalSecret", "gcp-credentials").spec.data).toEqual([{ secretKey: "gcp-b.json", remoteRef: { key: "acme/gcp-b/registration", property: "auth.credentialConfig" } }]);
  });
});

describe("the fleet: one ApplicationSet for the push-mode clusters, ordered like sync waves", () => {
  const everyApp = expandApplications(all.map((x) => x.object), clusters);
  const generated = everyApp.filter((a) => a.owner.kind === "ApplicationSet");
  const fleet = find(hub, "ApplicationSet", "fleet");
  const steps: string[] = fleet.spec.strategy.rollingSync.steps.map((s: any) => s.matchExpressions.map((e: any) => e.values[0]).join(" "));
  const stepOf = (app: string) => {
    const a = generated.find((x) => x.name === app)!;
    return steps.indexOf(`${a.labels["basecamp.dev/cluster"]} ${a.labels["basecamp.dev/wave"]}`);
  };

  test("every Application retries without end, five minutes apart at most", () => {
    expect(everyApp.length).toBeGreaterThan(30);
    for (const a of everyApp) expect({ app: a.name, retry: a.spec.syncPolicy.retry }).toEqual({ app: a.name, retry: { limit: -1, backoff: { duration: "30s", factor: 2, maxDuration: "5m" } } });
  });

  test("every generated Application carries prune (RollingSync's sync reads it), so OutOfSync steps complete", () => {
    expect(generated.length).toBeGreaterThan(30);
    for (const a of generated) expect({ app: a.name, automated: a.spec.syncPolicy.automated }).toEqual({ app: a.name, automated: { prune: true, selfHeal: true } });
  });

  test("one set, selecting clusters by label, deleting Applications but preserving what they deployed, templating no finalizer", () => {
    expect(hub.filter((o) => o.kind === "ApplicationSet").map((s) => s.metadata.name)).toEqual(["fleet"]);
    expect(fleet.spec.generators.every((g: any) => g.clusters?.selector?.matchLabels && g.clusters.template)).toBe(true);
    expect(fleet.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true, applicationsSync: "sync" });
    // A confirmed prune survives the controller's next pass.
    expect(fleet.spec.preservedFields).toEqual({ annotations: ["argocd.argoproj.io/deletion-approved"] });
    expect(JSON.stringify(fleet.spec)).not.toContain("finalizer");
    expect(fleet.spec.strategy.type).toBe("RollingSync");
  });

  test("cluster by cluster in the description's rollout order (proxmox pulls for itself), each wave by wave", () => {
    const order = [...new Set(steps.map((s) => s.split(" ")[0]))];
    expect(order).toEqual(["aws-a", "gcp-b", "azure-c"]);
    // gcp-b: External Secrets and Kyverno, then the base folder, the operators, the rest, the platform folder, the app.
    expect(steps.filter((s) => s.startsWith("gcp-b "))).toEqual(["gcp-b minus-25", "gcp-b minus-24", "gcp-b minus-20", "gcp-b minus-15", "gcp-b minus-10", "gcp-b minus-5", "gcp-b 0"]);
  });

  test("on each cluster, what a step waits for comes from an earlier one", () => {
    for (const c of ["aws-a", "gcp-b", "azure-c"]) {
      // The store and the add-ons' Secrets need External Secrets; Prometheus needs its namespace and Secrets from the base folder.
      if (c !== "aws-a") expect(stepOf(`${c}--addon-external-secrets`)).toBeLessThan(stepOf(`${c}--base`));
      expect(stepOf(`${c}--base`)).toBeLessThan(stepOf(`${c}--addon-kube-prometheus-stack`));
      // The platform folder's Gateway, certificates, policies and monitors need every operator's CRDs.
      for (const a of ["cert-manager", "envoy-gateway", "kube-prometheus-stack", "kyverno", "opencost"]) expect(stepOf(`${c}--addon-${a}`)).toBeLessThan(stepOf(`${c}--platform`));
      expect(stepOf(`${c}--platform`)).toBeLessThan(stepOf(`${c}--app-triage`));
    }
    // One cluster's steps all come before the next cluster's.
    expect(stepOf("aws-a--app-triage")).toBeLessThan(stepOf("gcp-b--addon-external-secrets"));
    const triage = generated.find((a) => a.name === "gcp-b--app-triage")!;
    expect(triage.spec).toMatchObject({ project: "team-oncall", destination: { name: "gcp-b", namespace: "oncall" }, source: { path: "clusters/gcp-b/apps/triage" } });
    expect(inChart("gcp-b--platform").find((o) => o.kind === "Namespace" && o.metadata.name === "oncall")).toBeDefined();
  });

  test("an add-on: its pinned chart with the cluster's values file, its namespace made by the base folder, never pruned", () => {
    const app = applications.find((a) => a.name === "gcp-b--addon-cert-manager")!;
    expect(app.spec.sources).toEqual([
      { repoURL: "https://charts.jetstack.io", chart: "cert-manager", targetRevision: "v1.21.1", helm: { releaseName: "cert-manager", valueFiles: ["$values/clusters/gcp-b/values/cert-manager.yaml"] } },
      { repoURL: "https://git.example/acme/platform.git", targetRevision: "rendered-manifests", ref: "values" },
    ]);
    expect(app.spec.syncPolicy.syncOptions).not.toContain("CreateNamespace=true");
    const ns = find(inChart("gcp-b--base"), "Namespace", "cert-manager");
    expect(ns.metadata.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted", "basecamp.dev/team": tree.resolved.platform.platform.owner });
    expect(ns.metadata.annotations["argocd.argoproj.io/sync-options"]).toBe("Prune=false,Delete=false");
    // External Secrets syncs before the base folder: it makes its own namespace.
    const eso = applications.find((a) => a.name === "gcp-b--addon-external-secrets")!;
    expect(eso.spec.syncPolicy.syncOptions).toContain("CreateNamespace=true");
    expect(eso.spec.syncPolicy.managedNamespaceMetadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  test("values only the registration knows reach Azure's External Secrets through the cluster Secret's annotations, and roll its pods", () => {
    const app = applications.find((a) => a.name === "azure-c--addon-external-secrets")!;
    // On the pods too: Azure's webhook reads the id only when a pod is made, so a new one must roll them.
    const id = "<basecamp.dev/identity-external-secrets from the registration>";
    expect(parse(app.spec.sources[0].helm.values)).toEqual({ serviceAccount: { annotations: { "azure.workload.identity/client-id": id } }, podAnnotations: { "basecamp.dev/client-id": id } });
    expect(applications.find((a) => a.name === "gcp-b--addon-external-secrets")!.spec.sources[0].helm.values).toBe("{}\n");
    expect(parse(tree.gitops.content("clusters/gcp-b/values/external-secrets.yaml")).serviceAccount.annotations).toEqual({ "iam.gke.io/gcp-service-account": "gcp-b-eso@acme-prod-1.iam.gserviceaccount.com" });
  });
});

describe("tenancy, secrets and ingress on each cluster", () => {
  const platform = inChart("gcp-b--platform");

  test("a team project allows only the rendered repo, its namespace on its clusters, no cluster-scoped kinds", () => {
    const project = find(hub, "AppProject", "team-oncall");
    expect(project.spec).toMatchObject({ sourceRepos: ["https://git.example/acme/platform.git"], clusterResourceWhitelist: [] });
    expect(project.spec.destinations).toEqual([{ name: "aws-a", namespace: "oncall" }, { name: "gcp-b", namespace: "oncall" }, { name: "azure-c", namespace: "oncall" }]);
    expect(project.spec.namespaceResourceBlacklist).toEqual(expect.arrayContaining([{ group: "", kind: "Secret" }, { group: "external-secrets.io", kind: "ExternalSecret" }, { group: "networking.k8s.io", kind: "NetworkPolicy" }]));
  });

  test("the cluster's secret store, in the base folder, limited to the namespaces the platform renders ExternalSecrets in", () => {
    expect(find(inChart("gcp-b--base"), "ClusterSecretStore", "cluster-secrets").spec).toEqual({ provider: { gcpsm: { projectID: "acme-prod-1" } }, conditions: [{ namespaces: ["monitoring", "oncall", "opentelemetry"] }] });
    expect(find(inChart("azure-c--base"), "ClusterSecretStore", "cluster-secrets").spec.provider.azurekv).toMatchObject({ authType: "WorkloadIdentity", vaultUrl: expect.stringMatching(/^https:\/\/kv-acme-azure-c\.vault\.azure\.net$/) });
    expect(find(inChart("home-d--base"), "ClusterSecretStore", "cluster-secrets").spec.provider.vault).toMatchObject({ server: "https://vault.home.arpa:8200", path: "acme", version: "v2" });
    // Vault reviews External Secrets' tokens with this right: the store is valid only with it, so it comes along.
    expect(find(inChart("home-d--base"), "ClusterRoleBinding", "external-secrets-vault-token-review").roleRef.name).toBe("system:auth-delegator");
    // The right before the store, the store before the ExternalSecrets that read it (Argo CD waits for each wave to be healthy).
    const wave = (o: any) => Number(o.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
    const base = inChart("home-d--base").concat(inChart("home-d--observability-secrets"));
    expect(wave(find(base, "ClusterRoleBinding", "external-secrets-vault-token-review"))).toBeLessThan(wave(find(base, "ClusterSecretStore", "cluster-secrets")));
    for (const es of base.filter((o) => o.kind === "ExternalSecret")) expect(wave(find(base, "ClusterSecretStore", "cluster-secrets"))).toBeLessThan(wave(es));
  });

  test("the admin's Secret comes from the stack's key; on AWS the password from RDS's own secret", () => {
    expect(find(platform, "ExternalSecret", "triage-database-admin").spec.dataFrom).toEqual([{ extract: { key: "acme-gcp-b-triage-database" } }]);
    const aws = find(inChart("aws-a--platform"), "ExternalSecret", "triage-database-admin").spec;
    expect(aws.dataFrom[1]).toEqual({ find: { tags: { "aws:rds:primaryDBInstanceArn": "arn:aws:rds:eu-west-1:111122223333:db:aws-a-triage" } }, rewrite: [{ regexp: { source: "^rds!db-.*$", target: "master" } }] });
    expect(aws.target.template.data.password).toBe("{{ (.master | fromJson).password }}");
    const cnpg = find(inChart("home-d--platform"), "Cluster", "triage-db");
    expect(cnpg.spec).toMatchObject({ instances: 3, bootstrap: { initdb: { database: "triage", owner: "triage" } } });
    expect(cnpg.metadata.annotations["argocd.argoproj.io/sync-options"]).toBe("Prune=confirm,Delete=false");
  });

  test("the public Gateway routes from team namespaces only; its certificate covers the cluster's names and the entry", () => {
    const gw = find(platform, "Gateway", "public");
    expect(gw.spec.infrastructure.annotations).toEqual({ "external-dns.alpha.kubernetes.io/hostname": "ingress.gcp-b.acme.example" });
    expect(find(platform, "Certificate", "public").spec.dnsNames).toEqual(["*.gcp-b.acme.example", "triage.acme.example"]);
    expect(find(inChart("home-d--platform"), "Certificate", "public").spec.dnsNames).toEqual(["*.home-d.acme.example"]);
    const route = find(inChart("gcp-b--app--triage"), "HTTPRoute", "triage-web");
    expect(route.spec.hostnames).toEqual(["triage.gcp-b.acme.example", "ingress.gcp-b.acme.example", "triage.acme.example"]);
  });

  test("the app logs in as a role of its own, never the admin: the connection from the stack, a password generated once", () => {
    const app = find(platform, "ExternalSecret", "triage-database").spec;
    expect(app.refreshPolicy).toBe("CreatedOnce");
    expect(app.dataFrom[0]).toEqual({ extract: { key: "acme-gcp-b-triage-database" } });
    expect(app.dataFrom[1].sourceRef.generatorRef).toMatchObject({ kind: "Password", name: "triage-database" });
    expect(app.target.template.data).toEqual({ host: "{{ .host }}", port: "{{ .port }}", dbname: "{{ .dbname }}", username: "triage_app", password: "{{ .generated }}" });
    expect(find(platform, "Password", "triage-database").spec).toMatchObject({ length: 32, symbols: 0 });
  });

  test("before each sync a Job makes that role with the admin's Secret, which only it reads", () => {
    const objects = inChart("gcp-b--app--triage");
    const job = find(objects, "Job", "triage-database-roles");
    expect(job.metadata.annotations).toMatchObject({ "argocd.argoproj.io/hook": "PreSync", "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation" });
    const env = Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.valueFrom?.secretKeyRef?.name ?? e.value]));
    expect(env).toMatchObject({ PGPASSWORD: "triage-database-admin", PGUSER: "triage-database-admin", APP_USER: "triage_app", APP_PASSWORD: "triage-database", PGSSLMODE: "require" });
    const script: string = find(objects, "ConfigMap", "triage-database-roles").data["roles.sql"];
    expect(script).toContain("NOSUPERUSER NOCREATEDB NOCREATEROLE");
    expect(script).toContain("GRANT USAGE, CREATE ON SCHEMA public");
    const secrets = objects.filter((o) => o.kind === "Deployment").flatMap((d) => JSON.stringify(d).match(/triage-database[-a-z]*/g) ?? []);
    expect([...new Set(secrets)]).toEqual(["triage-database"]);
  });

  test("the app reads its password from a mounted file, which follows a rotation; the rest from the environment", () => {
    const pod = find(inChart("gcp-b--app--triage"), "Deployment", "triage-api").spec.template.spec;
    const env = pod.containers[0].env;
    expect(env).toContainEqual({ name: "DB_PASSWORD_FILE", value: "/var/run/secrets/basecamp/database/password" });
    expect(env.map((e: any) => e.name)).not.toContain("DB_PASSWORD");
    expect(pod.volumes).toContainEqual({ name: "secret-files", secret: { secretName: "triage-database" } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ mountPath: "/var/run/secrets/basecamp/database", name: "secret-files", readOnly: true });
    const home = find(inChart("home-d--app--triage"), "Deployment", "triage-api").spec.template.spec;
    expect(home.containers[0].env).toContainEqual({ name: "DB_USER", valueFrom: { secretKeyRef: { name: "triage-db-app", key: "username" } } });
    expect(home.volumes).toContainEqual({ name: "secret-files", secret: { secretName: "triage-db-app" } });
  });
});

describe("CloudNativePG's backups (Proxmox)", () => {
  const withBackups = sampleTree((p) => {
    p.apps[0].database = { ha: true };
    p.clusters.find((c: any) => c.name === "home-d").backups = { endpoint: "http://10.40.0.9:9000", bucket: "acme-backups" };
  });
  const objects = objectsOf(withBackups).filter((x) => x.chart.cluster === "home-d").map((x) => x.object as any);
  const one = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  test("WAL and a daily base backup go to the object store, with the access key from the cluster's Vault", () => {
    expect(one("Cluster", "triage-db").spec.backup).toEqual({
      retentionPolicy: "30d",
      barmanObjectStore: {
        destinationPath: "s3://acme-backups/home-d/triage",
        endpointURL: "http://10.40.0.9:9000",
        s3Credentials: { accessKeyId: { name: "triage-db-backup", key: "access-key-id" }, secretAccessKey: { name: "triage-db-backup", key: "secret-access-key" } },
        wal: { compression: "gzip" },
        data: { compression: "gzip" },
      },
    });
    expect(one("ScheduledBackup", "triage-db-daily").spec).toEqual({ schedule: "0 0 3 * * *", immediate: true, backupOwnerReference: "self", method: "barmanObjectStore", cluster: { name: "triage-db" } });
    const key = one("ExternalSecret", "triage-db-backup").spec.data.map((d: any) => d.remoteRef);
    expect(key).toEqual([{ key: "home-d/backups", property: "access-key-id" }, { key: "home-d/backups", property: "secret-access-key" }]);
    // The stack writes that placeholder where External Secrets reads it (the writer/reader check holds it).
    const vault = withBackups.stacks.find((s) => s.name === "home-d")!.json.resource.vault_kv_secret_v2;
    expect(Object.values<any>(vault).find((v) => v.name === "home-d/backups")).toBeDefined();
    expect(databaseSecretKeys.run(withBackups)).toEqual([]);
  });

  test("the instances may reach the store through the team's default-deny, on its port", () => {
    const policy = one("NetworkPolicy", "allow-cloudnative-pg-backups");
    expect(policy.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 9000 }] }]);
    expect(flowsAllowed.run(withBackups)).toEqual([]);
  });

  test("a homelab database without backups is a warning naming the cluster's field", () => {
    const none = sampleTree((p) => (p.apps[0].database = {}));
    expect(databaseBackups.run(none).map((f) => `${f.source}: ${f.message}`)).toEqual([
      "clusters[3]: runs triage's database with no backups: give it backups: { endpoint, bucket } (an S3-compatible store) so CloudNativePG archives its WAL and takes a daily base backup",
    ]);
    expect(databaseBackups.run(withBackups)).toEqual([]);
  });
});

describe("a pull-mode cluster runs itself from its folder", () => {
  const folder = inChart("home-d--argocd");

  test("its own Argo CD, add-ons, platform and apps as Applications in waves, the root managing itself", () => {
    const apps = folder.filter((o) => o.kind === "Application");
    const waves = Object.fromEntries(apps.map((a) => [a.metadata.name, Number(a.metadata.annotations["argocd.argoproj.io/sync-wave"])]));
    expect(Object.keys(waves).sort()).toEqual([
      "addon-argo-rollouts",
      "addon-cert-manager",
      "addon-cloudnative-pg",
      "addon-envoy-gateway",
      "addon-external-secrets",
      "addon-kube-prometheus-stack",
      "addon-kyverno",
      "addon-opencost",
      "addon-opentelemetry-collector",
      "addon-system-upgrade-controller",
      "app-triage",
      "argo-cd",
      "base",
      "platform",
      "root",
    ]);
    // The base folder (the store, the namespaces and the add-ons' Secrets) after External Secrets, before the add-ons that read them.
    expect(waves["addon-external-secrets"]).toBeLessThan(waves.base);
    expect(waves.base).toBeLessThan(waves["addon-kube-prometheus-stack"]);
    expect(waves.base).toBeLessThan(waves["addon-opentelemetry-collector"]);
    expect(waves["argo-cd"]).toBeLessThan(waves["addon-external-secrets"]);
    // The upgrade Plans of the platform folder need the controller's CRD; its sources are git folders, one type each.
    expect(waves["addon-system-upgrade-controller"]).toBeLessThan(waves.platform);
    expect(find(folder, "Application", "addon-system-upgrade-controller").spec.sources).toEqual([
      { repoURL: "https://github.com/rancher/system-upgrade-controller.git", targetRevision: "v0.20.1", path: "pkg/crds/yaml/generated", directory: { recurse: false } },
      // The tag's kustomization names an older controller image: the release's own is set.
      { repoURL: "https://github.com/rancher/system-upgrade-controller.git", targetRevision: "v0.20.1", path: ".", kustomize: { images: ["rancher/system-upgrade-controller:v0.20.1"] } },
    ]);
    // The guardrails are in force before the platform folder (their policies) and the apps sync.
    expect(waves["addon-kyverno"]).toBeLessThan(waves.platform);
    expect(waves["addon-cloudnative-pg"]).toBeLessThan(waves.platform);
    expect(waves.platform).toBeLessThan(waves["app-triage"]);
    expect(find(folder, "Application", "platform").spec.destination).toEqual({ server: "https://kubernetes.default.svc", namespace: "default" });
    expect(find(folder, "Application", "root").spec.source.path).toBe("clusters/home-d/argocd");
  });

  test("its servers bootstrap Argo CD with the same root and project as the folder holds", () => {
    const json = tree.stacks.find((s) => s.name === "home-d")!.json;
    const data: string = json.resource.proxmox_virtual_environment_file.server_1_user_data.source_raw[0].data;
    const file = parse(data).write_files.find((f: any) => f.path.endsWith("basecamp-argocd.yaml"));
    const docs = file.content.split("---\n").map((d: string) => parse(d));
    expect(docs.map((d: any) => d.kind)).toEqual(["HelmChart", "AppProject", "Application"]);
    expect(docs[0].spec).toMatchObject({ chart: "argo-cd", version: "10.1.1", targetNamespace: "argocd" });
    expect(docs[2]).toEqual(find(folder, "Application", "root"));
  });

  test("the hub does not register it", () => {
    expect(hub.some((o) => o.metadata.name === "cluster-home-d")).toBe(false);
    expect(applications.some((a) => a.name.startsWith("home-d"))).toBe(false);
  });
});
