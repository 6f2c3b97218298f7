import { argoSourcesExist } from "../checks/argo-sources";
import { bootstrapAdmission } from "../checks/bootstrap-admission";
import { crdProviders } from "../checks/crd-providers";
import { ordering } from "../checks/ordering";
import { databaseSecretKeys } from "../checks/database-secrets";
import type { Check, Finding, RenderedTree } from "../checks/finding";
import { flowsAllowed } from "../checks/flows";
import { oneSourceType } from "../checks/source-types";
import { storageClasses } from "../checks/storage-classes";
import { clustersInOrder, stackOrder } from "./plan";

/** A step of the walk that would stall, with why. */
export interface Stall {
  readonly step: string;
  readonly findings: readonly Finding[];
}

/**
 * Replays bringing the platform up in the order the controllers do it and
 * asks, at each step, what the controller would ask: the stacks in the
 * order of the state they read; the hub's bootstrap, whose Applications its
 * project must admit while the hub is still in-cluster; then each cluster in
 * the rollout order, whose Applications must have one source type each and
 * find their paths and values, whose objects and add-ons must find what
 * they wait for (CRDs, namespaces, Secrets, StorageClasses) made at an
 * earlier wave or rollout step of that cluster, their volumes a StorageClass, their flows
 * an open path through tenancy, and their secrets where the writer put them.
 * Returns every step that would stall, in order (none: it comes up).
 */
export function walk(tree: RenderedTree): Stall[] {
  const stalls: Stall[] = [];
  const at = (step: string, checks: readonly Check[], only: (f: Finding) => boolean = () => true) => {
    const findings = checks.flatMap((c) => c.run(tree)).filter(only);
    if (findings.length > 0) stalls.push({ step, findings });
  };
  const hub = tree.resolved.hub.name;
  stackOrder(tree.stacks); // throws on a cycle of state reads
  at(`install Argo CD on the hub (${hub}) and apply bootstrap/`, [bootstrapAdmission]);
  const onCluster = (name: string) => (f: Finding) => f.where.startsWith(`${name}--`) || f.where.startsWith(`${name}/`) || f.where === name;
  at("hub/ syncs wave by wave", [oneSourceType, argoSourcesExist], (f) => f.where.startsWith("hub/") || f.where.startsWith("bootstrap/"));
  for (const c of clustersInOrder(tree)) {
    const step = c.delivery === "pull" ? "pull mode" : `the fleet, ${c.provider} in the rollout order`;
    at(`${c.name}: its add-ons, base and platform folders and apps (${step})`, [oneSourceType, argoSourcesExist, crdProviders, ordering, storageClasses, flowsAllowed, databaseSecretKeys], onCluster(c.name));
  }
  return stalls;
}
