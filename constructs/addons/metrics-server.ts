import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";

/**
 * The resource metrics API (metrics.k8s.io) on EKS, which the apps'
 * HorizontalPodAutoscalers read: GKE, AKS and K3s run their own. Two
 * replicas with a disruption budget: an HPA without metrics stops scaling.
 */
export const metricsServer: AddOn = {
  name: "metrics-server",
  namespace: "kube-system",
  ...CHARTS.metricsServer,
  syncWave: -15,
  podSecurity: "privileged",
  values: () => ({
    fullnameOverride: "metrics-server",
    replicas: 2,
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
  }),
};
