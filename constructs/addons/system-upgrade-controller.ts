import type { AddOn } from "../argocd/add-on";
import { GIT_RELEASES } from "./versions";

/** Where the controller and its upgrade jobs run. */
export const SYSTEM_UPGRADE_NAMESPACE = "system-upgrade";

/**
 * Rancher's system-upgrade-controller on K3s clusters: it upgrades K3s in
 * place, node by node, to the release a Plan names (k3s-upgrade-plans.ts),
 * so a new release never rebuilds a VM. Upstream publishes no chart: its
 * kustomization and its CRD, at the pinned tag. Its jobs replace the K3s
 * binary on the host, hence privileged.
 */
export const systemUpgradeController: AddOn = {
  name: "system-upgrade-controller",
  namespace: SYSTEM_UPGRADE_NAMESPACE,
  ...GIT_RELEASES.systemUpgradeController,
  folders: [
    { path: "pkg/crds/yaml/generated", kind: "directory" },
    // The tag's kustomization still names an older image (v0.14.0 at v0.20.1): set the release's own.
    { path: ".", kind: "kustomize", images: [`rancher/system-upgrade-controller:${GIT_RELEASES.systemUpgradeController.version}`] },
  ],
  syncWave: -25,
  provides: ["upgrade.cattle.io"],
  podSecurity: "privileged",
  values: () => ({}),
};
