import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import { SYSTEM_UPGRADE_NAMESPACE } from "../addons/system-upgrade-controller";

/** The image that replaces the K3s binary on a node (the K3s project's own). */
export const K3S_UPGRADE_IMAGE = "rancher/k3s-upgrade";

export interface K3sUpgradePlansProps {
  /** The K3s release every node runs, such as v1.35.9+k3s1. */
  readonly release: string;
  readonly labels: Record<string, string>;
}

/**
 * The system-upgrade-controller's Plans, after K3s's documented pair: the
 * servers one at a time, then the agents (each waits for the servers, and is
 * drained first). A new release in k3s-images.ts changes `version` here, and
 * the nodes upgrade in place: the VMs, their etcd and their volumes stay.
 */
export function k3sUpgradePlans(scope: Construct, id: string, props: K3sUpgradePlansProps): void {
  const controlPlane = "node-role.kubernetes.io/control-plane";
  const common = { concurrency: 1, cordon: true, serviceAccountName: SYSTEM_UPGRADE_NAMESPACE, version: props.release, upgrade: { image: K3S_UPGRADE_IMAGE } };
  new ApiObject(scope, `${id}-server`, {
    apiVersion: "upgrade.cattle.io/v1",
    kind: "Plan",
    metadata: { name: "server-plan", namespace: SYSTEM_UPGRADE_NAMESPACE, labels: props.labels },
    spec: { ...common, nodeSelector: { matchExpressions: [{ key: controlPlane, operator: "In", values: ["true"] }] } },
  });
  new ApiObject(scope, `${id}-agent`, {
    apiVersion: "upgrade.cattle.io/v1",
    kind: "Plan",
    metadata: { name: "agent-plan", namespace: SYSTEM_UPGRADE_NAMESPACE, labels: props.labels },
    spec: {
      ...common,
      nodeSelector: { matchExpressions: [{ key: controlPlane, operator: "DoesNotExist" }] },
      prepare: { image: K3S_UPGRADE_IMAGE, args: ["prepare", "server-plan"] },
      drain: { force: true, skipWaitForDeleteTimeout: 60 },
    },
  });
}
