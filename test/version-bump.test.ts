/**
 * A minor bump in the description moves each cluster's control plane, its
 * nodes and its add-ons together, and nothing else: the sample is rendered
 * on 1.35 and on 1.36 and every changed attribute is listed.
 */
import { renderSample } from "./helpers/platform";

/** Leaf paths (resource type.id, then attribute path) whose values differ between two stacks' JSON. */
function changedLeaves(before: any, after: any): string[] {
  const out: string[] = [];
  const walk = (a: any, b: any, path: string) => {
    if (a && b && typeof a === "object" && typeof b === "object") {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path.slice(1));
  };
  for (const type of [...new Set([...Object.keys(before.resource ?? {}), ...Object.keys(after.resource ?? {})])].sort()) walk(before.resource?.[type], after.resource?.[type], `.${type}`);
  return out.filter((p) => !p.includes(".//"));
}

describe("a Kubernetes minor bump", () => {
  const on = (version: string) => {
    const r = renderSample((p: any) => p.clusters.forEach((c: any) => (c.kubernetesVersion = version)));
    return { stacks: Object.fromEntries(r.stacks.map((s: any) => [s.name, s.json])), charts: r.charts };
  };
  const before = on("1.35");
  const after = on("1.36");
  const changes = (stack: string) => changedLeaves(before.stacks[stack], after.stacks[stack]);

  test("EKS: the control plane, both node groups (version and AMI release) and the add-ons built for the minor", () => {
    expect(changes("aws-a")).toEqual([
      "aws_eks_addon.addon_kube_proxy.addon_version",
      "aws_eks_cluster.cluster.version",
      "aws_eks_node_group.system_nodes.release_version",
      "aws_eks_node_group.system_nodes.version",
      "aws_eks_node_group.workload_nodes.release_version",
      "aws_eks_node_group.workload_nodes.version",
    ]);
    const groups = after.stacks["aws-a"].resource.aws_eks_node_group;
    expect(groups.system_nodes).toMatchObject({ version: "1.36", ami_type: "AL2023_x86_64_STANDARD", release_version: expect.stringMatching(/^1\.36\.\d+-\d{8}$/) });
  });

  test("AKS: the control plane and every pool's orchestrator version", () => {
    expect(changes("azure-c")).toEqual([
      "azurerm_kubernetes_cluster.cluster.default_node_pool.orchestrator_version",
      "azurerm_kubernetes_cluster.cluster.kubernetes_version",
      "azurerm_kubernetes_cluster_node_pool.workload_nodes.orchestrator_version",
    ]);
  });

  test("GKE: the control plane's minimum; the release channel moves the nodes", () => {
    expect(changes("gcp-b")).toEqual(["google_container_cluster.cluster.min_master_version"]);
  });

  test("K3s: only the first-boot snippets (which no VM reads again) and, in git, the upgrade Plans", () => {
    expect(changes("home-d").every((p) => /^proxmox_virtual_environment_file\.\w+_user_data\.source_raw\[0\]\.data$/.test(p))).toBe(true);
    const plans = (c: readonly any[]) => c.filter((x) => x.cluster === "home-d").flatMap((x) => x.objects).filter((o: any) => o.kind === "Plan").map((o: any) => o.spec.version);
    expect(plans(before.charts)).toEqual(["v1.35.9+k3s1", "v1.35.9+k3s1"]);
    expect(plans(after.charts)).toEqual(["v1.36.5+k3s1", "v1.36.5+k3s1"]);
  });
});
