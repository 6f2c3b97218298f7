import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";

/** Argo Rollouts: the progressive delivery controller apps' canaries use. */
export const argoRollouts: AddOn = {
  name: "argo-rollouts",
  namespace: "argo-rollouts",
  ...CHARTS.argoRollouts,
  syncWave: -15,
  provides: ["argoproj.io/Rollout", "argoproj.io/AnalysisTemplate", "argoproj.io/AnalysisRun", "argoproj.io/Experiment"],
  podSecurity: "restricted",
  values: () => ({ installCRDs: true, keepCRDs: true, dashboard: { enabled: false } }),
};
