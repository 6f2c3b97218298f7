import type { Provider } from "../../lib/model/schema";

/**
 * The key a cluster's External Secrets read a logical secret by (such as
 * triage/database), as each cloud's kit names it when Terraform writes it:
 * a path in Secrets Manager and Vault, dashes in Secret Manager, and the
 * bare name in the cluster's own Key Vault.
 */
export function backendKey(platform: string, cluster: { name: string; provider: Provider }, name: string): string {
  switch (cluster.provider) {
    case "aws":
    case "proxmox":
      return `${platform}/${cluster.name}/${name}`;
    case "gcp":
      return `${platform}-${cluster.name}-${name.replace(/\//g, "-")}`;
    case "azure":
      return name.replace(/\//g, "-");
  }
}
