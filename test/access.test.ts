/**
 * People reach the clusters as the description says: the platform's admins
 * on every EKS cluster, each team through the identity its cloud's
 * authenticator puts in tokens, and the team's RoleBinding names exactly that.
 */
import { renderSample } from "./helpers/platform";
import { resources } from "./helpers/stacks";

const ADMIN = "arn:aws:iam::111122223333:role/platform-admins";
const TEAM_ROLE = "arn:aws:iam::111122223333:role/oncall-engineers";
const ENTRA = "7d4e2f1a-3b5c-4d6e-8f9a-0b1c2d3e4f5a";

describe("access from the description", () => {
  const r = renderSample((p) => {
    p.platform.admins = { aws: [ADMIN] };
    p.clusters[1].securityGroup = "gke-security-groups@acme.example";
    p.teams[0].group = "oncall-engineers";
    p.teams[0].access = { awsRole: TEAM_ROLE, googleGroup: "oncall-engineers@acme.example", entraGroup: ENTRA };
  });
  const stack = (name: string) => r.stacks.find((s) => s.name === name)!.json;
  const binding = (cluster: string) => r.charts.filter((c) => c.cluster === cluster).flatMap((c) => c.objects).find((o) => o.kind === "RoleBinding" && o.metadata.name === "team") as any;

  test("EKS: the admins are cluster admins, the team's IAM role is its group; nobody else but the applier", () => {
    const entries = resources(stack("aws-a"), "aws_eks_access_entry");
    expect(entries.admin_0).toMatchObject({ principal_arn: ADMIN, type: "STANDARD" });
    expect(resources(stack("aws-a"), "aws_eks_access_policy_association").admin_0_policy.policy_arn).toBe("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
    expect(entries.team_0).toEqual(expect.objectContaining({ principal_arn: TEAM_ROLE, type: "STANDARD", kubernetes_groups: ["oncall-engineers"] }));
    expect(resources(stack("aws-a"), "aws_eks_access_policy_association").team_0_policy).toBeUndefined();
    expect(binding("aws-a").subjects).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "oncall-engineers" }]);
  });

  test("GKE: Google Groups for RBAC, the team's group may fetch credentials of this cluster only, and is the RoleBinding's subject", () => {
    const json = stack("gcp-b");
    expect(resources(json, "google_container_cluster").cluster.authenticator_groups_config).toEqual({ security_group: "gke-security-groups@acme.example" });
    expect(resources(json, "google_project_iam_member").team_oncall_viewer).toMatchObject({
      role: "roles/container.clusterViewer",
      member: "group:oncall-engineers@acme.example",
      condition: { expression: expect.stringContaining('endsWith("/locations/europe-west4/clusters/gcp-b")') },
    });
    expect(binding("gcp-b").subjects[0].name).toBe("oncall-engineers@acme.example");
  });

  test("AKS: the team's Entra group may fetch credentials, and its object id is the RoleBinding's subject", () => {
    expect(resources(stack("azure-c"), "azurerm_role_assignment").team_oncall_user).toMatchObject({
      scope: "${azurerm_kubernetes_cluster.cluster.id}",
      role_definition_name: "Azure Kubernetes Service Cluster User Role",
      principal_id: ENTRA,
      principal_type: "Group",
    });
    expect(binding("azure-c").subjects[0].name).toBe(ENTRA);
  });

  test("K3s: the group's name (client certificates carry it)", () => {
    expect(binding("home-d").subjects[0].name).toBe("oncall-engineers");
  });

  test("without the description's access, no entry is made and the GKE cluster keeps Google Groups off", () => {
    const plain = renderSample();
    const aws = plain.stacks.find((s) => s.name === "aws-a")!.json;
    expect(resources(aws, "aws_eks_access_entry")).toEqual({});
    expect(resources(plain.stacks.find((s) => s.name === "gcp-b")!.json, "google_container_cluster").cluster.authenticator_groups_config).toBeUndefined();
  });
});
