import type { AddOn } from "../argocd/add-on";
import { azureClientIdValues } from "./azure-client-id";
import { accountId } from "../gcp/gcp-kit";
import { CHARTS } from "./versions";

export const EXTERNAL_SECRETS_SA = "external-secrets";

/** External Secrets Operator: every Secret in the clusters comes from a secret backend, by reference. */
export const externalSecrets: AddOn = {
  name: "external-secrets",
  namespace: "external-secrets",
  ...CHARTS.externalSecrets,
  syncWave: -25,
  provides: ["external-secrets.io", "generators.external-secrets.io"],
  hubBootstrap: true,
  podSecurity: "restricted",
  serverSideApply: true,
  values(cluster) {
    const spec = cluster.spec;
    const sa: Record<string, unknown> = { name: EXTERNAL_SECRETS_SA };
    // GKE Workload Identity: the Google account's e-mail is known before apply.
    if (spec.provider === "gcp") sa.annotations = { "iam.gke.io/gcp-service-account": `${accountId(spec.name, "eso")}@${spec.project}.iam.gserviceaccount.com` };
    return {
      installCRDs: true,
      serviceAccount: sa,
      ...(spec.provider === "azure" ? { podLabels: { "azure.workload.identity/use": "true" } } : {}),
    };
  },
  // An AKS managed identity's client id is known only after apply: it comes from the registration.
  registrationValues: {
    azure: azureClientIdValues("external-secrets"),
  },
};
