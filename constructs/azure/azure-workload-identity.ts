import { Construct } from "constructs";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";

export interface AzureWorkloadIdentityProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The issuer whose tokens it accepts: the cluster's own, or the hub's. */
  readonly issuer: string;
  /** Service accounts that act as it, as system:serviceaccount:<ns>:<name>. */
  readonly subjects: readonly string[];
  readonly logicalId: string;
  readonly tags: Record<string, string>;
}

/** A user-assigned identity that Kubernetes service accounts act as (Entra workload identity federation). */
export class AzureWorkloadIdentity extends Construct {
  public readonly identity: UserAssignedIdentity;

  constructor(scope: Construct, id: string, props: AzureWorkloadIdentityProps) {
    super(scope, id);
    this.identity = new UserAssignedIdentity(this, "Resource", { name: props.name, resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags });
    this.identity.overrideLogicalId(props.logicalId);
    props.subjects.forEach((subject, i) => {
      const f = new FederatedIdentityCredential(this, `federation-${i}`, {
        name: subject.replace(/^system:serviceaccount:/, "").replace(/:/g, "-"),
        parentId: this.identity.id,
        resourceGroupName: props.resourceGroupName,
        audience: ["api://AzureADTokenExchange"],
        issuer: props.issuer,
        subject,
      });
      f.overrideLogicalId(`${props.logicalId}_federation_${i}`);
    });
  }
}
