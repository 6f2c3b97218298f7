import { BOOTSTRAP_DIR, HUB_DIR } from "../layout";
import { objectsOf, type Check, type Finding } from "./finding";
import { IN_CLUSTER_SERVER } from "../../constructs/argocd/types";

/** The name Argo CD gives the cluster it runs in while no cluster Secret names it. */
const IN_CLUSTER_NAME = "in-cluster";

/** Argo CD's glob for project destinations: `*` matches anything, the rest literally. */
function glob(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined || value === undefined) return false;
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(value);
}

/**
 * Every Application in bootstrap/ and hub/ is admitted by its project in the
 * state the hub is in when they first sync: no cluster Secret exists yet (the
 * hub's own comes from an ExternalSecret these Applications install), so the
 * hub is `in-cluster` at https://kubernetes.default.svc, and a destination
 * must match its project by that address or that name.
 */
export const bootstrapAdmission: Check = {
  name: "bootstrap-admission",
  run(tree) {
    const objects = objectsOf(tree);
    const projects = new Map(objects.filter((o) => o.object.kind === "AppProject" && (o.chart.dir === BOOTSTRAP_DIR || o.chart.dir === HUB_DIR)).map((o) => [o.object.metadata.name, o.object.spec as any]));
    const findings: Finding[] = [];
    for (const { object, label, origin, chart } of objects) {
      if (object.kind !== "Application" || (chart.dir !== BOOTSTRAP_DIR && chart.dir !== HUB_DIR)) continue;
      const spec = object.spec as any;
      const project = projects.get(spec.project);
      if (!project) {
        findings.push({ severity: "error", where: label, source: origin.source, message: `names project '${spec.project}', which bootstrap/ and hub/ do not hold` });
        continue;
      }
      const dst = spec.destination ?? {};
      // Before any cluster Secret, Argo CD knows one cluster: in-cluster, at its in-cluster address.
      const server = dst.server ?? (dst.name === IN_CLUSTER_NAME ? IN_CLUSTER_SERVER : undefined);
      const name = dst.name ?? (dst.server === IN_CLUSTER_SERVER ? IN_CLUSTER_NAME : undefined);
      const admitted = (project.destinations ?? []).some(
        // As Argo CD's project check: a destination matches by server or by name, and by namespace.
        (d: any) => glob(d.namespace, dst.namespace) && (glob(d.server, server) || glob(d.name, name)),
      );
      if (!admitted) {
        findings.push({
          severity: "error",
          where: label,
          source: origin.source,
          message: `targets ${dst.name ?? dst.server} (${dst.namespace}), which project '${spec.project}' refuses while the hub has no cluster Secret of its own (it is '${IN_CLUSTER_NAME}' then); admit ${IN_CLUSTER_SERVER}`,
        });
      }
    }
    return findings;
  },
};
