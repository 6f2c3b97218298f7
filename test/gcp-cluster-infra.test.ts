import { TerraformOutput, Testing } from "cdktf";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { GcpClusterInfra } from "../constructs/gcp/gcp-cluster-infra";
import { overlaps, parseCidr, type Cidr } from "../lib/model/cidr";
import type { Cluster } from "../lib/model/schema";
import { sampleCluster } from "./helpers/platform";

const TAGS = { "managed-by": "basecamp", stack: "gcp-b" };

function synth(cluster: Cluster = sampleCluster("gcp-b")) {
  return Testing.synthScope((scope) => {
    const infra = new GcpClusterInfra(scope, "cluster", { cluster, tags: TAGS });
    new TerraformOutput(scope, "network_id", { value: infra.networkId });
    new TerraformOutput(scope, "cluster_name", { value: infra.clusterName });
    new TerraformOutput(scope, "endpoint", { value: infra.endpoint });
  });
}

const json = (text: string) => JSON.parse(text);
const cidr = (text: string) => parseCidr(text)!;
const inside = (a: Cidr, b: Cidr) => a.prefix >= b.prefix && overlaps(a, b);

/** Every range the cluster uses, by role, as synthesized. */
function layout(resource: any): Record<string, string> {
  const sub = resource.google_compute_subnetwork.subnet;
  return {
    nodes: sub.ip_cidr_range,
    ...Object.fromEntries(sub.secondary_ip_range.map((s: any) => [s.range_name, s.ip_cidr_range])),
    controlPlane: resource.google_container_cluster.cluster.private_cluster_config.master_ipv4_cidr_block,
  };
}

describe("GcpClusterInfra", () => {
  test("creates a custom-mode VPC with Cloud NAT", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(ComputeNetwork, { name: "gcp-b", auto_create_subnetworks: false, routing_mode: "REGIONAL" });
    expect(out).toHaveResourceWithProperties(ComputeRouterNat, {
      router: "${google_compute_router.router.name}",
      source_subnetwork_ip_ranges_to_nat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
    });
  });

  test("lays nodes, services, the control plane and pods out in the cluster range", () => {
    const r = json(synth()).resource;
    const sub = r.google_compute_subnetwork.subnet;
    expect(sub.private_ip_google_access).toBe(true);
    expect(layout(r)).toEqual({
      nodes: "10.20.0.0/20",
      services: "10.20.16.0/20",
      controlPlane: "10.20.32.0/28",
      pods: "10.20.128.0/17",
    });
  });

  test.each(["10.20.0.0/16", "10.20.0.0/20", "10.0.0.0/8", "172.16.0.0/12"])(
    "keeps every range of %s inside it and apart from the others",
    (range) => {
      const cluster = { ...sampleCluster("gcp-b"), network: { cidr: range } } as Cluster;
      const entries = Object.entries(layout(json(synth(cluster)).resource));
      expect(entries).toHaveLength(4);
      for (const [name, text] of entries) {
        expect([name, inside(cidr(text), cidr(range))]).toEqual([name, true]);
      }
      for (const [i, [a, ta]] of entries.entries()) {
        for (const [b, tb] of entries.slice(i + 1)) {
          expect([a, b, overlaps(cidr(ta), cidr(tb))]).toEqual([a, b, false]);
        }
      }
    },
  );

  test("configures a private, VPC-native, regional cluster with workload identity", () => {
    expect(synth()).toHaveResourceWithProperties(ContainerCluster, {
      name: "gcp-b",
      location: "europe-west4",
      remove_default_node_pool: true,
      initial_node_count: 1,
      networking_mode: "VPC_NATIVE",
      ip_allocation_policy: { cluster_secondary_range_name: "pods", services_secondary_range_name: "services" },
      private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: false, master_ipv4_cidr_block: "10.20.32.0/28" },
      release_channel: { channel: "REGULAR" },
      min_master_version: "1.32",
      workload_identity_config: { workload_pool: "acme-prod-1.svc.id.goog" },
      deletion_protection: true,
      resource_labels: TAGS,
      network: "${google_compute_network.network.id}",
      subnetwork: "${google_compute_subnetwork.subnet.id}",
    });
  });

  test.each([
    ["small", "e2-standard-2"],
    ["medium", "e2-standard-4"],
    ["large", "e2-standard-8"],
  ] as const)("maps node size %s to %s", (size, machineType) => {
    const cluster = { ...sampleCluster("gcp-b"), nodes: { count: 2, size } } as Cluster;
    const out = synth(cluster);
    expect(out).toHaveResourceWithProperties(ContainerNodePool, { cluster: "${google_container_cluster.cluster.id}", node_count: 2 });
    // The matcher compares nested blocks whole, so the machine type is read from the JSON.
    expect(json(out).resource.google_container_node_pool.nodes.node_config.machine_type).toBe(machineType);
  });

  test("puts labels on the provider, the cluster and the nodes, with keys unchanged", () => {
    const out = json(synth());
    expect(out.provider.google).toEqual([{ project: "acme-prod-1", region: "europe-west4", default_labels: TAGS }]);
    const node = out.resource.google_container_node_pool.nodes.node_config;
    expect(node.labels).toEqual(TAGS);
    expect(node.resource_labels).toEqual(TAGS);
    expect(node.oauth_scopes).toEqual(["https://www.googleapis.com/auth/cloud-platform"]);
    expect(node.workload_metadata_config).toEqual({ mode: "GKE_METADATA" });
  });

  test("exposes the contract's outputs as Terraform references", () => {
    expect(json(synth()).output).toEqual({
      network_id: { value: "${google_compute_network.network.id}" },
      cluster_name: { value: "${google_container_cluster.cluster.name}" },
      endpoint: { value: "https://${google_container_cluster.cluster.endpoint}" },
    });
  });

  test("rejects a cluster of another provider", () => {
    expect(() => synth(sampleCluster("azure-c"))).toThrow("GcpClusterInfra got a azure cluster");
  });
});
