import { objectsOf, type Check } from "./finding";

/** No name or label carries a cdk8s hash of the construct path: names are a contract. */
export const noGeneratedNames: Check = {
  name: "generated-names",
  run: (tree) =>
    objectsOf(tree)
      .filter(({ object }) => JSON.stringify(object).includes("cdk8s.io/metadata.addr"))
      .map(({ label, origin }) => ({
        severity: "error",
        where: label,
        source: origin.source,
        message: "carries the cdk8s.io/metadata.addr label, a hash of its construct path; select on explicit labels",
      })),
};
