import { named, type Check } from "./check";

/** A retired database must be gone from the description: on its cluster, no app of that name keeps a database. */
export const checkRetired: Check = (p, add) => {
  const clusters = named(p.clusters).map((c) => c.name);
  const list = Array.isArray(p.retired.databases) ? p.retired.databases : [];
  list.forEach((entry: unknown, i: number) => {
    if (typeof entry !== "string" || !entry.includes("/")) return;
    const [cluster, appName] = entry.split("/");
    const a = p.apps.find((x) => x.name === appName);
    const runsThere = a && (a.clusters === undefined || a.clusters === "all" ? clusters.includes(cluster) : Array.isArray(a.clusters) && a.clusters.includes(cluster));
    // In the app's failover order the cloud's managed database is what retires: the copy there is CloudNativePG's.
    const copy = Array.isArray(a?.failover) && a!.failover.includes(cluster);
    if (a?.database !== undefined && runsThere && !copy) {
      add(`retired.databases[${i}]`, `app '${appName}' still has a database on ${cluster}; remove apps[].database (or the cluster from the app) before retiring it`);
    }
  });
};
