import { RESERVED_NAMESPACES } from "../model/reserved";
import type { Check, Finding } from "./finding";

/** Every add-on installs into a namespace no team may take (lib/model/reserved.ts). */
export const addOnNamespaces: Check = {
  name: "addon-namespaces",
  run(tree) {
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const c of tree.resolved.clusters) {
      for (const a of tree.addOns(c)) {
        if (seen.has(a.name)) continue;
        seen.add(a.name);
        if (!RESERVED_NAMESPACES.includes(a.namespace) && !a.namespace.startsWith("kube-")) {
          findings.push({ severity: "error", where: `add-on ${a.name}`, message: `installs into namespace '${a.namespace}', which a team could take; add it to RESERVED_NAMESPACES in lib/model/reserved.ts` });
        }
      }
    }
    return findings;
  },
};
