import { treeApplications } from "./applications";
import { laterClaims, objectsOf, type Check } from "./finding";

/** Application names are unique in Argo CD's namespace, including those ApplicationSets will generate. */
export const uniqueApplicationNames: Check = {
  name: "application-names",
  run(tree) {
    const all = objectsOf(tree);
    const applications = treeApplications(tree);
    const claims = all.flatMap(({ chart, object, label, origin }) =>
      applications.of(object).map((app) => ({
        // Each Argo CD (the hub's, a pull-mode cluster's own) has its own namespace of names.
        key: `${chart.cluster}|${app.name}`,
        owner: label,
        app,
        label,
        origin,
      })),
    );
    return laterClaims(claims).map(({ claim, first }) => ({
      severity: "error",
      where: claim.label,
      source: claim.origin.source,
      message: `${claim.app.element ? `${claim.app.element}: ` : ""}Application '${claim.app.name}' is also made by [${first}]; rename an app or a cluster`,
    }));
  },
};
