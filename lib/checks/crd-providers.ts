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
 * there (that the add-on syncs first is the ordering check's).
 */
export const crdProviders: Check = {
  name: "crd-providers",
  run(tree) {
    const findings: Finding[] = [];
    const objects = objectsOf(tree);
    for (const cluster of tree.resolved.clusters) {
      const addOns = tree.addOns(cluster);
      for (const { object, label, origin } of objects.filter((o) => o.chart.cluster === cluster.name)) {
        const group = groupOf(object.apiVersion);
        if (group === undefined) continue;
        const provider = providerOf(addOns, object.apiVersion, object.kind);
        if (!provider) findings.push({ severity: "error", where: label, source: origin.source, message: `is a ${object.apiVersion} ${object.kind}, which no add-on of ${cluster.name} installs the CRD of` });
      }
    }
    return findings;
  },
};
