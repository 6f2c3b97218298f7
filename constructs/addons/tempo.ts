import { TRACING } from "../observability/signals";
import type { AddOn } from "../argocd/add-on";
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from "./restricted";
import { CHARTS } from "./versions";
import { storageClassOf } from "../cluster/traits";

export const TEMPO_STORAGE_GB = 50;

/** Tempo on the hub, for every cluster's traces (OTLP), kept a week on a persistent volume. */
export const tempo: AddOn = {
  name: "tempo",
  namespace: TRACING,
  ...CHARTS.tempo,
  syncWave: -15,
  podSecurity: "restricted",
  values: (cluster) => ({
    tempo: {
      retention: "168h",
      // OTLP only: the chart's default Jaeger receivers are merged in unless removed.
      receivers: { otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } }, jaeger: null },
      resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "1Gi" } },
      // The chart leaves the container's context empty; its namespace enforces restricted.
      securityContext: RESTRICTED_CONTAINER,
    },
    securityContext: RESTRICTED_POD,
    persistence: { enabled: true, size: `${TEMPO_STORAGE_GB}Gi`, storageClassName: storageClassOf(cluster.provider) },
  }),
};
