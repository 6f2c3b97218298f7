import { Construct } from "constructs";
import type { SecretsPart } from "../cluster/cloud-kit";
import { VaultKvSecretV2 } from "../bindings/vault-kv-secret";
import { vaultLocation, vaultPath } from "../cluster/secret-keys";

export interface ProxmoxSecretsProps {
  readonly server: string;
  /** The KV v2 mount. */
  readonly mount: string;
  readonly cluster: string;
}

/**
 * The homelab's Vault (or OpenBao) KV v2 mount as its secret backend.
 * Terraform writes the registration here; the cluster's databases are
 * CloudNativePG's, whose credentials are pushed here from the cluster.
 */
export class ProxmoxSecrets extends Construct implements SecretsPart {
  public readonly backendId: string;

  constructor(scope: Construct, id: string, private readonly props: ProxmoxSecretsProps) {
    super(scope, id);
    this.backendId = `${props.server.replace(/\/+$/, "")}/v1/${props.mount}/data/${vaultPath(props.cluster, "")}`;
  }

  /** The key External Secrets reads `name` by (the same location Terraform writes). */
  keyOf(name: string): string {
    return this.location(name).esoKey;
  }

  private location(name: string) {
    return vaultLocation(this.props.mount, vaultPath(this.props.cluster, name));
  }

  write(scope: Construct, id: string, name: string, value: string, sensitive: boolean): void {
    const data = sensitive ? { dataJsonWo: value, dataJsonWoVersion: 1 } : { dataJson: value };
    const where = this.location(name);
    const s = new VaultKvSecretV2(scope, `${id}-secret`, { mount: where.mount, name: where.path, ...data });
    s.overrideLogicalId(`${id.replace(/-/g, "_")}_secret`);
  }
}
