import { AzureBudget } from "../constructs/azure/azure-budget";
import { AzureDatabase, storageMb } from "../constructs/azure/azure-database";
import { AzureKubernetes } from "../constructs/azure/azure-kubernetes";
import { AzureNetwork } from "../constructs/azure/azure-network";
import { AzureSecrets } from "../constructs/azure/azure-secrets";
import { resources, sampleStacks, unitStack } from "./helpers/stacks";

const TAGS = { platform: "acme", cluster: "c", environment: "production", owner: "oncall" };

describe("AzureNetwork", () => {
  const json = unitStack("azurerm", (s) => new AzureNetwork(s, "network", { cidr: "10.30.0.0/16", location: "westeurope", name: "c", tags: TAGS })).json;

  test("a node subnet behind a NAT gateway on a static address, and a subnet delegated to PostgreSQL", () => {
    const subnets = resources(json, "azurerm_subnet");
    expect(subnets.nodes.address_prefixes).toEqual(["10.30.0.0/20"]);
    expect(subnets.database).toMatchObject({ address_prefixes: ["10.30.16.0/20"], delegation: [{ service_delegation: { name: "Microsoft.DBforPostgreSQL/flexibleServers" } }] });
    expect(resources(json, "azurerm_public_ip").nat_address).toMatchObject({ allocation_method: "Static", sku: "Standard" });
    expect(resources(json, "azurerm_subnet_nat_gateway_association").nat_association.subnet_id).toBe("${azurerm_subnet.nodes.id}");
  });
});

describe("AzureKubernetes", () => {
  const aks = (cidr = "10.30.0.0/16") =>
    unitStack("azurerm", (s) =>
      new AzureKubernetes(s, "kubernetes", {
        name: "c",
        location: "westeurope",
        resourceGroupName: "rg-c",
        version: "1.35",
        vnetCidr: cidr,
        nodeSubnetId: "subnet",
        zones: ["1", "2"],
        system: { count: 2, size: "small" },
        workload: { min: 2, max: 5, size: "medium" },
        apiCidrs: ["198.51.100.0/24"],
        egressReady: [],
        adminGroup: "00000000-0000-4000-8000-000000000001",
        tags: TAGS,
      }),
    ).json;

  test("Entra ID with Azure RBAC, local accounts off, the API limited to the given ranges", () => {
    expect(resources(aks(), "azurerm_kubernetes_cluster").cluster).toMatchObject({
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, admin_group_object_ids: ["00000000-0000-4000-8000-000000000001"] },
      local_account_disabled: true,
      api_server_access_profile: { authorized_ip_ranges: ["198.51.100.0/24"] },
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      sku_tier: "Standard",
      network_profile: { network_plugin_mode: "overlay", network_policy: "cilium", network_data_plane: "cilium", outbound_type: "userAssignedNATGateway" },
    });
  });

  test("the control plane's identity holds Network Contributor on its subnet before the cluster exists", () => {
    const json = aks();
    expect(resources(json, "azurerm_role_assignment").control_plane_subnet_role).toMatchObject({ scope: "subnet", role_definition_name: "Network Contributor" });
    expect(resources(json, "azurerm_kubernetes_cluster").cluster.depends_on).toEqual(["azurerm_role_assignment.control_plane_subnet_role"]);
    expect(resources(json, "azurerm_kubernetes_cluster").cluster.identity).toMatchObject({ type: "UserAssigned" });
  });

  test("a system pool for critical add-ons only, and an autoscaled workload pool", () => {
    const json = aks();
    expect(resources(json, "azurerm_kubernetes_cluster").cluster.default_node_pool).toMatchObject({ node_count: 2, only_critical_addons_enabled: true, zones: ["1", "2"] });
    expect(resources(json, "azurerm_kubernetes_cluster_node_pool").workload_nodes).toMatchObject({ auto_scaling_enabled: true, min_count: 2, max_count: 5 });
  });

  test("patches and node images only inside weekly windows; every pool at the control plane's minor", () => {
    const cluster = resources(aks(), "azurerm_kubernetes_cluster").cluster;
    expect(cluster.maintenance_window_auto_upgrade).toEqual({ frequency: "Weekly", interval: 1, day_of_week: "Sunday", start_time: "02:00", duration: 6, utc_offset: "+00:00" });
    expect(cluster.maintenance_window_node_os).toMatchObject({ frequency: "Weekly", day_of_week: "Saturday" });
    expect(cluster.default_node_pool.orchestrator_version).toBe("1.35");
    expect(resources(aks(), "azurerm_kubernetes_cluster_node_pool").workload_nodes.orchestrator_version).toBe("1.35");
  });

  test("a range that overlaps the overlay's pod range is refused with the fix", () => {
    expect(() => aks("100.64.0.0/12")).toThrow("[test/kubernetes] network.cidr (100.64.0.0/12) overlaps the AKS pod range 100.64.0.0/16; choose a cluster range outside 100.64.0.0/15");
  });
});

describe("AzureDatabase and AzureSecrets", () => {
  const json = unitStack("azurerm", (s) => {
    const db = new AzureDatabase(s, "database_triage", { name: "acme-c-triage", logicalId: "database_triage", resourceGroupName: "rg", location: "westeurope", dbName: "triage", size: "small", storageGb: 20, ha: true, zones: ["1", "2"], subnetId: "sub", vnetId: "vnet", tags: TAGS });
    const kv = new AzureSecrets(s, "secrets", { name: "kv-acme-c", resourceGroupName: "rg", location: "westeurope", tenantId: "t", writerGroup: "g", readerPrincipalId: "p", tags: TAGS });
    kv.write(s, "database_triage-credentials", "triage/database", db.credentials, true);
  }).json;

  test("private access only, zone-redundant, locked against deletion, password write-only", () => {
    expect(resources(json, "azurerm_postgresql_flexible_server").database_triage).toMatchObject({
      version: "17",
      public_network_access_enabled: false,
      delegated_subnet_id: "sub",
      high_availability: { mode: "ZoneRedundant", standby_availability_zone: "2" },
      administrator_password_wo: "${ephemeral.random_password.database_triage_password.result}",
      lifecycle: { prevent_destroy: true },
      storage_mb: 32768,
    });
    expect(resources(json, "azurerm_management_lock").database_triage_lock.lock_level).toBe("CanNotDelete");
  });

  test("storage sizes round up to what a flexible server accepts", () => {
    expect([20, 32, 33, 100, 1000].map(storageMb)).toEqual([32768, 32768, 65536, 131072, 1048576]);
  });

  test("Key Vault with RBAC and purge protection; the reader is granted each secret alone; values write-only", () => {
    expect(resources(json, "azurerm_key_vault").secrets_backend).toMatchObject({ rbac_authorization_enabled: true, purge_protection_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(resources(json, "azurerm_role_assignment").database_triage_credentials_reader).toMatchObject({ role_definition_name: "Key Vault Secrets User", scope: "${azurerm_key_vault_secret.database_triage_credentials_secret.resource_versionless_id}" });
    const secret = resources(json, "azurerm_key_vault_secret").database_triage_credentials_secret;
    expect(secret.value).toBeUndefined();
    expect(secret.value_wo_version).toBe(1);
  });
});

describe("AzureBudget", () => {
  test("over the cluster's tag, starting the month it is applied, never changed after", () => {
    const b = resources(unitStack("azurerm", (s) => new AzureBudget(s, "budget", { name: "acme-c", subscription: "sub-id", monthly: 700, alerts: [80], notify: ["a@acme.example"], tag: { name: "cluster", value: "c" } })).json, "azurerm_consumption_budget_subscription").budget;
    expect(b).toMatchObject({ subscription_id: "/subscriptions/sub-id", amount: 700, time_grain: "Monthly", filter: { tag: [{ name: "cluster", values: ["c"] }] }, lifecycle: { ignore_changes: ["time_period"] } });
    expect(b.time_period.start_date).toBe("${formatdate(\"YYYY-MM-01'T'00:00:00Z\", timestamp())}");
  });
});

describe("the Azure cluster stack of the sample", () => {
  test("Key Vault writes wait for the writer's role assignment to propagate (403 ForbiddenByRbac otherwise)", () => {
    const json = sampleStacks()["azure-c"];
    expect(resources(json, "time_sleep").secrets_backend_writer_propagation).toMatchObject({ create_duration: "120s", depends_on: ["azurerm_role_assignment.secrets_backend_writer"] });
    const secrets = Object.values<any>(resources(json, "azurerm_key_vault_secret"));
    expect(secrets.length).toBeGreaterThan(1);
    for (const s of secrets) expect(s.depends_on).toEqual(["time_sleep.secrets_backend_writer_propagation"]);
  });

  test("nodes reach their own API: the NAT gateway's address is authorized, and the cluster waits for the subnet's egress", () => {
    const json = sampleStacks()["azure-c"];
    const cluster = resources(json, "azurerm_kubernetes_cluster").cluster;
    expect(cluster.network_profile.outbound_type).toBe("userAssignedNATGateway");
    // Every public address of the cluster's NAT gateways is in the API's ranges, beside the description's and the hub's.
    const ranges: string = cluster.api_server_access_profile.authorized_ip_ranges;
    const natIps = Object.entries<any>(resources(json, "azurerm_nat_gateway_public_ip_association")).map(([, a]) => a.public_ip_address_id.replace(/^\$\{(.*)\.id\}$/, "$1"));
    expect(natIps).toEqual(["azurerm_public_ip.nat_address"]);
    for (const ip of natIps) expect(ranges).toContain(`${ip}.ip_address`);
    expect(ranges).toContain("data.terraform_remote_state.hub.outputs.egress_addresses");
    expect(cluster.depends_on).toEqual(expect.arrayContaining(["azurerm_subnet_nat_gateway_association.nat_association", "azurerm_nat_gateway_public_ip_association.nat_address_association"]));
  });

  test("the hub's Argo CD acts as an identity federated with the hub's issuer, admin of this AKS only", () => {
    const json = sampleStacks()["azure-c"];
    const creds = Object.values<any>(resources(json, "azurerm_federated_identity_credential")).filter((c) => c.parent_id === "${azurerm_user_assigned_identity.hub_identity.id}");
    expect(creds.map((c) => c.subject).sort()).toEqual(["system:serviceaccount:argocd:argocd-application-controller", "system:serviceaccount:argocd:argocd-server"]);
    for (const c of creds) expect(c.issuer).toBe("${data.terraform_remote_state.hub.outputs.oidc_issuer}");
    expect(resources(json, "azurerm_role_assignment").hub_identity_admin).toMatchObject({ scope: "${azurerm_kubernetes_cluster.cluster.id}", role_definition_name: "Azure Kubernetes Service RBAC Cluster Admin" });
  });
});
