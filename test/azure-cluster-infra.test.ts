import { TerraformOutput, Testing } from "cdktf";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { AzureClusterInfra } from "../constructs/azure/azure-cluster-infra";
import { overlaps, parseCidr, type Cidr } from "../lib/model/cidr";
import type { Cluster } from "../lib/model/schema";
import { sampleCluster } from "./helpers/platform";

const TAGS = { "managed-by": "basecamp", stack: "azure-c" };

function synth(cluster: Cluster = sampleCluster("azure-c")) {
  return Testing.synthScope((scope) => {
    const infra = new AzureClusterInfra(scope, "cluster", { cluster, tags: TAGS });
    new TerraformOutput(scope, "network_id", { value: infra.networkId });
    new TerraformOutput(scope, "cluster_name", { value: infra.clusterName });
    new TerraformOutput(scope, "endpoint", { value: infra.endpoint });
  });
}

const json = (text: string) => JSON.parse(text);
const cidr = (text: string) => parseCidr(text)!;
const inside = (a: Cidr, b: Cidr) => a.prefix >= b.prefix && overlaps(a, b);
const withCidr = (range: string) => ({ ...sampleCluster("azure-c"), network: { cidr: range } }) as Cluster;

describe("AzureClusterInfra", () => {
  test("configures the provider with features only: no subscription in the output", () => {
    expect(json(synth()).provider).toEqual({ azurerm: [{ features: [{}] }] });
  });

  test("creates the resource group and VNet in the cluster's region and range", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(ResourceGroup, { name: "rg-azure-c", location: "westeurope", tags: TAGS });
    expect(out).toHaveResourceWithProperties(VirtualNetwork, {
      name: "vnet-azure-c",
      location: "westeurope",
      address_space: ["10.30.0.0/16"],
      resource_group_name: "${azurerm_resource_group.resource_group.name}",
      tags: TAGS,
    });
  });

  test("configures AKS with CNI Overlay, workload identity and tags", () => {
    expect(synth()).toHaveResourceWithProperties(KubernetesCluster, {
      name: "azure-c",
      dns_prefix: "azure-c",
      kubernetes_version: "1.32",
      identity: { type: "SystemAssigned" },
      network_profile: {
        network_plugin: "azure",
        network_plugin_mode: "overlay",
        pod_cidr: "100.64.0.0/16",
        service_cidr: "100.65.0.0/16",
        dns_service_ip: "100.65.0.10",
      },
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      tags: TAGS,
    });
  });

  test.each(["10.30.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/20"])(
    "keeps the node subnet of %s inside it and pods and services outside it and apart",
    (range) => {
      const r = json(synth(withCidr(range))).resource;
      const [nodes] = r.azurerm_subnet.nodes.address_prefixes;
      const net = r.azurerm_kubernetes_cluster.cluster.network_profile;
      expect(inside(cidr(nodes), cidr(range))).toBe(true);
      expect(overlaps(cidr(net.pod_cidr), cidr(range))).toBe(false);
      expect(overlaps(cidr(net.service_cidr), cidr(range))).toBe(false);
      expect(overlaps(cidr(net.pod_cidr), cidr(net.service_cidr))).toBe(false);
      expect(inside(cidr(`${net.dns_service_ip}/32`), cidr(net.service_cidr))).toBe(true);
    },
  );

  test("puts nodes in the lower half of the VNet", () => {
    expect(json(synth()).resource.azurerm_subnet.nodes).toEqual({
      name: "snet-nodes",
      address_prefixes: ["10.30.0.0/17"],
      resource_group_name: "${azurerm_resource_group.resource_group.name}",
      virtual_network_name: "${azurerm_virtual_network.network.name}",
    });
  });

  test.each([
    ["small", "Standard_D2s_v5"],
    ["medium", "Standard_D4s_v5"],
    ["large", "Standard_D8s_v5"],
  ] as const)("maps node size %s to %s", (size, vmSize) => {
    const cluster = { ...sampleCluster("azure-c"), nodes: { count: 2, size } } as Cluster;
    expect(json(synth(cluster)).resource.azurerm_kubernetes_cluster.cluster.default_node_pool).toEqual({
      name: "system",
      vm_size: vmSize,
      node_count: 2,
      vnet_subnet_id: "${azurerm_subnet.nodes.id}",
      zones: ["1", "2", "3"],
      temporary_name_for_rotation: "systemtmp",
      tags: TAGS,
    });
  });

  test("tags every resource that takes tags", () => {
    const r = json(synth()).resource;
    const tagged = [r.azurerm_resource_group.resource_group, r.azurerm_virtual_network.network, r.azurerm_kubernetes_cluster.cluster];
    for (const res of tagged) expect(res.tags).toEqual(TAGS);
  });

  test("exposes the contract's outputs as Terraform references", () => {
    expect(json(synth()).output).toEqual({
      network_id: { value: "${azurerm_virtual_network.network.id}" },
      cluster_name: { value: "${azurerm_kubernetes_cluster.cluster.name}" },
      endpoint: { value: "https://${azurerm_kubernetes_cluster.cluster.fqdn}" },
    });
  });

  test("rejects a VNet that overlaps the overlay pod range", () => {
    expect(() => synth(withCidr("100.64.0.0/12"))).toThrow(
      "[stack/cluster/kubernetes] network.cidr (100.64.0.0/12) overlaps the AKS pod range 100.64.0.0/16; choose a cluster range outside 100.64.0.0/15",
    );
  });

  test("rejects a VNet that overlaps the service range", () => {
    expect(() => synth(withCidr("100.65.0.0/16"))).toThrow(
      "[stack/cluster/kubernetes] network.cidr (100.65.0.0/16) overlaps the AKS service range 100.65.0.0/16; choose a cluster range outside 100.64.0.0/15",
    );
  });

  test("rejects a cluster of another provider", () => {
    expect(() => synth(sampleCluster("gcp-b"))).toThrow("AzureClusterInfra got a gcp cluster");
  });
});
