import { TRAITS } from "../../constructs/cluster/traits";
import { objectsOf, type Check, type Finding } from "./finding";

const DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";

/**
 * Every cluster has a default StorageClass (rendered where its provider has
 * none), and every volume basecamp asks for names a class that exists there:
 * PVCs, StatefulSet claim templates, CloudNativePG clusters, and the volumes
 * in add-on values (`persistence`, `volumeClaimTemplate`). A PVC without a
 * class on a cluster without a default stays Pending forever.
 */
export const storageClasses: Check = {
  name: "storage-classes",
  run(tree) {
    const findings: Finding[] = [];
    const objects = objectsOf(tree);
    for (const cluster of tree.resolved.clusters) {
      const traits = TRAITS[cluster.provider];
      const here = objects.filter((o) => o.chart.cluster === cluster.name);
      const rendered = here.filter((o) => o.object.kind === "StorageClass");
      const classes = new Set([...rendered.map((o) => o.object.metadata.name), ...(traits.rendersStorageClass ? [] : [traits.storageClass])]);
      const source = `clusters[${cluster.index}]`;
      const hasDefault = !traits.rendersStorageClass || rendered.some((o) => o.object.metadata.annotations?.[DEFAULT_CLASS] === "true");
      if (!hasDefault) {
        findings.push({ severity: "error", where: cluster.name, source, message: `a ${cluster.provider} cluster has no default StorageClass of its own, and none is rendered; every PVC without a class would stay Pending` });
      }
      const check = (where: string, origin: string | undefined, name: unknown) => {
        if (typeof name !== "string") findings.push({ severity: "error", where, source: origin ?? source, message: `asks for a volume without naming its StorageClass; name ${traits.storageClass}` });
        else if (!classes.has(name)) findings.push({ severity: "error", where, source: origin ?? source, message: `asks for StorageClass '${name}', which ${cluster.name} does not have (it has ${[...classes].sort().join(", ")})` });
      };
      for (const { object, label, origin } of here) {
        const spec = object.spec as any;
        if (object.kind === "PersistentVolumeClaim") check(label, origin.source, spec?.storageClassName);
        if (object.kind === "Cluster" && object.apiVersion.startsWith("postgresql.cnpg.io/")) check(label, origin.source, spec?.storage?.storageClass);
        for (const t of spec?.volumeClaimTemplates ?? []) check(label, origin.source, t.spec?.storageClassName);
      }
      for (const addOn of tree.addOns(cluster)) {
        for (const v of volumesIn(addOn.values(cluster, tree.resolved))) check(`${cluster.name}/values/${addOn.name}.yaml:${v.path}`, source, v.className);
      }
    }
    return findings;
  },
};

/** The volumes a chart's values ask for: enabled `persistence` blocks and `volumeClaimTemplate`s, with the class each names. */
export function volumesIn(values: unknown, path = ""): { path: string; className: unknown }[] {
  if (values === null || typeof values !== "object" || Array.isArray(values)) return [];
  const out: { path: string; className: unknown }[] = [];
  for (const [k, v] of Object.entries(values as Record<string, any>)) {
    const at = path ? `${path}.${k}` : k;
    if (k === "persistence" && v && typeof v === "object" && v.enabled !== false) out.push({ path: at, className: v.storageClass ?? v.storageClassName });
    else if (k === "volumeClaimTemplate" && v && typeof v === "object") out.push({ path: at, className: v.spec?.storageClassName });
    else out.push(...volumesIn(v, at));
  }
  return out;
}
