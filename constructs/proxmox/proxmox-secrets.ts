import { Construct } from "constructs";
import type { SecretsPart } from "../cluster/cloud-kit";
import { VaultKvSecretV2 } from "../bindings/vault-kv-secret";

export interface ProxmoxSecretsProps {
  readonly server: string;
  /** The KV v2 mount. */
  readonly mount: string;
  /** Every secret's path starts with this, such as basecamp/home-lab/. */
  readonly prefix: string;
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
    this.backendId = `${props.server.replace(/\/+$/, "")}/v1/${props.mount}/data/${props.prefix}`;
  }

  keyOf(name: string): string {
    return `${this.props.prefix}${name}`;
  }

  write(scope: Construct, id: string, name: string, value: string, sensitive: boolean): void {
    const data = sensitive ? { dataJsonWo: value, dataJsonWoVersion: 1 } : { dataJson: value };
    const s = new VaultKvSecretV2(scope, `${id}-secret`, { mount: this.props.mount, name: this.keyOf(name), ...data });
    s.overrideLogicalId(`${id.replace(/-/g, "_")}_secret`);
  }
}
