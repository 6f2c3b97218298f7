import type { AddOn } from "../../constructs/argocd/add-on";
import { groupOf } from "./crd-groups";
import { objectsOf, type Check, type Finding } from "./finding";

/** The add-on of `addOns` that installs the CRD of `apiVersion`/`kind`, if any. */
export function providerOf(addOns: readonly AddOn[], apiVersion: string, kind: string): AddOn | undefined {
  const group = groupOf(apiVersion);
  return addOns.find((a) => (a.provides ?? []).some((p) => p === group || p === `${group}/${kind}`));
}

/**
 * Every custom resource on a cluster is served by an add-on installed
 * there, and on a pull-mode cluster (whose own Argo CD syncs Applications in
 * waves) by one at an earlier wave than the folder that uses it: the
 * platform folder's Application syncs at wave -5, the apps at 0.
 */
export const crdProviders: Check = {
  name: "crd-providers",
  run(tree) {
    const findings: Finding[] = [];
    const objects = objectsOf(tree);
    for (const cluster of tree.resolved.clusters) {
      const addOns = tree.addOns(cluster);
      for (const { object, label, origin, chart } of objects.filter((o) => o.chart.cluster === cluster.name)) {
        const group = groupOf(object.apiVersion);
        if (group === undefined) continue;
        const provider = providerOf(addOns, object.apiVersion, object.kind);
        if (!provider) {
          findings.push({ severity: "error", where: label, source: origin.source, message: `is a ${object.apiVersion} ${object.kind}, which no add-on of ${cluster.name} installs the CRD of` });
          continue;
        }
        // The pull-mode folder's order: platform at -5, apps at 0; the argocd folder is Argo CD's own.
        const wave = chart.dir.endsWith("/platform") ? -5 : chart.dir.includes("/apps/") ? 0 : undefined;
        if (cluster.delivery === "pull" && wave !== undefined && provider.syncWave >= wave) {
          findings.push({ severity: "error", where: label, source: origin.source, message: `needs ${provider.name}'s CRD, whose Application syncs at wave ${provider.syncWave}, not before this folder's (${wave})` });
        }
      }
    }
    return findings;
  },
};
