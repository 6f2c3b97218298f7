import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { formatCidr, host, overlaps, parseCidr } from "../../lib/model/cidr";
import type { NodeSize } from "../../lib/model/common";
import { MACHINE_TYPES } from "../../lib/model/node-sizes";
import { hourOf, MAINTENANCE } from "../cluster/maintenance";

const VM_SIZES: Record<NodeSize, string> = MACHINE_TYPES.azure;

function weekly(w: { day: string; startHour: number; hours: number }) {
  return { frequency: "Weekly", interval: 1, dayOfWeek: w.day, startTime: hourOf(w.startHour), duration: w.hours, utcOffset: "+00:00" };
}

/**
 * Overlay pod and service ranges, the same in every AKS cluster: neither is
 * routed outside the cluster, so they only have to miss the VNet. Shared
 * address space (RFC 6598) keeps them clear of the RFC 1918 ranges VNets use.
 */
export const AKS_POD_CIDR = parseCidr("100.64.0.0/16")!;
export const AKS_SERVICE_CIDR = parseCidr("100.65.0.0/16")!;

export interface AzureKubernetesProps {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly version: string;
  /** The VNet's range, which the pod and service ranges must miss. */
  readonly vnetCidr: string;
  readonly nodeSubnetId: string;
  readonly zones: readonly string[];
  readonly system: { readonly count: number; readonly size: NodeSize };
  readonly workload: { readonly min: number; readonly max: number; readonly size: NodeSize };
  /**
   * Ranges that may reach the API server. Nodes and pods reach it through the
   * NAT gateway (the outbound type), so these must hold the cluster's own egress.
   */
  readonly apiCidrs: string[];
  /** What must exist before the cluster: the node subnet's NAT associations (it has no default outbound access). */
  readonly egressReady: readonly ITerraformDependable[];
  /** The Entra ID group of the cluster's administrators. */
  readonly adminGroup: string;
  readonly tags: Record<string, string>;
}

/**
 * AKS with Entra ID and Azure RBAC (local accounts off), the API reachable
 * from authorized ranges only, Azure CNI Overlay with Cilium enforcing
 * NetworkPolicies, workload identity and the OIDC issuer, egress through
 * the subnet's NAT gateway, and a control plane identity that holds Network
 * Contributor on its subnet before the cluster is created.
 */
export class AzureKubernetes extends Construct {
  public readonly cluster: KubernetesCluster;

  constructor(scope: Construct, id: string, props: AzureKubernetesProps) {
    super(scope, id);
    const vnet = parseCidr(props.vnetCidr)!;
    for (const [what, range] of [["pod", AKS_POD_CIDR], ["service", AKS_SERVICE_CIDR]] as const) {
      if (overlaps(vnet, range)) {
        throw new Error(`[${this.node.path}] network.cidr (${props.vnetCidr}) overlaps the AKS ${what} range ${formatCidr(range)}; choose a cluster range outside 100.64.0.0/15`);
      }
    }
    const rg = { resourceGroupName: props.resourceGroupName, location: props.location };
    const identity = new UserAssignedIdentity(this, "identity", { name: `id-${props.name}-control-plane`, ...rg, tags: props.tags });
    identity.overrideLogicalId("control_plane_identity");
    const subnetRole = new RoleAssignment(this, "subnet-role", { scope: props.nodeSubnetId, roleDefinitionName: "Network Contributor", principalId: identity.principalId });
    subnetRole.overrideLogicalId("control_plane_subnet_role");

    this.cluster = new KubernetesCluster(this, "Resource", {
      name: props.name,
      ...rg,
      dnsPrefix: props.name,
      kubernetesVersion: props.version,
      skuTier: "Standard",
      nodeResourceGroup: `rg-${props.name}-nodes`,
      // Patches and node images come on their own, inside the windows; a minor moves with the description.
      automaticUpgradeChannel: "patch",
      nodeOsUpgradeChannel: "NodeImage",
      maintenanceWindowAutoUpgrade: weekly(MAINTENANCE.cluster),
      maintenanceWindowNodeOs: weekly(MAINTENANCE.nodeImages),
      defaultNodePool: {
        name: "system",
        vmSize: VM_SIZES[props.system.size],
        // Every pool follows the control plane's minor: a bump in the description moves them together.
        orchestratorVersion: props.version,
        nodeCount: props.system.count,
        vnetSubnetId: props.nodeSubnetId,
        zones: [...props.zones],
        onlyCriticalAddonsEnabled: true,
        nodeLabels: { "basecamp.dev/pool": "system" },
        // Lets a vm_size change rotate the pool instead of replacing the cluster.
        temporaryNameForRotation: "systemtmp",
        upgradeSettings: { maxSurge: "33%" },
        tags: props.tags,
      },
      identity: { type: "UserAssigned", identityIds: [identity.id] },
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkPolicy: "cilium",
        networkDataPlane: "cilium",
        podCidr: formatCidr(AKS_POD_CIDR),
        serviceCidr: formatCidr(AKS_SERVICE_CIDR),
        // .10 by convention; .1 is the kubernetes service.
        dnsServiceIp: host(AKS_SERVICE_CIDR, 10),
        outboundType: "userAssignedNATGateway",
      },
      apiServerAccessProfile: { authorizedIpRanges: props.apiCidrs },
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, adminGroupObjectIds: [props.adminGroup] },
      localAccountDisabled: true,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      tags: props.tags,
      dependsOn: [subnetRole, ...props.egressReady],
    });
    this.cluster.overrideLogicalId("cluster");

    const workload = new KubernetesClusterNodePool(this, "workload-nodes", {
      name: "workload",
      kubernetesClusterId: this.cluster.id,
      vmSize: VM_SIZES[props.workload.size],
      orchestratorVersion: props.version,
      vnetSubnetId: props.nodeSubnetId,
      zones: [...props.zones],
      autoScalingEnabled: true,
      minCount: props.workload.min,
      maxCount: props.workload.max,
      nodeLabels: { "basecamp.dev/pool": "workload" },
      upgradeSettings: { maxSurge: "33%" },
      tags: props.tags,
    });
    workload.overrideLogicalId("workload_nodes");
  }
}
