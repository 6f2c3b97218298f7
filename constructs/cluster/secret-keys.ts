import type { Cluster } from "../../lib/model/schema";

/**
 * Where a secret of a Vault (or OpenBao) KV v2 mount lives, for both sides:
 * Terraform writes `path` under `mount`; External Secrets reads (and
 * PushSecrets write) `esoKey`. ESO's Vault provider strips a leading
 * "<mount>/" (then "data/") from a key (providers/v1/vault/client_get.go,
 * buildPath), and older releases build the metadata path without that cut:
 * a key that starts with neither reads and writes <mount>/data/<key> and
 * <mount>/metadata/<key> in every release. So the path never starts with the
 * mount's name (the model refuses a mount named like its cluster).
 */
export function vaultLocation(mount: string, path: string): { mount: string; path: string; esoKey: string } {
  if (path.startsWith(`${mount}/`) || path.startsWith("data/")) throw new Error(`Vault path '${path}' starts with its mount '${mount}' or data/: External Secrets would read another path`);
  return { mount, path, esoKey: path };
}

/** The path below the mount where a cluster's logical secret (such as triage/database) lives: the mount is the platform's. */
export function vaultPath(cluster: string, name: string): string {
  return `${cluster}/${name}`;
}

/**
 * The key a cluster's External Secrets read a logical secret by (such as
 * triage/database), as each cloud's kit names it when Terraform writes it:
 * a path in Secrets Manager, dashes in Secret Manager, the bare name in the
 * cluster's own Key Vault, and the Vault location's ESO key.
 */
export function backendKey(platform: string, cluster: { name: string; spec: Cluster }, name: string): string {
  const spec = cluster.spec;
  switch (spec.provider) {
    case "aws":
      return `${platform}/${cluster.name}/${name}`;
    case "proxmox":
      return vaultLocation(spec.secrets.vault.path, vaultPath(cluster.name, name)).esoKey;
    case "gcp":
      return `${platform}-${cluster.name}-${name.replace(/\//g, "-")}`;
    case "azure":
      return name.replace(/\//g, "-");
  }
}
