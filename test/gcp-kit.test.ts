import { GcpBudget } from "../constructs/gcp/gcp-budget";
import { GcpDatabase } from "../constructs/gcp/gcp-database";
import { GcpHubTrust } from "../constructs/gcp/gcp-hub-trust";
import { accountId } from "../constructs/gcp/gcp-kit";
import { GcpKubernetes } from "../constructs/gcp/gcp-kubernetes";
import { GcpNetwork, gcpLayout } from "../constructs/gcp/gcp-network";
import { GcpSecrets } from "../constructs/gcp/gcp-secrets";
import { contains, formatCidr, overlaps, parseCidr } from "../lib/model/cidr";
import { resources, sampleStacks, unitStack } from "./helpers/stacks";

describe("GcpNetwork", () => {
  const net = (natAddresses: number) => unitStack("google", (s) => new GcpNetwork(s, "network", { cidr: "10.20.0.0/16", region: "europe-west4", name: "g", natAddresses })).json;

  test("the layout's ranges lie in the cluster's range and miss each other", () => {
    const range = parseCidr("10.20.0.0/16")!;
    const parts = Object.values(gcpLayout(range));
    parts.forEach((r, i) => {
      expect(contains(range, r)).toBe(true);
      parts.slice(i + 1).forEach((o) => expect({ a: formatCidr(r), b: formatCidr(o), overlap: overlaps(r, o) }).toMatchObject({ overlap: false }));
    });
  });

  test("Cloud NAT on static addresses, one per zone when asked, so other APIs can allow them", () => {
    const json = net(2);
    expect(Object.keys(resources(json, "google_compute_address"))).toEqual(["nat_address_0", "nat_address_1"]);
    expect(resources(json, "google_compute_router_nat").nat).toMatchObject({ nat_ip_allocate_option: "MANUAL_ONLY", nat_ips: ["${google_compute_address.nat_address_0.self_link}", "${google_compute_address.nat_address_1.self_link}"] });
  });

  test("a private service connection for Cloud SQL on its own block", () => {
    const json = net(1);
    expect(resources(json, "google_compute_global_address").service_range).toMatchObject({ purpose: "VPC_PEERING", address: "10.20.48.0", prefix_length: 20 });
    expect(resources(json, "google_service_networking_connection").service_connection.reserved_peering_ranges).toEqual(["${google_compute_global_address.service_range.name}"]);
  });
});

describe("GcpKubernetes", () => {
  const gke = unitStack("google", (s) =>
    new GcpKubernetes(s, "kubernetes", {
      name: "g",
      project: "p-123456",
      region: "europe-west4",
      zones: ["europe-west4-a", "europe-west4-b"],
      version: "1.35",
      networkId: "net",
      subnetworkId: "sub",
      controlPlaneCidr: "10.20.32.0/28",
      apiCidrs: ["198.51.100.0/24"],
      system: { count: 2, size: "small" },
      workload: { min: 2, max: 8, size: "medium" },
      nodeAccountId: "g-nodes",
      labels: { platform: "acme" },
    }),
  ).json;

  test("Kubernetes Secrets encrypted with a key of the project's, which GKE's service agent may use", () => {
    const c = resources(gke, "google_container_cluster").cluster;
    expect(c.database_encryption).toEqual({ state: "ENCRYPTED", key_name: "${google_kms_crypto_key.secrets_key.id}" });
    expect(c.depends_on).toContain("google_kms_crypto_key_iam_member.secrets_key_agent");
    expect(resources(gke, "google_kms_crypto_key_iam_member").secrets_key_agent).toMatchObject({
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: "serviceAccount:service-${data.google_project.project.number}@container-engine-robot.iam.gserviceaccount.com",
    });
    expect(resources(gke, "google_kms_crypto_key").secrets_key).toMatchObject({ rotation_period: "7776000s", lifecycle: { prevent_destroy: true } });
  });

  test("private nodes, Workload Identity, Dataplane V2, authorized networks from the given ranges", () => {
    const c = resources(gke, "google_container_cluster").cluster;
    expect(c).toMatchObject({
      private_cluster_config: { enable_private_nodes: true, master_ipv4_cidr_block: "10.20.32.0/28" },
      workload_identity_config: { workload_pool: "p-123456.svc.id.goog" },
      datapath_provider: "ADVANCED_DATAPATH",
      deletion_protection: true,
      min_master_version: "1.35",
    });
    expect(c.master_authorized_networks_config.dynamic.cidr_blocks).toEqual({
      for_each: '${toset(["198.51.100.0/24"])}',
      iterator: "each",
      content: { cidr_block: "${each.value}", display_name: "basecamp" },
    });
  });

  test("nodes run as a dedicated account with the node role only, never the default compute account", () => {
    expect(resources(gke, "google_service_account").node_account.account_id).toBe("g-nodes");
    expect(resources(gke, "google_project_iam_member").node_account_role.role).toBe("roles/container.defaultNodeServiceAccount");
    for (const pool of Object.values<any>(resources(gke, "google_container_node_pool"))) {
      expect(pool.node_config.service_account).toBe("${google_service_account.node_account.email}");
      expect(pool.node_config.oauth_scopes).not.toContain("https://www.googleapis.com/auth/cloud-platform");
      expect(pool.node_config.workload_metadata_config.mode).toBe("GKE_METADATA");
    }
    expect(resources(gke, "google_container_cluster").cluster.node_config.service_account).toBe("${google_service_account.node_account.email}");
  });

  test("a system pool per zone and an autoscaled workload pool", () => {
    const pools = resources(gke, "google_container_node_pool");
    expect(pools.system_nodes.node_count).toBe(1);
    expect(pools.workload_nodes.autoscaling).toEqual({ total_min_node_count: 2, total_max_node_count: 8 });
  });
});

describe("GcpDatabase and GcpSecrets", () => {
  const json = unitStack("google", (s) => {
    const net = new GcpNetwork(s, "network", { cidr: "10.20.0.0/16", region: "europe-west4", name: "g", natAddresses: 1 });
    const db = new GcpDatabase(s, "database_triage", { name: "g-triage", logicalId: "database_triage", region: "europe-west4", dbName: "triage", size: "small", storageGb: 20, ha: true, networkId: net.network.id, serviceConnection: net.serviceConnection, labels: { cluster: "g", owner: "oncall" } });
    const secrets = new GcpSecrets(s, "secrets", { project: "p-123456", prefix: "acme-g-", readerEmail: "eso@p.iam" });
    secrets.write(s, "database_triage-credentials", "triage/database", db.credentials, true);
  }).json;

  test("Cloud SQL with a private IP only, TLS required, regional, backed up, protected twice", () => {
    expect(resources(json, "google_sql_database_instance").database_triage).toMatchObject({
      database_version: "POSTGRES_17",
      deletion_protection: true,
      lifecycle: { prevent_destroy: true },
      settings: {
        availability_type: "REGIONAL",
        deletion_protection_enabled: true,
        ip_configuration: { ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" },
        backup_configuration: { enabled: true, point_in_time_recovery_enabled: true },
      },
    });
  });

  test("the password is ephemeral and written write-only, to the user and to the secret: never in state or JSON", () => {
    expect(json.ephemeral.random_password.database_triage_password).toEqual({ length: 40, special: false });
    expect(json.resource.random_password).toBeUndefined();
    expect(resources(json, "google_sql_user").database_triage_user).toMatchObject({ password_wo: "${ephemeral.random_password.database_triage_password.result}", password_wo_version: 1 });
    expect(resources(json, "google_sql_user").database_triage_user.password).toBeUndefined();
    const version = resources(json, "google_secret_manager_secret_version").database_triage_credentials_value;
    expect(version.secret_data).toBeUndefined();
    expect(version.secret_data_wo).toContain('"password" = ephemeral.random_password.database_triage_password.result');
  });

  test("Cloud SQL maintenance on Sunday, after the clusters' window", () => {
    expect(resources(json, "google_sql_database_instance").database_triage.settings.maintenance_window).toEqual({ day: 7, hour: 9, update_track: "stable" });
  });

  test("the instance is billed under the cluster's labels (provider default labels never reach user_labels)", () => {
    expect(resources(json, "google_sql_database_instance").database_triage.settings.user_labels).toEqual({ cluster: "g", owner: "oncall" });
  });

  test("the reader may access each written secret, nothing more", () => {
    expect(resources(json, "google_secret_manager_secret").database_triage_credentials_secret.secret_id).toBe("acme-g-triage-database");
    expect(resources(json, "google_secret_manager_secret_iam_member").database_triage_credentials_reader).toMatchObject({ role: "roles/secretmanager.secretAccessor", member: "serviceAccount:eso@p.iam" });
    expect(resources(json, "google_project_iam_member")).toEqual({});
  });
});

describe("GcpHubTrust", () => {
  const json = unitStack("google", (s) => new GcpHubTrust(s, "hub", { project: "p-123456", poolId: "acme-hub", hubIssuer: "https://issuer.example", subjects: ["system:serviceaccount:argocd:argocd-application-controller"], accountId: "g-argocd", cluster: { name: "g", location: "europe-west4", endpoint: "https://g.example", caCertificate: "Q0E=" } })).json;

  test("a pool whose provider trusts only the hub's issuer and its Argo CD service accounts", () => {
    expect(resources(json, "google_iam_workload_identity_pool_provider").hub_provider).toMatchObject({
      oidc: { issuer_uri: "https://issuer.example", allowed_audiences: ["basecamp-hub"] },
      attribute_condition: 'assertion.sub == "system:serviceaccount:argocd:argocd-application-controller"',
    });
    expect(resources(json, "google_service_account_iam_member").hub_impersonation_0.member).toBe(
      "principal://iam.googleapis.com/${google_iam_workload_identity_pool.hub_pool.name}/subject/system:serviceaccount:argocd:argocd-application-controller",
    );
  });
});

describe("GcpHubTrust's least privilege", () => {
  const json = unitStack("google", (s) => new GcpHubTrust(s, "hub", { project: "p-123456", poolId: "acme-hub", hubIssuer: "https://issuer.example", subjects: ["system:serviceaccount:argocd:argocd-application-controller"], accountId: "g-argocd", cluster: { name: "g", location: "europe-west4", endpoint: "https://g.example", caCertificate: "Q0E=" } })).json;

  test("in IAM the hub's account may only view its one cluster: no admin role on the project", () => {
    const grants = Object.values<any>(resources(json, "google_project_iam_member"));
    expect(grants.map((g) => g.role)).toEqual(["roles/container.clusterViewer"]);
    expect(grants[0].condition.expression).toBe('resource.type != "container.googleapis.com/Cluster" || resource.name.endsWith("/locations/europe-west4/clusters/g")');
  });

  test("its power is a Kubernetes binding inside that cluster, made with the applier's token", () => {
    expect(resources(json, "kubernetes_cluster_role_binding_v1").hub_account_binding).toMatchObject({
      role_ref: [{ kind: "ClusterRole", name: "cluster-admin" }],
      subject: [{ kind: "User", name: "${google_service_account.hub_account.email}" }],
    });
    expect(json.provider.kubernetes[0]).toEqual({ host: "https://g.example", cluster_ca_certificate: '${base64decode("Q0E=")}', token: "${data.google_client_config.applier.access_token}" });
  });
});

describe("GcpBudget", () => {
  test("over the cluster's label, in USD, with a channel per address", () => {
    const json = unitStack("google", (s) => new GcpBudget(s, "budget", { name: "acme-g", billingAccount: "012345-6789AB-CDEF01", monthly: 800, alerts: [50, 90], notify: ["a@acme.example"], label: { key: "cluster", value: "g" } })).json;
    const b = resources(json, "google_billing_budget").budget;
    expect(b).toMatchObject({ billing_account: "012345-6789AB-CDEF01", budget_filter: { labels: { cluster: "g" } }, amount: { specified_amount: { currency_code: "USD", units: "800" } } });
    expect(b.threshold_rules.map((r: any) => `${r.spend_basis} ${r.threshold_percent}`)).toEqual(["CURRENT_SPEND 0.5", "CURRENT_SPEND 0.9", "FORECASTED_SPEND 1"]);
  });
});

describe("the GCP cluster stack of the sample", () => {
  test("service account ids are 6-30 characters", () => {
    expect(accountId("a", "eso")).toMatch(/^[a-z][-a-z0-9]{5,29}$/);
    expect(accountId("a-very-long-cluster-name-of-forty-chars", "argocd").length).toBeLessThanOrEqual(30);
  });

  test("ExternalDNS and cert-manager reach Route 53 through a role trusting the GKE issuer", () => {
    const json = sampleStacks()["gcp-b"];
    expect(resources(json, "aws_iam_openid_connect_provider").aws_oidc_issuer).toMatchObject({
      url: "https://container.googleapis.com/v1/projects/acme-prod-1/locations/europe-west4/clusters/gcp-b",
      client_id_list: ["sts.amazonaws.com"],
      provider: "aws.platform",
    });
  });
});

describe("the GCP stack on a fresh project", () => {
  const json = () => sampleStacks()["gcp-b"];

  test("every Google resource waits for the APIs and their propagation, so the first apply does not meet SERVICE_DISABLED", () => {
    const apis = Object.keys(resources(json(), "google_project_service")).map((id) => `google_project_service.${id}`);
    expect(apis.length).toBeGreaterThan(5);
    expect(resources(json(), "time_sleep").apis_ready).toMatchObject({ create_duration: "60s", depends_on: apis });
    const google = Object.entries<any>(json().resource).filter(([type]) => type.startsWith("google_") && type !== "google_project_service");
    expect(google.length).toBeGreaterThan(10);
    for (const [type, byId] of google) for (const [id, r] of Object.entries<any>(byId)) expect({ r: `${type}.${id}`, waits: r.depends_on ?? [] }).toEqual({ r: `${type}.${id}`, waits: expect.arrayContaining(["time_sleep.apis_ready"]) });
  });

  test("GKE upgrades and patches inside a weekend window of at least 48 hours a month", () => {
    const w = resources(json(), "google_container_cluster").cluster.maintenance_policy.recurring_window;
    expect(w).toEqual({ start_time: "2026-01-04T02:00:00Z", end_time: "2026-01-04T08:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" });
    expect(new Date(w.start_time).getUTCDay()).toBe(0);
  });

  test("the budget's provider bills quota to the project (user credentials work); the others do not need Resource Manager for it", () => {
    const [main, billing] = json().provider.google;
    expect(main.user_project_override).toBeUndefined();
    expect(billing).toMatchObject({ alias: "billing", user_project_override: true, billing_project: "acme-prod-1" });
    expect(resources(json(), "google_billing_budget").budget.provider).toBe("google.billing");
    expect(Object.keys(resources(json(), "google_project_service"))).toEqual(expect.arrayContaining(["api_cloudresourcemanager", "api_serviceusage"]));
  });

  test("External Secrets' Workload Identity binding waits for the cluster, whose pool it names", () => {
    expect(resources(json(), "google_service_account_iam_member").external_secrets_account_workload_identity.depends_on).toContain("google_container_cluster.cluster");
  });
});
