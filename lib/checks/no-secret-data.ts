import { objectsOf, type Check } from "./finding";

/** No Secret with data in the rendered tree: secrets reach the clusters by reference (External Secrets) only. */
export const noSecretData: Check = {
  name: "no-secret-data",
  run: (tree) =>
    objectsOf(tree)
      .filter(({ object }) => object.kind === "Secret" && (object.data !== undefined || object.stringData !== undefined))
      .map(({ label, origin }) => ({
        severity: "error",
        where: label,
        source: origin.source,
        message: "is a Secret with data in git; put the value in the cluster's secret backend and render an ExternalSecret instead",
      })),
};
