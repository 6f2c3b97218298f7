import { Construct } from "constructs";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { SecretsPart } from "../cluster/cloud-kit";
import { TimeSleep } from "../bindings/time-sleep";

export interface AzureSecretsProps {
  /** 3-24 characters, globally unique. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tenantId: string;
  /** Who writes the secrets (the group whose members apply the stack). */
  readonly writerGroup: string;
  /** Who reads them: External Secrets' identity, granted each secret alone. */
  readonly readerPrincipalId: string;
  readonly tags: Record<string, string>;
}

/** How long a new Azure role assignment takes to reach Key Vault's data plane (AVM's key vault module waits as long). */
export const RBAC_PROPAGATION = "120s";

/** A Key Vault with Azure RBAC and purge protection as the cluster's secret backend. */
export class AzureSecrets extends Construct implements SecretsPart {
  public readonly vault: KeyVault;
  public readonly backendId: string;
  /** The writer's role assignment, and the wait for it to propagate: Key Vault answers 403 ForbiddenByRbac until it has. */
  private readonly writable: TimeSleep;

  constructor(scope: Construct, id: string, private readonly props: AzureSecretsProps) {
    super(scope, id);
    this.vault = new KeyVault(this, "Resource", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tenantId: props.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      tags: props.tags,
      // Its secrets are the cluster's registration and database credentials; purge protection keeps the name for 90 days.
      lifecycle: { preventDestroy: true },
    });
    this.vault.overrideLogicalId("secrets_backend");
    const writer = new RoleAssignment(this, "writer", { scope: this.vault.id, roleDefinitionName: "Key Vault Secrets Officer", principalId: props.writerGroup, principalType: "Group" });
    writer.overrideLogicalId("secrets_backend_writer");
    this.writable = new TimeSleep(this, "writer-propagation", { createDuration: RBAC_PROPAGATION, dependsOn: [writer] });
    this.writable.overrideLogicalId("secrets_backend_writer_propagation");
    this.backendId = this.vault.id;
  }

  keyOf(name: string): string {
    return name.replace(/\//g, "-");
  }

  write(scope: Construct, id: string, name: string, value: string, sensitive: boolean): void {
    const logical = id.replace(/-/g, "_");
    const secret = new KeyVaultSecret(scope, `${id}-secret`, {
      name: this.keyOf(name),
      keyVaultId: this.vault.id,
      contentType: "application/json",
      ...(sensitive ? { valueWo: value, valueWoVersion: 1 } : { value }),
      tags: this.props.tags,
      dependsOn: [this.writable],
    });
    secret.overrideLogicalId(`${logical}_secret`);
    const reader = new RoleAssignment(scope, `${id}-reader`, {
      scope: secret.resourceVersionlessId,
      roleDefinitionName: "Key Vault Secrets User",
      principalId: this.props.readerPrincipalId,
      principalType: "ServicePrincipal",
    });
    reader.overrideLogicalId(`${logical}_reader`);
  }
}
