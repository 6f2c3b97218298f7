import { Construct } from "constructs";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import type { ITerraformDependable } from "cdktf";

export interface GcpWorkloadAccountProps {
  readonly project: string;
  /** 6-30 characters. */
  readonly accountId: string;
  readonly description: string;
  /** The Kubernetes service account that acts as it (GKE Workload Identity). */
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly logicalId: string;
  /** The GKE cluster whose identity pool (<project>.svc.id.goog) the binding names: it exists only with a cluster. */
  readonly cluster: ITerraformDependable;
}

/** A Google service account that one Kubernetes service account acts as, with no roles of its own yet. */
export class GcpWorkloadAccount extends Construct {
  public readonly account: ServiceAccount;

  constructor(scope: Construct, id: string, props: GcpWorkloadAccountProps) {
    super(scope, id);
    if (props.accountId.length < 6 || props.accountId.length > 30) {
      throw new Error(`[${this.node.path}] 'accountId' (${props.accountId}) must be 6 to 30 characters`);
    }
    this.account = new ServiceAccount(this, "Resource", { accountId: props.accountId, displayName: props.description });
    this.account.overrideLogicalId(props.logicalId);
    const binding = new ServiceAccountIamMember(this, "workload-identity", {
      serviceAccountId: this.account.name,
      role: "roles/iam.workloadIdentityUser",
      member: `serviceAccount:${props.project}.svc.id.goog[${props.namespace}/${props.serviceAccount}]`,
      dependsOn: [props.cluster],
    });
    binding.overrideLogicalId(`${props.logicalId}_workload_identity`);
  }

  get email(): string {
    return this.account.email;
  }
}
