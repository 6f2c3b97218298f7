import { matchesSelector, registeredClusters } from "../argo/applications";
import { objectsOf, type Check, type Finding } from "./finding";

/** Every cluster generator of every ApplicationSet selects at least one registered cluster: a selector that matches none is a typo or a cluster that never registers. */
export const clustersAreSelected: Check = {
  name: "cluster-selectors",
  run(tree) {
    const all = objectsOf(tree);
    const clusters = registeredClusters(all.map((o) => o.object));
    const findings: Finding[] = [];
    for (const { object, label, origin } of all) {
      if (object.kind !== "ApplicationSet") continue;
      ((object.spec as any).generators as any[]).forEach((g, i) => {
        if (!g.clusters) return;
        if (!clusters.some((c) => matchesSelector(c.labels, g.clusters.selector))) {
          findings.push({ severity: "error", where: label, source: origin.source, message: `generators[${i}] selects no registered cluster (${JSON.stringify(g.clusters.selector)}); registered: ${clusters.map((c) => c.name).join(", ") || "none"}` });
        }
      });
    }
    return findings;
  },
};
