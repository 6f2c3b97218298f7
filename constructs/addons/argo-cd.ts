import type { Resolved, ResolvedCluster } from "../../lib/model/resolve";
import type { AddOn } from "../argocd/add-on";
import { ARGOCD_NAMESPACE } from "../argocd/types";
import { HUB_TOKEN_AUDIENCE } from "../gcp/gcp-hub-trust";
import { argocdHost } from "../observability/hub-routes";
import { ARGOCD_IMAGE, CHARTS } from "./versions";

/** Where the hub's Argo CD finds its tokens for the clouds it federates with, and the GKE credential configurations. */
export const HUB_GCP_DIR = "/var/run/secrets/basecamp/gcp";
export const HUB_AZURE_TOKEN = "/var/run/secrets/basecamp/azure/token";
/** The Secret (made by External Secrets from the registrations) of the GKE clusters' credential configurations. */
export const GCP_CREDENTIALS_SECRET = "gcp-credentials";

/**
 * Argo CD waits for an Application's own health in an app-of-apps only with
 * this check (removed from the defaults in 1.8): sync waves of Applications
 * then order them. After Argo CD's operator manual, health.md.
 */
const APPLICATION_HEALTH = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs
`;

/**
 * An ApplicationSet is healthy unless its controller reports an error. The
 * built-in check says Progressing while any generated Application rolls
 * out, and hub/'s sync waves wait on it: one sick spoke would hold every
 * later change to hub/, the fix included.
 */
const APPLICATION_SET_HEALTH = `hs = { status = "Healthy", message = "" }
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "ErrorOccurred" and c.status == "True" then
      hs.status = "Degraded"
      hs.message = c.message
    end
  end
end
return hs
`;

/** How long one sync may run: longer than any hook basecamp renders (the database role Job's 15 minutes). */
export const SYNC_TIMEOUT_SECONDS = 1800;

/** The Secret (made by External Secrets from the hub's backend) Argo CD reads the OIDC client secret from. */
export const OIDC_SECRET = "argocd-oidc";

function oidcConfig(s: { issuer: string; clientID: string }): string {
  return [`name: SSO`, `issuer: ${s.issuer}`, `clientID: ${s.clientID}`, `clientSecret: $${OIDC_SECRET}:client-secret`, `requestedScopes: ["openid", "profile", "email", "groups"]`, ""].join("\n");
}

/** Who may do what through SSO: the platform's owner team is admin; every other team only what its project's role grants. */
function sso(p: Resolved) {
  const owner = p.teams.find((t) => t.name === p.platform.platform.owner);
  return { rbac: { "policy.default": "", scopes: "[groups]", "policy.csv": `g, ${owner?.group ?? owner?.name ?? p.platform.platform.owner}, role:admin\n` } };
}

/** Two replicas and a disruption budget, for the hub's components; elsewhere the chart's one. */
const HUB_HA = { replicas: 2, pdb: { enabled: true, minAvailable: 1 } };

/** The hub's controller and server reach GKE and AKS with projected tokens other clouds trust. */
function federation(p: Resolved) {
  const gcp = p.clusters.some((c) => c.provider === "gcp" && c.delivery === "push");
  const azure = p.clusters.some((c) => c.provider === "azure" && c.delivery === "push");
  const volumes: object[] = [];
  const mounts: object[] = [];
  if (gcp) {
    volumes.push({
      name: "basecamp-gcp",
      projected: {
        sources: [
          { serviceAccountToken: { audience: HUB_TOKEN_AUDIENCE, expirationSeconds: 3600, path: "token" } },
          { secret: { name: GCP_CREDENTIALS_SECRET, optional: true } },
        ],
      },
    });
    mounts.push({ name: "basecamp-gcp", mountPath: HUB_GCP_DIR, readOnly: true });
  }
  if (azure) {
    volumes.push({ name: "basecamp-azure", projected: { sources: [{ serviceAccountToken: { audience: "api://AzureADTokenExchange", expirationSeconds: 3600, path: "token" } }] } });
    mounts.push({ name: "basecamp-azure", mountPath: HUB_AZURE_TOKEN.replace(/\/token$/, ""), readOnly: true });
  }
  return volumes.length > 0 ? { volumes, volumeMounts: mounts } : {};
}

/**
 * Argo CD on the hub, managing itself, and on every pull-mode cluster. The
 * ApplicationSet controller honours each set's applicationsSync and runs
 * progressive syncs.
 */
export const argoCd: AddOn = {
  name: "argo-cd",
  namespace: ARGOCD_NAMESPACE,
  ...CHARTS.argoCd,
  syncWave: -30,
  provides: ["argoproj.io/Application", "argoproj.io/ApplicationSet", "argoproj.io/AppProject"],
  hubBootstrap: true,
  podSecurity: "restricted",
  serverSideApply: true,
  values(cluster: ResolvedCluster, p: Resolved) {
    const fed = cluster.isHub ? federation(p) : {};
    const [repository, tag] = ARGOCD_IMAGE.split(":");
    return {
      global: { image: { repository, tag } },
      crds: { install: true, keep: true },
      dex: { enabled: false },
      configs: {
        params: {
          "applicationsetcontroller.enable.policy.override": "true",
          "applicationsetcontroller.enable.progressive.syncs": "true",
          // A sync ends after 30 minutes (default: never), so a hook or wave that cannot finish fails the sync,
          // its retries run, and later changes (the fix among them) can sync.
          "controller.sync.timeout.seconds": String(SYNC_TIMEOUT_SECONDS),
          // TLS ends at the hub's Gateway, which routes argocd.<hub zone> here over plain HTTP.
          ...(cluster.isHub ? { "server.insecure": "true" } : {}),
        },
        ...(cluster.isHub && p.platform.platform.gitops.sso ? sso(p) : {}),
        cm: {
          // The URL people reach it at, through the hub's Gateway: SSO's callback and the git webhook.
          ...(cluster.isHub ? { url: `https://${argocdHost(p)}` } : {}),
          ...(cluster.isHub && p.platform.platform.gitops.sso ? { "oidc.config": oidcConfig(p.platform.platform.gitops.sso) } : {}),
          "application.resourceTrackingMethod": "annotation",
          "resource.customizations.health.argoproj.io_Application": APPLICATION_HEALTH,
          "resource.customizations.health.argoproj.io_ApplicationSet": APPLICATION_SET_HEALTH,
        },
      },
      // argocd_app_info feeds the sync SLO and the Application alerts. On the hub, which runs every cluster's
      // delivery, two of each (the controllers shard the clusters), kept apart by disruption budgets, and Redis
      // as three servers with Sentinel behind HAProxy (the chart's redis-ha, restricted-ready): one node's loss
      // costs no cache. Anti-affinity is preferred, not required, so a hub of two nodes still schedules them.
      controller: { ...fed, ...(cluster.isHub ? HUB_HA : {}), metrics: { enabled: true, serviceMonitor: { enabled: true } } },
      server: { ...fed, ...(cluster.isHub ? HUB_HA : {}) },
      ...(cluster.isHub ? { repoServer: HUB_HA, applicationSet: HUB_HA, "redis-ha": { enabled: true, hardAntiAffinity: false, haproxy: { hardAntiAffinity: false } } } : {}),
    };
  },
};
