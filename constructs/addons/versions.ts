/**
 * Every Helm chart an add-on installs, pinned to an exact version, each read
 * from its chart's repository (Chart.yaml and values.yaml at the release
 * tag). Renovate keeps them current (renovate.json).
 */
export const CHARTS = {
  argoCd: { repoURL: "https://argoproj.github.io/argo-helm", chart: "argo-cd", version: "10.1.1" },
  externalSecrets: { repoURL: "https://charts.external-secrets.io", chart: "external-secrets", version: "2.9.0" },
  certManager: { repoURL: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.21.1" },
  externalDns: { repoURL: "https://kubernetes-sigs.github.io/external-dns/", chart: "external-dns", version: "1.21.1" },
  // OCI only: Argo CD reads oci:// sources natively from 3.1.
  envoyGateway: { repoURL: "oci://docker.io/envoyproxy/gateway-helm", version: "v1.9.0" },
  argoRollouts: { repoURL: "https://argoproj.github.io/argo-helm", chart: "argo-rollouts", version: "2.41.0" },
  // Cluster autoscaler 1.35.0, for Kubernetes 1.35 (its minor follows Kubernetes's).
  clusterAutoscaler: { repoURL: "https://kubernetes.github.io/autoscaler", chart: "cluster-autoscaler", version: "9.59.0" },
  // metrics-server 0.8.1: the resource metrics the apps' HorizontalPodAutoscalers read (EKS has none of its own).
  metricsServer: { repoURL: "https://kubernetes-sigs.github.io/metrics-server/", chart: "metrics-server", version: "3.13.1" },
  // Kyverno 1.19.0: serves policies.kyverno.io/v1 (first in 1.17, chart 3.7.0).
  kyverno: { repoURL: "https://kyverno.github.io/kyverno/", chart: "kyverno", version: "3.9.0" },
  cloudnativePg: { repoURL: "https://cloudnative-pg.github.io/charts", chart: "cloudnative-pg", version: "0.29.0" },
  kubePrometheusStack: { repoURL: "https://prometheus-community.github.io/helm-charts", chart: "kube-prometheus-stack", version: "88.5.3" },
  // Loki and Tempo's open-source charts moved to grafana-community in 2026.
  loki: { repoURL: "https://grafana-community.github.io/helm-charts", chart: "loki", version: "18.11.0" },
  tempo: { repoURL: "https://grafana-community.github.io/helm-charts", chart: "tempo", version: "2.2.4" },
  otelCollector: { repoURL: "https://open-telemetry.github.io/opentelemetry-helm-charts", chart: "opentelemetry-collector", version: "0.170.0" },
  opencost: { repoURL: "https://opencost.github.io/opencost-helm-chart", chart: "opencost", version: "2.5.17" },
  // YACE v0.67.0: CloudWatch metrics (the RDS instances') into Prometheus.
  // stackdriver_exporter v0.19.0: Cloud Monitoring metrics (the Cloud SQL instances') into Prometheus.
  stackdriverExporter: { repoURL: "https://prometheus-community.github.io/helm-charts", chart: "prometheus-stackdriver-exporter", version: "4.13.0" },
  // azure-metrics-exporter 25.12.0: Azure Monitor metrics (the flexible servers') into Prometheus.
  azureMetricsExporter: { repoURL: "https://webdevops.github.io/helm-charts", chart: "azure-metrics-exporter", version: "1.2.11" },
  cloudwatchExporter: { repoURL: "https://prometheus-community.github.io/helm-charts", chart: "prometheus-yet-another-cloudwatch-exporter", version: "0.47.0" },
} as const;

/**
 * Argo CD itself, newer than chart 10.1.1's default (v3.4.4): v3.4.7 fixes RollingSync marking every
 * Application of a set whose template has `automated` as Waiting again on each pass (argo-cd cbd768784b).
 */
export const ARGOCD_IMAGE = "quay.io/argoproj/argocd:v3.4.7";

/** Add-ons whose project publishes no Helm chart: a git repository at an exact release tag. */
export const GIT_RELEASES = {
  // renovate: datasource=github-tags depName=rancher/system-upgrade-controller
  systemUpgradeController: { repoURL: "https://github.com/rancher/system-upgrade-controller.git", version: "v0.20.1" },
} as const;
