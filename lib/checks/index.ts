import { argoSourcesExist } from "./argo-sources";
import { CheckError, type Check, type Finding, type RenderedTree } from "./finding";
import { noGeneratedNames } from "./generated-names";
import { oneOwnerPerObject } from "./one-owner";
import { uniqueApplicationNames } from "./application-names";
import { oneSourceType } from "./source-types";
import { projectKinds } from "./project-kinds";
import { compact } from "../pipeline/memory";
import { mark } from "../pipeline/timing";

/** Checks every tree gets, whatever capabilities render it; capabilities add their own. */
export const CORE_CHECKS: readonly Check[] = [argoSourcesExist, oneSourceType, projectKinds, uniqueApplicationNames, noGeneratedNames, oneOwnerPerObject];

/** Runs every check; throws with every error found, returns the warnings. */
export function runChecks(tree: RenderedTree, checks: readonly Check[]): Finding[] {
  const findings = checks.flatMap((c) => {
    const found = c.run(tree);
    compact();
    mark(`check ${c.name}`);
    return found;
  });
  const errors = findings.filter((f) => f.severity === "error");
  if (errors.length > 0) throw new CheckError(errors, tree.description);
  return findings.filter((f) => f.severity === "warning");
}
