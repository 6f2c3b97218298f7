import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";

/** The Gateway API controller that runs every cluster's public Gateway; it installs the Gateway API CRDs. */
export const GATEWAY_NAMESPACE = "envoy-gateway-system";
export const GATEWAY_CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";

export const envoyGateway: AddOn = {
  name: "envoy-gateway",
  namespace: GATEWAY_NAMESPACE,
  ...CHARTS.envoyGateway,
  syncWave: -20,
  provides: ["gateway.networking.k8s.io", "gateway.envoyproxy.io"],
  podSecurity: "restricted",
  serverSideApply: true,
  values: () => ({}),
};
