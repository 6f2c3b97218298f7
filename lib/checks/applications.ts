import { expandApplications, registeredClusters, type ExpandedApplication } from "../argo/applications";
import type { KubeObject } from "../pipeline/kubernetes";
import { objectsOf, type RenderedTree } from "./finding";

export interface TreeApplications {
  /** The Applications an object makes: itself if an Application, one per generated element if an ApplicationSet. */
  of(object: KubeObject): ExpandedApplication[];
}

const byTree = new WeakMap<object, TreeApplications>();

/** The Argo CD objects' Applications, expanded for the tree's registered clusters once however many checks read them. */
export function treeApplications(tree: Pick<RenderedTree, "charts">): TreeApplications {
  let found = byTree.get(tree.charts);
  if (!found) {
    const clusters = registeredClusters(objectsOf(tree).map((o) => o.object));
    const expanded = new Map<KubeObject, ExpandedApplication[]>();
    const of = (object: KubeObject) => {
      let apps = expanded.get(object);
      if (!apps) {
        apps = expandApplications([object], clusters);
        expanded.set(object, apps);
      }
      return apps;
    };
    found = { of };
    byTree.set(tree.charts, found);
  }
  return found;
}
