import type { AddOn } from "../argocd/add-on";
import { awsWebIdentity } from "./aws-web-identity";
import { CHARTS } from "./versions";

/** cert-manager: each cluster's certificates, solved with DNS-01 in the platform's Route 53 zone (ambient credentials). */
export const certManager: AddOn = {
  name: "cert-manager",
  namespace: "cert-manager",
  ...CHARTS.certManager,
  syncWave: -20,
  provides: ["cert-manager.io", "acme.cert-manager.io"],
  podSecurity: "restricted",
  values(cluster, p) {
    const aws = awsWebIdentity(cluster, p);
    return {
      crds: { enabled: true, keep: true },
      serviceAccount: { name: "cert-manager" },
      // certmanager_certificate_expiration_timestamp_seconds feeds CertificateExpiring. The chart's ServiceMonitor would
      // sync in the same step as the monitoring CRDs and rename the Certificate's namespace to exported_namespace:
      // the platform folder scrapes it instead (a PodMonitor honouring the metric's labels).
      prometheus: { enabled: true, servicemonitor: { enabled: false } },
      ...(aws ? { extraEnv: aws.env, volumes: [aws.volume], volumeMounts: [aws.mount] } : {}),
    };
  },
};
