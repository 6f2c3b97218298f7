import type { Construct } from "constructs";
import { Aspects, DataTerraformRemoteStateS3, Fn, TerraformLocal, TerraformOutput, TerraformStack, Token } from "cdktf";
import { controllerRoleName, platformProviderOf } from "../constructs/aws/aws-kit";
import { writeSecret } from "../constructs/aws/aws-secrets";
import type { CloudKit, DatabasePart, KitContext } from "../constructs/cluster/cloud-kit";
import { clusterLabels, IN_CLUSTER_SERVER, type Registration } from "../constructs/cluster/registration";
import { RequiredTags } from "../constructs/cluster/required-tags";
import { INGEST_TOKEN_KEY, registryTokenKey } from "../constructs/observability/signals";
import { HEARTBEAT_KEY } from "../constructs/observability/alertmanager";
import { BACKUPS_KEY } from "../constructs/k8s/database";
import { ARCHIVE_KEY, LOGIN_PLACEHOLDER, loginKeyName } from "../constructs/k8s/replicated-database";
import type { Resolved, ResolvedCluster } from "../lib/model/resolve";
import { databaseId } from "../lib/pipeline/removals";
import { requireTerraform, stateLocation } from "./state";

/**
 * The outputs of every cluster stack, whatever the cloud: the same names, always present.
 * The GitOps layer and the operators read them; the parity test holds every cloud to them.
 */
export const CLUSTER_OUTPUTS = {
  network_id: "The cluster's network (VPC, VNet or bridge).",
  cluster_name: "The Kubernetes cluster's name at the provider.",
  cluster_endpoint: "The Kubernetes API URL.",
  cluster_ca_data: "Base64 PEM of the cluster CA (empty for pull-mode clusters, which the hub never dials).",
  oidc_issuer: "The issuer of the cluster's service account tokens.",
  ingress_address: "Where the cluster's ingress is reached: ingress.<cluster>.<domain>, or an address in the home network.",
  egress_addresses: "Public addresses the cluster's traffic leaves from (NAT).",
  database_endpoints: "host:port of each app's database, by app.",
  secret_backend_id: "The secret backend the cluster's External Secrets read.",
  registration: "What the hub needs to register the cluster with Argo CD; no credentials.",
} as const;

export type ClusterOutputName = keyof typeof CLUSTER_OUTPUTS;

export interface ClusterStackProps {
  /** Names of the add-ons its ApplicationSets install on the cluster: its registration labels enable them. */
  readonly addOns: readonly string[];
}

/**
 * One Terraform stack per cluster, composed from its cloud's kit in a fixed
 * order: providers and backend, network, Kubernetes, identities, secret
 * backend, databases, budget; then the registration and the outputs.
 */
/** What each team's alerting secret holds until the operators set it: no credential, a value that says what to do. */
export const ALERTING_PLACEHOLDER = JSON.stringify({ "slack-webhook-url": "https://hooks.slack.com/services/SET-ME", "pagerduty-routing-key": "SET-ME" });
/** The object store's access key for CloudNativePG's backups, until the operators set it. */
export const BACKUPS_PLACEHOLDER = JSON.stringify({ "access-key-id": "SET-ME", "secret-access-key": "SET-ME" });
/** The archive's access key for a failover order's copies, until the operators set it; its region is the hub's. */
export const archivePlaceholder = (region: string) => JSON.stringify({ "access-key-id": "SET-ME", "secret-access-key": "SET-ME", region });
/** The dead man's switch: a heartbeat URL the Watchdog alert calls every minute (healthchecks.io, Better Stack, ...). */
export const HEARTBEAT_PLACEHOLDER = JSON.stringify({ url: "https://heartbeat.invalid/SET-ME" });

export class ClusterStack extends TerraformStack {
  public readonly outputs: Record<ClusterOutputName, TerraformOutput>;

  constructor(scope: Construct, p: Resolved, cluster: ResolvedCluster, kit: CloudKit<any, any, any, any, any>, props: ClusterStackProps) {
    super(scope, cluster.name);
    const spec = cluster.spec;
    const pp = p.platform.platform;
    const hubState = cluster.isHub ? undefined : hubRemoteState(this, p);
    const ctx: KitContext = {
      platform: p.name,
      domain: p.domain,
      entryFqdn: p.entryFqdn,
      environment: pp.environment,
      awsAccount: pp.awsAccount,
      hubRegion: p.hub.spec.region,
      isHub: cluster.isHub,
      tags: cluster.tags,
      // Every API admits the description's ranges and the hub's NAT addresses (the hub adds its own).
      apiCidrs: hubState ? Token.asList(Fn.concat([pp.apiAccess, Fn.formatlist("%s/32", [hubState.getList("egress_addresses")])])) : pp.apiAccess,
      hubIssuer: hubState ? hubState.getString("oidc_issuer") : "",
      hubArgoRoleArn: `arn:aws:iam::${pp.awsAccount}:role/${controllerRoleName(p.name, p.hub.name, "argocd")}`,
      admins: pp.admins.aws,
      teams: cluster.teams,
      notify: cluster.notify,
      state: stateLocation(p.platform, cluster.name, cluster.provider),
      databases: cluster.apps.some((a) => a.spec.database && !a.failover?.order.includes(cluster.name)),
    };

    requireTerraform(this);
    kit.providers(this, spec, ctx);
    kit.backend(this, spec, ctx);
    const net = kit.network(this, spec, ctx);
    const kube = kit.kubernetes(this, spec, net, ctx);
    const identity = kit.identity(this, spec, kube, ctx);
    const secrets = kit.secrets(this, spec, identity, ctx);
    const databases: Record<string, DatabasePart> = {};
    for (const app of cluster.apps) {
      const db = app.spec.database;
      // A failover order's copy runs in the cluster (CloudNativePG), not as the cloud's managed database.
      if (!db || app.failover?.order.includes(cluster.name)) continue;
      databases[app.name] = kit.database(this, spec, net, kube, secrets, { app: app.name, id: databaseId(app.name), size: db.size, storageGb: db.storage, ha: db.ha, namespace: app.namespace }, ctx);
    }
    kit.budget(this, spec, ctx);

    const registration: Registration = {
      name: cluster.name,
      server: cluster.isHub ? IN_CLUSTER_SERVER : kube.endpoint,
      caData: kube.caData,
      auth: cluster.isHub ? { kind: "in-cluster" } : kit.registrationAuth(spec, kube, identity, ctx),
      labels: clusterLabels({ provider: cluster.provider, region: spec.region, environment: pp.environment, traffic: spec.traffic, isHub: cluster.isHub }, props.addOns, cluster.apps.map((a) => a.name)),
      identities: identity.ids,
    };
    const registrationJson = Fn.jsonencode(registration);
    secrets.write(this, "registration", "registration", registrationJson, false);
    // The hub reads every registration from its own region's Secrets Manager; an AWS cluster there wrote it above.
    if (cluster.provider !== "aws" || spec.region !== p.hub.spec.region) {
      writeSecret(this, "registry", `${p.name}/${cluster.name}/registration`, registrationJson, { sensitive: false, provider: platformProviderOf(this) });
    }

    // A spoke's token for the hub's ingest (metrics, logs, traces): in its own backend for its collectors, and in the
    // hub's registry for the hub's Gateway. Generated at apply and sent write-only: neither the JSON nor the state holds it.
    if (!cluster.isHub) {
      const token = new TerraformLocal(this, "ingest_token", Fn.jsonencode({ token: Fn.uuid() }));
      secrets.write(this, "ingest-token", INGEST_TOKEN_KEY, token.asString, true);
      if (cluster.provider !== "aws" || spec.region !== p.hub.spec.region) {
        writeSecret(this, "ingest-registry", registryTokenKey(p, cluster.name), token.asString, { sensitive: true, provider: platformProviderOf(this) });
      }
    }

    // A pull-mode cluster's credentials for a private platform repository: a placeholder, sent once; the operators
    // put a read-only token there (runbooks/bootstrap-hub.md) and Terraform never overwrites it.
    // The object store's access key for CloudNativePG's backups: a placeholder, sent once; the operators put the real key
    // there (runbooks/postgres.md) and Terraform never overwrites it.
    if (cluster.spec.provider === "proxmox" && cluster.spec.backups) {
      secrets.write(this, "backups", BACKUPS_KEY, BACKUPS_PLACEHOLDER, true);
    }
    // The access key of this cluster's archive user (the global stack's), for the copies of a failover order: a
    // placeholder, sent once; the operators put the key there (gitops-out/runbooks/failover-<app>.md); Terraform never overwrites it.
    if (cluster.apps.some((a) => a.failover?.order.includes(cluster.name))) {
      secrets.write(this, "archive", ARCHIVE_KEY, archivePlaceholder(p.hub.spec.region), true);
    }
    // Each such app's login, one password on every copy: a placeholder, sent once, that its ExternalSecret refuses.
    for (const a of cluster.apps.filter((x) => x.failover?.order.includes(cluster.name))) {
      secrets.write(this, `login-${a.name}`, loginKeyName(a.name), JSON.stringify({ password: LOGIN_PLACEHOLDER }), true);
    }
    if (cluster.delivery === "pull" && pp.gitops.private) {
      secrets.write(this, "git-credentials", "git-credentials", Fn.jsonencode({ username: "SET-ME", password: "SET-ME" }), true);
    }

    // The hub's Grafana login, and a placeholder for each team's alert receivers, sent once: the operators put the real
    // Slack webhook and PagerDuty key there (runbooks/bootstrap-hub.md), and Terraform never overwrites them.
    if (cluster.isHub) {
      secrets.write(this, "grafana-admin", "grafana", Fn.jsonencode({ "admin-user": "admin", "admin-password": Fn.uuid() }), true);
      // The hub's Argo CD SSO client secret: a placeholder the operators replace (runbooks/bootstrap-hub.md).
      if (pp.gitops.sso) secrets.write(this, "argocd-oidc", "argocd-oidc", Fn.jsonencode({ "client-secret": "SET-ME" }), true);
      for (const t of p.teams.filter((x) => x.alerts)) {
        secrets.write(this, `alerting-${t.name}`, `alerting/${t.name}`, ALERTING_PLACEHOLDER, true);
      }
      secrets.write(this, "alerting-heartbeat", HEARTBEAT_KEY, HEARTBEAT_PLACEHOLDER, true);
    }

    const values: Record<ClusterOutputName, unknown> = {
      network_id: net.networkId,
      cluster_name: kube.name,
      cluster_endpoint: kube.endpoint,
      cluster_ca_data: kube.caData,
      oidc_issuer: kube.oidcIssuer,
      ingress_address: kube.ingressAddress,
      egress_addresses: net.egressAddresses,
      database_endpoints: Object.fromEntries(Object.entries(databases).map(([app, d]) => [app, d.endpoint])),
      secret_backend_id: secrets.backendId,
      registration,
    };
    // The CA comes from a sensitive attribute on AKS; the outputs are marked alike on every cloud.
    const sensitive = new Set<ClusterOutputName>(["cluster_ca_data", "registration"]);
    this.outputs = Object.fromEntries(
      (Object.keys(CLUSTER_OUTPUTS) as ClusterOutputName[]).map((name) => [name, output(this, name, values[name], CLUSTER_OUTPUTS[name], sensitive.has(name))]),
    ) as Record<ClusterOutputName, TerraformOutput>;
    Aspects.of(this).add(new RequiredTags());
  }
}

/** The hub stack's outputs, read by every other stack from the state bucket (the hub is applied first). */
function hubRemoteState(stack: TerraformStack, p: Resolved): DataTerraformRemoteStateS3 {
  const loc = stateLocation(p.platform, p.hub.name, "aws");
  if (loc.kind !== "s3") throw new Error(`[${stack.node.path}] the hub's state must be in S3`);
  return new DataTerraformRemoteStateS3(stack, "hub", { bucket: loc.bucket, key: loc.key, region: loc.region });
}

export function output(stack: TerraformStack, id: string, value: unknown, description: string, sensitive = false): TerraformOutput {
  const o = new TerraformOutput(stack, id, { value, description, sensitive: sensitive || undefined });
  o.overrideLogicalId(id);
  return o;
}
