import { objectsOf, type Check, type Finding } from "./finding";
import type { StackOutput } from "../pipeline/terraform";
import { REGISTRY_STORE } from "../../constructs/argocd/cluster-secret";
import { vaultLocation } from "../../constructs/cluster/secret-keys";

type Backend = "aws" | "gcp" | "azure" | "vault";

/** The names of the secrets a stack writes to one backend, or to any. */
export function writtenSecrets(stack: StackOutput, backend?: Backend): Set<string> {
  const r = stack.json.resource ?? {};
  const of = (b: Backend, names: unknown[]) => (backend === undefined || backend === b ? names : []);
  const names = [
    ...of("aws", Object.values<any>(r.aws_secretsmanager_secret ?? {}).map((s) => s.name)),
    ...of("gcp", Object.values<any>(r.google_secret_manager_secret ?? {}).map((s) => s.secret_id)),
    ...of("azure", Object.values<any>(r.azurerm_key_vault_secret ?? {}).map((s) => s.name)),
    // Vault: where External Secrets finds what Terraform wrote (its key rules are vaultLocation's).
    ...of("vault", Object.values<any>(r.vault_kv_secret_v2 ?? {}).map((s) => vaultLocation(s.mount, s.name).esoKey)),
  ];
  return new Set(names.filter((n): n is string => typeof n === "string"));
}

/** The backend a cluster's own store reads (the hub's registry is Secrets Manager). */
const BACKEND: Record<string, Backend> = { aws: "aws", gcp: "gcp", azure: "azure", proxmox: "vault" };

/**
 * Every ExternalSecret reads a key its cluster's Terraform stack writes (the
 * hub's cluster registrations: a key the registered cluster's stack writes);
 * on AWS, the RDS instance whose password it finds by tag is in the stack.
 */
export const databaseSecretKeys: Check = {
  name: "external-secret-keys",
  run(tree) {
    const stacks = new Map(tree.stacks.map((s) => [s.name, s]));
    const findings: Finding[] = [];
    for (const { chart, object, label, origin } of objectsOf(tree)) {
      if (object.kind !== "ExternalSecret") continue;
      const spec = object.spec as any;
      const keys: string[] = [...(spec.dataFrom ?? []).flatMap((d: any) => (d.extract ? [d.extract.key] : [])), ...(spec.data ?? []).map((d: any) => d.remoteRef.key)];
      const registry = spec.secretStoreRef?.name === REGISTRY_STORE;
      for (const key of new Set(keys)) {
        // The hub's registry holds what each cluster's stack writes there (<platform>/<cluster>/...); everything else is the cluster's own.
        const owner = (registry || /^[^/]+\/[^/]+\/registration$/.test(key) ? key.split("/")[1] : undefined) ?? chart.cluster;
        const stack = stacks.get(owner);
        // Only the backend this store reads: a key another backend of the stack holds is not found.
        const backend = registry ? "aws" : BACKEND[tree.resolved.clusters.find((c) => c.name === chart.cluster)?.provider ?? "aws"];
        if (!stack || !writtenSecrets(stack, backend).has(key)) {
          findings.push({ severity: "error", where: label, source: origin.source, message: `reads '${key}', which the Terraform stack of ${owner} does not write` });
        }
      }
      for (const d of spec.dataFrom ?? []) {
        const arn: string | undefined = d.find?.tags?.["aws:rds:primaryDBInstanceArn"];
        if (!arn) continue;
        const id = arn.split(":db:")[1];
        const dbs = Object.values<any>(stacks.get(chart.cluster)?.json.resource?.aws_db_instance ?? {});
        if (!dbs.some((db) => db.identifier === id && db.manage_master_user_password === true)) {
          findings.push({ severity: "error", where: label, source: origin.source, message: `finds the password of RDS instance '${id}', which the stack of ${chart.cluster} does not manage with manage_master_user_password` });
        }
      }
    }
    return findings;
  },
};
