import { TRACING } from "../observability/signals";
import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";

export const TEMPO_STORAGE_GB = 50;

/** Tempo on the hub, for every cluster's traces (OTLP), kept a week on a persistent volume. */
export const tempo: AddOn = {
  name: "tempo",
  namespace: TRACING,
  ...CHARTS.tempo,
  syncWave: -15,
  podSecurity: "restricted",
  values: () => ({
    tempo: {
      retention: "168h",
      receivers: { otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } } },
      resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "1Gi" } },
    },
    persistence: { enabled: true, size: `${TEMPO_STORAGE_GB}Gi` },
  }),
};
