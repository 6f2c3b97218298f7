import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { STACKDRIVER_EXPORTER } from "../addons/stackdriver-exporter";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { Aspects, dependable, GcsBackend, TerraformResource, TerraformStack } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { TimeProvider, TimeSleep } from "../bindings/time-sleep";
import { formatCidr, parseCidr } from "../../lib/model/cidr";
import type { GcpCluster } from "../../lib/model/schema";
import { dnsRole } from "../aws/aws-federated-role";
import { platformProvider } from "../aws/aws-kit";
import type { CloudKit, IdentityPart, KubernetesPart, NetworkPart } from "../cluster/cloud-kit";
import { databaseName, fitName } from "../cluster/names";
import { RandomProvider } from "../bindings/random-password";
import { GcpBudget } from "./gcp-budget";
import { GcpDatabase } from "./gcp-database";
import { GcpHubTrust, onlyCluster } from "./gcp-hub-trust";
import { GcpKubernetes } from "./gcp-kubernetes";
import { GcpNetwork, gcpLayout } from "./gcp-network";
import { GcpSecrets } from "./gcp-secrets";
import { GcpWorkloadAccount } from "./gcp-workload-account";
import { COST_TAG } from "../cluster/required-tags";

type GcpNetworkPart = NetworkPart & { readonly network: GcpNetwork };
type GcpKubernetesPart = KubernetesPart & { readonly gke: GcpKubernetes };
type GcpIdentityPart = IdentityPart & { readonly eso: GcpWorkloadAccount; readonly hub: GcpHubTrust };

/** APIs the stack uses; never disabled on destroy, other things in the project may use them. */
const SERVICES = ["cloudresourcemanager", "serviceusage", "container", "cloudkms", "compute", "sqladmin", "servicenetworking", "secretmanager", "iam", "iamcredentials", "sts", "billingbudgets", "monitoring"];

/** How long an enabled API can take to be usable everywhere: a first apply that does not wait meets SERVICE_DISABLED. */
export const API_PROPAGATION = "60s";

/**
 * On a fresh project every Google resource fails with SERVICE_DISABLED
 * until its API is enabled and has propagated: each waits for all of them
 * (an aspect, so no resource of the stack can be forgotten).
 */
function waitForApis(scope: Construct, apis: ProjectService[]): void {
  const ready = new TimeSleep(scope, "apis-ready", { createDuration: API_PROPAGATION, dependsOn: apis });
  ready.overrideLogicalId("apis_ready");
  Aspects.of(TerraformStack.of(scope)).add({
    visit(node: IConstruct) {
      if (node instanceof TerraformResource && node.terraformResourceType.startsWith("google_") && !(node instanceof ProjectService)) {
        node.dependsOn = [...new Set([...(node.dependsOn ?? []), dependable(ready)])];
      }
    },
  });
}

const BILLING_PROVIDER = "google-billing";

/** The stack's provider that bills its quota to the project (made by the kit's providers()), for the budget. */
function billingProviderOf(scope: Construct): GoogleProvider {
  const p = TerraformStack.of(scope).node.tryFindChild(BILLING_PROVIDER);
  if (!(p instanceof GoogleProvider)) throw new Error(`[${scope.node.path}] the stack has no billing Google provider; call the kit's providers() first`);
  return p;
}

/** A service account id: 6-30 characters, unique per cluster and role. */
export function accountId(cluster: string, role: string): string {
  const id = fitName(`${cluster}-${role}`, 30);
  return id.length >= 6 ? id : `${id}-sa`.padEnd(6, "0");
}

/** GKE in its own VPC, with Cloud SQL, Secret Manager and a billing budget. */
export const gcpKit: CloudKit<GcpCluster, GcpNetworkPart, GcpKubernetesPart, GcpIdentityPart> = {
  providers(scope, c, ctx) {
    // Tag keys are snake_case already: cdktf would snake-case the keys of a provider block's map.
    new GoogleProvider(scope, "google", { project: c.project, region: c.region, defaultLabels: { ...ctx.tags } });
    // The budget's quota goes to the project: the Billing Budgets API refuses user credentials (gcloud's
    // application default credentials) otherwise with 403. Only there: with it on every call, even enabling
    // an API would need Service Usage and Resource Manager enabled first.
    new GoogleProvider(scope, BILLING_PROVIDER, { alias: "billing", project: c.project, region: c.region, defaultLabels: { ...ctx.tags }, userProjectOverride: true, billingProject: c.project });
    const apis = SERVICES.map((api) => {
      const s = new ProjectService(scope, `api-${api}`, { service: `${api}.googleapis.com`, disableOnDestroy: false });
      s.overrideLogicalId(`api_${api}`);
      return s;
    });
    new TimeProvider(scope, "time");
    waitForApis(scope, apis);
    platformProvider(scope, ctx);
    new RandomProvider(scope, "random");
  },

  backend(stack, _c, ctx) {
    if (ctx.state.kind !== "gcs") throw new Error(`[${stack.node.path}] a GCP stack keeps its state in GCS, not ${ctx.state.kind}`);
    // GCS locks state natively.
    new GcsBackend(stack, { bucket: ctx.state.bucket, prefix: ctx.state.prefix });
  },

  network(scope, c) {
    const network = new GcpNetwork(scope, "network", { cidr: c.network.cidr, region: c.region, name: c.name, natAddresses: c.network.natPerZone ? c.network.zones.length : 1 });
    return { network, networkId: network.network.id, egressAddresses: network.egressAddresses };
  },

  kubernetes(scope, c, net, ctx) {
    const gke = new GcpKubernetes(scope, "kubernetes", {
      name: c.name,
      project: c.project,
      region: c.region,
      zones: c.network.zones,
      version: c.kubernetesVersion,
      networkId: net.network.network.id,
      subnetworkId: net.network.subnetwork.id,
      // Inside the cluster's own range, which no other cluster may overlap: unique without a registry.
      controlPlaneCidr: formatCidr(gcpLayout(parseCidr(c.network.cidr)!).controlPlane),
      apiCidrs: ctx.apiCidrs as string[],
      system: c.nodes.system,
      workload: c.nodes.workload,
      nodeAccountId: accountId(c.name, "nodes"),
      labels: { ...ctx.tags },
      securityGroup: c.securityGroup,
    });
    // A team's Google Group may fetch the cluster's credentials (Cluster Viewer, this cluster only); RBAC says the rest.
    ctx.teams.forEach((t) => {
      if (!t.access?.googleGroup) return;
      const m = new ProjectIamMember(scope, `team-${t.name}-viewer`, { project: c.project, role: "roles/container.clusterViewer", member: `group:${t.access.googleGroup}`, condition: onlyCluster(c.name, c.region) });
      m.overrideLogicalId(`team_${t.name.replace(/-/g, "_")}_viewer`);
    });
    return {
      gke,
      name: gke.cluster.name,
      // GKE gives a bare address; a URL matches what EKS gives, so outputs have one shape.
      endpoint: `https://${gke.cluster.endpoint}`,
      caData: gke.cluster.masterAuth.clusterCaCertificate,
      oidcIssuer: GcpKubernetes.issuer(c.project, c.region, c.name),
      ingressAddress: `ingress.${c.name}.${ctx.domain}`,
    };
  },

  identity(scope, c, kube, ctx) {
    const eso = new GcpWorkloadAccount(scope, "external-secrets-account", {
      project: c.project,
      accountId: accountId(c.name, "eso"),
      description: `External Secrets of ${c.name}`,
      namespace: "external-secrets",
      serviceAccount: "external-secrets",
      logicalId: "external_secrets_account",
      cluster: kube.gke.cluster,
    });
    // ExternalDNS and cert-manager change the cluster's own records in the platform's Route 53 zone.
    const dns = dnsRole(scope, c.name, kube.oidcIssuer, ctx);
    const hub = new GcpHubTrust(scope, "hub-trust", {
      project: c.project,
      poolId: fitName(`${ctx.platform}-hub`, 32),
      hubIssuer: ctx.hubIssuer,
      subjects: ["system:serviceaccount:argocd:argocd-application-controller", "system:serviceaccount:argocd:argocd-server"],
      accountId: accountId(c.name, "argocd"),
      cluster: { name: c.name, location: c.region, endpoint: kube.endpoint, caCertificate: kube.caData },
    });
    if (ctx.databases) {
      // The Cloud SQL instances' metrics, read into Prometheus (the stackdriver-exporter add-on): Monitoring, read-only.
      const metrics = new GcpWorkloadAccount(scope, "stackdriver-exporter-account", {
        project: c.project,
        accountId: accountId(c.name, "metrics"),
        description: `Metrics reader of ${c.name}`,
        namespace: STACKDRIVER_EXPORTER.namespace,
        serviceAccount: STACKDRIVER_EXPORTER.serviceAccount,
        logicalId: "stackdriver_exporter_account",
        cluster: kube.gke.cluster,
      });
      new ProjectIamMember(scope, "stackdriver-exporter-viewer", { project: c.project, role: "roles/monitoring.viewer", member: `serviceAccount:${metrics.email}` }).overrideLogicalId("stackdriver_exporter_viewer");
    }
    return { eso, hub, ids: { "external-secrets": eso.email, "external-dns": dns.role.arn, "cert-manager": dns.role.arn } };
  },

  secrets: (scope, c, identity, ctx) => new GcpSecrets(scope, "secrets", { project: c.project, prefix: `${ctx.platform}-${c.name}-`, readerEmail: identity.eso.email }),

  database(scope, c, net, _kube, secrets, db, ctx) {
    const d = new GcpDatabase(scope, db.id, {
      name: `${c.name}-${db.app}`,
      logicalId: db.id,
      region: c.region,
      dbName: databaseName(db.app),
      size: db.size,
      storageGb: db.storageGb,
      ha: db.ha,
      networkId: net.network.network.id,
      serviceConnection: net.network.serviceConnection,
      labels: ctx.tags,
    });
    secrets.write(scope, `${db.id}-credentials`, `${db.app}/database`, d.credentials, true);
    return { endpoint: `${d.instance.privateIpAddress}:5432`, secretKey: secrets.keyOf(`${db.app}/database`) };
  },

  budget(scope, c, ctx) {
    const billing = billingProviderOf(scope);
    new GcpBudget(scope, "budget", {
      provider: billing, name: `${ctx.platform}-${c.name}`, billingAccount: c.billingAccount, monthly: c.budget.monthly, alerts: c.budget.alerts, notify: ctx.notify, label: { key: COST_TAG, value: c.name } });
  },

  registrationAuth: (_c, _kube, identity) => ({ kind: "gcp", credentialConfig: identity.hub.credentialConfig }),
};
