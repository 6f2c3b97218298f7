import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";

/** The cluster autoscaler of EKS's workload pool (GKE and AKS scale their pools themselves). */
export const clusterAutoscaler: AddOn = {
  name: "cluster-autoscaler",
  namespace: "kube-system",
  ...CHARTS.clusterAutoscaler,
  syncWave: -15,
  podSecurity: "privileged",
  values(cluster) {
    return {
      fullnameOverride: "cluster-autoscaler",
      cloudProvider: "aws",
      awsRegion: cluster.spec.region,
      autoDiscovery: { clusterName: cluster.name },
      rbac: { serviceAccount: { create: true, name: "cluster-autoscaler" } },
      extraArgs: { "balance-similar-node-groups": true, "skip-nodes-with-system-pods": false, expander: "least-waste" },
    };
  },
};
