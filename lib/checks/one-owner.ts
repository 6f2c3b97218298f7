import { laterClaims, objectsOf, type Check } from "./finding";

/** One cluster never receives the same object from two charts: their Argo CD applications would fight. */
export const oneOwnerPerObject: Check = {
  name: "one-owner",
  run: (tree) =>
    laterClaims(
      objectsOf(tree).map(({ chart, object: o, label, origin }) => ({
        key: [chart.cluster, o.apiVersion.split("/")[0], o.kind, o.metadata.namespace ?? "", o.metadata.name].join("|"),
        owner: chart.id,
        label,
        origin,
        cluster: chart.cluster,
      })),
    ).map(({ claim, first }) => ({
      severity: "error",
      where: claim.label,
      source: claim.origin.source,
      message: `is also rendered for cluster ${claim.cluster} by [${first}]; two Argo CD applications would fight over it`,
    })),
};
