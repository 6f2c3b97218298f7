import { MONITORING, PROMETHEUS } from "../observability/signals";
import { customPricing } from "../../lib/cost/prices";
import type { AddOn } from "../argocd/add-on";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "./restricted";
import { CHARTS } from "./versions";

/**
 * OpenCost on every cluster: cost by namespace, pod and label from the
 * cluster's own Prometheus, at the rates of basecamp's dated price table
 * (the same `npm run cost` estimates with), so the two agree; its metrics
 * reach the hub like every other series.
 */
export const opencost: AddOn = {
  name: "opencost",
  namespace: "opencost",
  ...CHARTS.opencost,
  syncWave: -10,
  podSecurity: "restricted",
  values: (cluster) => ({
    podSecurityContext: RESTRICTED_POD,
    opencost: {
      // Without USE_CUSTOM_PROVIDER, OpenCost on a cloud node downloads that cloud's list prices and ignores ours.
      exporter: { defaultClusterId: cluster.name, extraEnv: { USE_CUSTOM_PROVIDER: "true" }, securityContext: RESTRICTED_CONTAINER },
      prometheus: { internal: { enabled: true, serviceName: PROMETHEUS.service, namespaceName: MONITORING, port: PROMETHEUS.port } },
      customPricing: { enabled: true, provider: "custom", costModel: customPricing(cluster) },
      ui: { enabled: false },
      metrics: { serviceMonitor: { enabled: true } },
    },
  }),
};
