import type { Check, Finding } from "./finding";

/**
 * A Proxmox cluster that runs databases names where CloudNativePG archives
 * them (`backups`): without it nothing is backed up, and losing the host's
 * disks loses the data. A warning, since a homelab may accept it.
 */
export const databaseBackups: Check = {
  name: "database-backups",
  run(tree) {
    const findings: Finding[] = [];
    for (const c of tree.resolved.clusters) {
      if (c.spec.provider !== "proxmox" || c.spec.backups || !c.apps.some((a) => a.spec.database)) continue;
      findings.push({
        severity: "warning",
        where: c.name,
        source: `clusters[${c.index}]`,
        message: `runs ${c.apps.filter((a) => a.spec.database).map((a) => a.name).join(", ")}'s database with no backups: give it backups: { endpoint, bucket } (an S3-compatible store) so CloudNativePG archives its WAL and takes a daily base backup`,
      });
    }
    return findings;
  },
};
