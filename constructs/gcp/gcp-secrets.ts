import { Construct } from "constructs";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { SecretManagerSecretVersion } from "@cdktf/provider-google/lib/secret-manager-secret-version";
import type { SecretsPart } from "../cluster/cloud-kit";

export interface GcpSecretsProps {
  readonly project: string;
  /** Secret ids start with this, such as basecamp-gcp-euw4-. */
  readonly prefix: string;
  /** The reader (External Secrets' service account), granted access to each secret alone. */
  readonly readerEmail: string;
}

/** Secret Manager as the cluster's secret backend; the reader may access exactly the secrets written here. */
export class GcpSecrets extends Construct implements SecretsPart {
  public readonly backendId: string;

  constructor(scope: Construct, id: string, private readonly props: GcpSecretsProps) {
    super(scope, id);
    this.backendId = `projects/${props.project}/secrets/${props.prefix}`;
  }

  keyOf(name: string): string {
    return `${this.props.prefix}${name.replace(/\//g, "-")}`;
  }

  write(scope: Construct, id: string, name: string, value: string, sensitive: boolean): void {
    const logical = id.replace(/-/g, "_");
    const secret = new SecretManagerSecret(scope, `${id}-secret`, { secretId: this.keyOf(name), replication: { auto: {} } });
    secret.overrideLogicalId(`${logical}_secret`);
    const version = new SecretManagerSecretVersion(scope, `${id}-value`, {
      secret: secret.id,
      ...(sensitive ? { secretDataWo: value, secretDataWoVersion: 1 } : { secretData: value }),
    });
    version.overrideLogicalId(`${logical}_value`);
    const reader = new SecretManagerSecretIamMember(scope, `${id}-reader`, {
      secretId: secret.id,
      role: "roles/secretmanager.secretAccessor",
      member: `serviceAccount:${this.props.readerEmail}`,
    });
    reader.overrideLogicalId(`${logical}_reader`);
  }
}
