import { Construct } from "constructs";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import type { TerraformProvider } from "cdktf";
import type { SecretsPart } from "../cluster/cloud-kit";

export interface AwsSecretsProps {
  /** Every secret's name starts with this, such as basecamp/aws-euw1/. */
  readonly prefix: string;
  readonly region: string;
  readonly account: string;
}

/** AWS Secrets Manager as the cluster's secret backend: one KMS key, secrets under one name prefix. */
export class AwsSecrets extends Construct implements SecretsPart {
  public readonly key: KmsKey;
  public readonly backendId: string;
  /** ARNs of every secret under the prefix, for the readers' policies. */
  public readonly secretsArn: string;

  constructor(scope: Construct, id: string, private readonly props: AwsSecretsProps) {
    super(scope, id);
    this.key = new KmsKey(this, "Resource", { description: `Secrets under ${props.prefix}`, enableKeyRotation: true, deletionWindowInDays: 30 });
    this.key.overrideLogicalId("secrets_backend_key");
    this.secretsArn = `arn:aws:secretsmanager:${props.region}:${props.account}:secret:${props.prefix}*`;
    this.backendId = `arn:aws:secretsmanager:${props.region}:${props.account}:secret:${props.prefix}`;
  }

  keyOf(name: string): string {
    return `${this.props.prefix}${name}`;
  }

  write(scope: Construct, id: string, name: string, value: string, sensitive: boolean): void {
    writeSecret(scope, id, this.keyOf(name), value, { kmsKeyId: this.key.arn, sensitive });
  }
}

/**
 * A secret and its value: JSON of references that Terraform resolves at
 * apply, never a literal secret. Sensitive values go write-only, kept out of
 * the state too (bump the version to rotate).
 */
export function writeSecret(scope: Construct, id: string, name: string, value: string, opts: { kmsKeyId?: string; sensitive: boolean; provider?: TerraformProvider }): void {
  const logical = id.replace(/-/g, "_");
  const secret = new SecretsmanagerSecret(scope, `${id}-secret`, { name, kmsKeyId: opts.kmsKeyId, recoveryWindowInDays: 7, provider: opts.provider });
  secret.overrideLogicalId(`${logical}_secret`);
  const version = new SecretsmanagerSecretVersion(scope, `${id}-value`, {
    secretId: secret.id,
    ...(opts.sensitive ? { secretStringWo: value, secretStringWoVersion: 1 } : { secretString: value }),
    provider: opts.provider,
  });
  version.overrideLogicalId(`${logical}_value`);
}
