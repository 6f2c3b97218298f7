import { Construct } from "constructs";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ListTerraformIterator } from "cdktf";
import type { NodeSize } from "../../lib/model/common";
import { MACHINE_TYPES } from "../../lib/model/node-sizes";
import { GKE_WINDOW_FIRST_DAY, hourOf, MAINTENANCE } from "../cluster/maintenance";
import { POD_RANGE, SERVICE_RANGE } from "./gcp-network";

const GKE_MACHINES: Record<NodeSize, string> = MACHINE_TYPES.gcp;

/** The scopes of GKE's default node configuration: with a dedicated account, IAM decides the rest. */
const NODE_SCOPES = [
  "https://www.googleapis.com/auth/devstorage.read_only",
  "https://www.googleapis.com/auth/logging.write",
  "https://www.googleapis.com/auth/monitoring",
  "https://www.googleapis.com/auth/service.management.readonly",
  "https://www.googleapis.com/auth/servicecontrol",
  "https://www.googleapis.com/auth/trace.append",
];

export interface GcpKubernetesProps {
  readonly name: string;
  readonly project: string;
  readonly region: string;
  readonly zones: readonly string[];
  readonly version: string;
  readonly networkId: string;
  readonly subnetworkId: string;
  /** A /28 that overlaps nothing in the VPC, for the Google-managed control plane. */
  readonly controlPlaneCidr: string;
  /** Ranges that may reach the API (master authorized networks); may be a list reference. */
  readonly apiCidrs: string[];
  readonly system: { readonly count: number; readonly size: NodeSize };
  readonly workload: { readonly min: number; readonly max: number; readonly size: NodeSize };
  /** The node service account's id (6-30 characters). */
  readonly nodeAccountId: string;
  readonly labels: Record<string, string>;
  /** gke-security-groups@<domain>: Google Groups for RBAC, so RoleBindings can name a team's Google Group. @default off */
  readonly securityGroup?: string;
}

/**
 * A regional, VPC-native GKE cluster: private nodes running as a dedicated
 * least-privilege service account, Workload Identity, the API reachable from
 * the authorized networks only, Dataplane V2 enforcing NetworkPolicies, a
 * fixed system pool and an autoscaled workload pool across the zones.
 */
export class GcpKubernetes extends Construct {
  public readonly cluster: ContainerCluster;
  public readonly nodeAccount: ServiceAccount;

  constructor(scope: Construct, id: string, props: GcpKubernetesProps) {
    super(scope, id);
    this.nodeAccount = new ServiceAccount(this, "node-account", {
      accountId: props.nodeAccountId,
      displayName: `Nodes of GKE cluster ${props.name}`,
    });
    this.nodeAccount.overrideLogicalId("node_account");
    const role = new ProjectIamMember(this, "node-account-role", {
      project: props.project,
      role: "roles/container.defaultNodeServiceAccount",
      member: this.nodeAccount.member,
    });
    role.overrideLogicalId("node_account_role");

    // Application-layer secrets encryption: Kubernetes Secrets in etcd under a key of the project's, as EKS does with KMS.
    // Key rings and keys cannot be deleted in Cloud KMS; a destroy would only orphan them.
    const ring = new KmsKeyRing(this, "key-ring", { name: `${props.name}-secrets`, location: props.region, lifecycle: { preventDestroy: true } });
    ring.overrideLogicalId("secrets_key_ring");
    const key = new KmsCryptoKey(this, "secrets-key", { name: "kubernetes-secrets", keyRing: ring.id, rotationPeriod: "7776000s", purpose: "ENCRYPT_DECRYPT", lifecycle: { preventDestroy: true } });
    key.overrideLogicalId("secrets_key");
    const project = new DataGoogleProject(this, "project", { projectId: props.project });
    project.overrideLogicalId("project");
    const agent = new KmsCryptoKeyIamMember(this, "secrets-key-agent", {
      cryptoKeyId: key.id,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: `serviceAccount:service-\${${project.fqn}.number}@container-engine-robot.iam.gserviceaccount.com`,
    });
    agent.overrideLogicalId("secrets_key_agent");
    const authorized = ListTerraformIterator.fromList(props.apiCidrs);
    this.cluster = new ContainerCluster(this, "Resource", {
      name: props.name,
      location: props.region,
      nodeLocations: [...props.zones],
      network: props.networkId,
      subnetwork: props.subnetworkId,
      // Node pools are managed separately, so changing one never recreates the cluster.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      networkingMode: "VPC_NATIVE",
      datapathProvider: "ADVANCED_DATAPATH",
      ipAllocationPolicy: { clusterSecondaryRangeName: POD_RANGE, servicesSecondaryRangeName: SERVICE_RANGE },
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false, masterIpv4CidrBlock: props.controlPlaneCidr },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: authorized.dynamic({ cidr_block: authorized.value, display_name: "basecamp" }),
      },
      releaseChannel: { channel: "REGULAR" },
      // The channel upgrades and patches inside these windows only (a fixed first date: the same bytes every synth).
      maintenancePolicy: {
        recurringWindow: {
          startTime: `${GKE_WINDOW_FIRST_DAY}T${hourOf(MAINTENANCE.cluster.startHour)}:00Z`,
          endTime: `${GKE_WINDOW_FIRST_DAY}T${hourOf(MAINTENANCE.cluster.startHour + MAINTENANCE.cluster.hours)}:00Z`,
          recurrence: "FREQ=WEEKLY;BYDAY=SA,SU",
        },
      },
      minMasterVersion: props.version,
      workloadIdentityConfig: { workloadPool: `${props.project}.svc.id.goog` },
      authenticatorGroupsConfig: props.securityGroup ? { securityGroup: props.securityGroup } : undefined,
      // kube-prometheus-stack collects the metrics; GKE's managed collectors would scrape them twice.
      monitoringConfig: { managedPrometheus: { enabled: false } },
      deletionProtection: true,
      databaseEncryption: { state: "ENCRYPTED", keyName: key.id },
      // Set here as well: provider default_labels reach only a resource's `labels` field.
      resourceLabels: props.labels,
      nodeConfig: { serviceAccount: this.nodeAccount.email, oauthScopes: NODE_SCOPES },
      dependsOn: [role, agent],
    });
    this.cluster.overrideLogicalId("cluster");

    const pool = (name: "system" | "workload", size: NodeSize, scaling: { nodeCount?: number; autoscaling?: { totalMinNodeCount: number; totalMaxNodeCount: number } }) => {
      const p = new ContainerNodePool(this, `${name}-nodes`, {
        name,
        cluster: this.cluster.id,
        location: props.region,
        nodeLocations: [...props.zones],
        ...scaling,
        management: { autoRepair: true, autoUpgrade: true },
        upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
        nodeConfig: {
          machineType: GKE_MACHINES[size],
          serviceAccount: this.nodeAccount.email,
          oauthScopes: NODE_SCOPES,
          labels: { ...props.labels, "basecamp.dev/pool": name },
          resourceLabels: props.labels,
          workloadMetadataConfig: { mode: "GKE_METADATA" },
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        },
      });
      p.overrideLogicalId(`${name}_nodes`);
      return p;
    };
    // A regional pool's node_count is per zone.
    pool("system", props.system.size, { nodeCount: Math.max(1, Math.ceil(props.system.count / props.zones.length)) });
    pool("workload", props.workload.size, { autoscaling: { totalMinNodeCount: props.workload.min, totalMaxNodeCount: props.workload.max } });
  }

  /** The issuer of the cluster's service account tokens (public, with a discovery document). */
  static issuer(project: string, region: string, name: string): string {
    return `https://container.googleapis.com/v1/projects/${project}/locations/${region}/clusters/${name}`;
  }
}
