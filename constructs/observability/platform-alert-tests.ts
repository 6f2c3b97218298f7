import type { Resolved, ResolvedCluster } from "../../lib/model/resolve";
import { HOURS_PER_MONTH } from "../../lib/cost/prices";
import { AZURE_POSTGRESQL_SERIES } from "../addons/azure-metrics-exporter";
import { azureResourceGroup } from "../azure/azure-names";
import { MAX_CONNECTIONS, observed } from "./managed-databases";
import { matchers, num, type AlertingRule, type RuleGroup } from "./rules";
import { HEARTBEAT } from "./signals";

/**
 * promtool unit tests of every platform alert, on series shaped like the
 * real ones (stale scrapes, gaps, series that end): per alert, a case where
 * it fires, a neighbour that must stay quiet, and when it resolves after
 * the failure ends. Written beside the rules, so a user's CI runs them too.
 */
interface Case {
  readonly name: string;
  readonly alert: string;
  /** Between samples. @default 1m */
  readonly interval?: string;
  /** A case over hours or days: evaluated every 10 minutes, in a file of its own (each minute would take promtool a minute). */
  readonly daily?: true;
  readonly series: readonly { series: string; values: string }[];
  /** When to look, and the labels of each alert expected then (none: quiet). */
  readonly checks: readonly { at: string; firing: readonly Record<string, string>[] }[];
}

const GI = 1024 ** 3;

function cases(p: Resolved): Case[] {
  const hub = p.hub.name;
  const spokes = p.clusters.filter((c) => !c.isHub);
  const spoke = spokes[0]?.name ?? hub;
  const team = p.teams.find((t) => t.name !== p.platform.platform.owner)?.name ?? p.platform.platform.owner;
  const teamLabels = { team };
  const nsLabels = { series: `kube_namespace_labels{cluster="${spoke}",namespace="${team}",label_basecamp_dev_team="${team}"}`, values: "1x480" };
  const app = { cluster: hub, namespace: "argocd", name: `${spoke}--platform`, project: "platform" };
  const appInfo = (health: string, sync: string, values: string) => ({
    series: `argocd_app_info{cluster="${hub}",namespace="argocd",name="${app.name}",project="platform",health_status="${health}",sync_status="${sync}"}`,
    values,
  });
  const budget = spokes[0]?.spec.budget.monthly ?? p.hub.spec.budget.monthly;
  const overBudget = (budget * 1.2) / HOURS_PER_MONTH;
  const crash = { cluster: spoke, namespace: team, pod: "api-1", container: "api", ...teamLabels };
  const out: Case[] = [
    {
      name: "Watchdog fires from the first evaluation and never stops",
      alert: "Watchdog",
      series: [],
      checks: [
        { at: "0m", firing: [{}] },
        { at: "3h", firing: [{}] },
      ],
    },
    {
      // A spoke's namespace has an info alert alone for 20 minutes, then a warning joins it; the hub's has none.
      name: "InfoInhibitor fires per cluster and namespace while an info alert stands alone, and stops when a warning joins",
      alert: "InfoInhibitor",
      series: [
        { series: `ALERTS{alertname="KubeQuotaAlmostFull",alertstate="firing",severity="info",cluster="${spoke}",namespace="${team}"}`, values: "_x5 1x35" },
        { series: `ALERTS{alertname="KubePodNotReady",alertstate="firing",severity="warning",cluster="${spoke}",namespace="${team}"}`, values: "_x20 1x20" },
        { series: `ALERTS{alertname="KubePodNotReady",alertstate="firing",severity="warning",cluster="${hub}",namespace="${team}"}`, values: "1x40" },
      ],
      checks: [
        { at: "2m", firing: [] },
        { at: "10m", firing: [{ cluster: spoke, namespace: team }] },
        { at: "30m", firing: [] },
      ],
    },
    {
      // The receivers' placeholders for 90 minutes, then set: kube-state-metrics's series loses the annotation's value.
      name: "ReceiversUnset fires after an hour of placeholders in the receivers' Secret and resolves once they are set",
      alert: "ReceiversUnset",
      series: [
        { series: `kube_secret_annotations{cluster="${hub}",namespace="monitoring",secret="alertmanager-receivers",annotation_basecamp_dev_unset_receivers="deadmansswitch-url "}`, values: "1x90 stale" },
        { series: `kube_secret_annotations{cluster="${hub}",namespace="monitoring",secret="alertmanager-receivers"}`, values: "_x90 1x30" },
        { series: `kube_secret_annotations{cluster="${hub}",namespace="monitoring",secret="grafana-admin"}`, values: "1x120" },
      ],
      checks: [
        { at: "30m", firing: [] },
        { at: "70m", firing: [{ cluster: hub, namespace: "monitoring", secret: "alertmanager-receivers", annotation_basecamp_dev_unset_receivers: "deadmansswitch-url " }] },
        { at: "100m", firing: [] },
      ],
    },
    {
      // Degraded for 25 minutes, then Healthy: kube-state-like series end with a stale marker when the label changes.
      name: "ArgoCDAppDegraded fires after 15 Degraded minutes and resolves when the Application is Healthy",
      alert: "ArgoCDAppDegraded",
      series: [appInfo("Degraded", "Synced", "1x25 stale"), appInfo("Healthy", "Synced", "_x25 1x35")],
      checks: [
        { at: "10m", firing: [] },
        { at: "20m", firing: [app] },
        { at: "35m", firing: [] },
      ],
    },
    {
      name: "ArgoCDAppOutOfSync fires after 30 OutOfSync minutes and resolves once it syncs",
      alert: "ArgoCDAppOutOfSync",
      series: [appInfo("Healthy", "OutOfSync", "1x45 stale"), appInfo("Healthy", "Synced", "_x45 1x30")],
      checks: [
        { at: "25m", firing: [] },
        { at: "40m", firing: [app] },
        { at: "55m", firing: [] },
      ],
    },
    {
      // The spoke's series stop arriving at 10 minutes (a gap) and come back at 31; the others keep reporting.
      name: `ClusterUnreachable pages for a spoke whose series stop, not for the others, and resolves when they return`,
      alert: "ClusterUnreachable",
      series: spokes.map((c) => ({ series: `${HEARTBEAT}{cluster="${c.name}"}`, values: c.name === spoke ? "1x10 _x20 1x30" : "1x60" })),
      checks: [
        { at: "18m", firing: [] },
        { at: "28m", firing: [{ cluster: spoke }] },
        { at: "40m", firing: [] },
      ],
    },
    {
      name: "NodeNotReady fires after 15 minutes not Ready and resolves when the node is back",
      alert: "NodeNotReady",
      series: [{ series: `kube_node_status_condition{cluster="${spoke}",node="node-1",condition="Ready",status="true",job="kube-state-metrics"}`, values: "1x5 0x25 1x20" }],
      checks: [
        { at: "15m", firing: [] },
        { at: "25m", firing: [{ cluster: spoke, node: "node-1", condition: "Ready", status: "true", job: "kube-state-metrics" }] },
        { at: "40m", firing: [] },
      ],
    },
    {
      // At each restart the container runs for a moment and kube-state-metrics drops the series (stale); a second
      // container never starts (image pull). Both reach the namespace's team; they end at 40 minutes.
      name: "PodCrashLooping fires on a crash loop with stale scrapes and on a container stuck pulling, and resolves",
      alert: "PodCrashLooping",
      series: [
        { series: `kube_pod_container_status_waiting_reason{cluster="${spoke}",namespace="${team}",pod="api-1",container="api",reason="CrashLoopBackOff"}`, values: "1 1 stale 1 1 1 stale 1 1 1 1 stale 1 1 1 1 1 stale 1 1 1 1 1 1 stale 1 1 1 1 1 1 stale 1 1 1 1 1 1 1 1 1 stale" },
        { series: `kube_pod_container_status_waiting_reason{cluster="${spoke}",namespace="${team}",pod="web-1",container="web",reason="ImagePullBackOff"}`, values: "0x5 1x35 stale" },
        nsLabels,
      ],
      checks: [
        { at: "10m", firing: [] },
        { at: "20m", firing: [crash] },
        { at: "30m", firing: [crash, { ...crash, pod: "web-1", container: "web" }] },
        { at: "55m", firing: [] },
      ],
    },
    {
      // An autoscaler without metrics from 5 minutes in (metrics-server not yet there), until they arrive at 40; a
      // neighbour that reads its metrics stays quiet.
      name: "AutoscalerBlind fires on an autoscaler without metrics for 15 minutes, not on one with them, and resolves",
      alert: "AutoscalerBlind",
      series: [
        { series: `kube_horizontalpodautoscaler_status_condition{cluster="${spoke}",namespace="${team}",horizontalpodautoscaler="api",condition="ScalingActive",status="false"}`, values: "0x5 1x35 0x20" },
        { series: `kube_horizontalpodautoscaler_status_condition{cluster="${spoke}",namespace="${team}",horizontalpodautoscaler="web",condition="ScalingActive",status="false"}`, values: "0x60" },
        nsLabels,
      ],
      checks: [
        { at: "15m", firing: [] },
        { at: "25m", firing: [{ cluster: spoke, namespace: team, horizontalpodautoscaler: "api", ...teamLabels }] },
        { at: "45m", firing: [] },
      ],
    },
    {
      // 9% free and losing 10 MiB a minute (full within four days); a neighbour half empty and steady stays quiet.
      // At an hour the volume is expanded: 50% free.
      name: "VolumeFilling fires on a volume under 10% free that fills within four days, not on a steady one, and resolves when it grows",
      alert: "VolumeFilling",
      series: [
        { series: `kubelet_volume_stats_capacity_bytes{cluster="${spoke}",namespace="${team}",persistentvolumeclaim="data-0"}`, values: `${100 * GI}x90` },
        { series: `kubelet_volume_stats_available_bytes{cluster="${spoke}",namespace="${team}",persistentvolumeclaim="data-0"}`, values: `${9 * GI}-${10 * 1024 ** 2}x60 ${50 * GI}x30` },
        { series: `kubelet_volume_stats_capacity_bytes{cluster="${spoke}",namespace="${team}",persistentvolumeclaim="cache-0"}`, values: `${100 * GI}x90` },
        { series: `kubelet_volume_stats_available_bytes{cluster="${spoke}",namespace="${team}",persistentvolumeclaim="cache-0"}`, values: `${50 * GI}x90` },
        nsLabels,
      ],
      checks: [
        { at: "20m", firing: [] },
        { at: "45m", firing: [{ cluster: spoke, namespace: team, persistentvolumeclaim: "data-0", ...teamLabels }] },
        { at: "70m", firing: [] },
      ],
    },
    {
      // 13 days left for 90 minutes (renewal failing), then renewed; a neighbour with 60 days stays quiet.
      name: "CertificateExpiring fires on a certificate within 14 days for an hour, not on a fresh one, and resolves when renewed",
      alert: "CertificateExpiring",
      series: [
        { series: `certmanager_certificate_expiration_timestamp_seconds{cluster="${spoke}",namespace="envoy-gateway-system",name="public"}`, values: `${13 * 86400}x90 ${90 * 86400}x30` },
        { series: `certmanager_certificate_expiration_timestamp_seconds{cluster="${hub}",namespace="envoy-gateway-system",name="public"}`, values: `${60 * 86400}x120` },
      ],
      checks: [
        { at: "30m", firing: [] },
        { at: "70m", firing: [{ cluster: spoke, namespace: "envoy-gateway-system", name: "public" }] },
        { at: "100m", firing: [] },
      ],
    },
    {
      // Nodes priced at 120% of the monthly budget for seven hours, then scaled down to half of it.
      name: "BudgetBurn fires after six hours above the monthly budget and resolves when the nodes cost less",
      alert: "BudgetBurn",
      daily: true,
      series: [{ series: `node_total_hourly_cost{cluster="${spoke}",node="node-1"}`, values: `${num(overBudget)}x420 ${num(overBudget / 2.4)}x60` }],
      checks: [
        { at: "5h", firing: [] },
        { at: "6h10m", firing: [{ cluster: spoke }] },
        { at: "7h10m", firing: [] },
      ],
    },
    {
      // The spoke serves 5 requests a second, 10% of them 5xx, for 40 minutes, then none fail; the hub two a minute,
      // all 5xx: under the floor.
      name: "IngressErrors pages above 5% at more than one request a second, not on a trickle, and resolves when errors stop",
      alert: "IngressErrors",
      series: [
        { series: `envoy_http_downstream_rq_total{cluster="${spoke}"}`, values: "0+300x60" },
        { series: `envoy_http_downstream_rq_xx{cluster="${spoke}",envoy_response_code_class="5"}`, values: "0+30x40 1200x20" },
        { series: `envoy_http_downstream_rq_total{cluster="${hub}"}`, values: "0+2x60" },
        { series: `envoy_http_downstream_rq_xx{cluster="${hub}",envoy_response_code_class="5"}`, values: "0+2x60" },
      ],
      checks: [
        { at: "5m", firing: [] },
        { at: "30m", firing: [{ cluster: spoke }] },
        { at: "55m", firing: [] },
      ],
    },
    {
      // The spoke's remote write drops 10 samples a minute for 45 minutes, then none.
      name: "RemoteWriteFailing fires after 30 minutes of dropped samples and resolves when they stop",
      alert: "RemoteWriteFailing",
      series: [{ series: `prometheus_remote_storage_samples_failed_total{cluster="${spoke}",job="prometheus",remote_name="hub"}`, values: "0+10x45 450x30" }],
      checks: [
        { at: "20m", firing: [] },
        { at: "40m", firing: [{ cluster: spoke }] },
        { at: "70m", firing: [] },
      ],
    },
    {
      // The hub answers 429 for 40 minutes: the spoke retries 20 samples a minute, then none.
      name: "RemoteWriteThrottled fires after 30 minutes of retried samples and resolves when the hub accepts them",
      alert: "RemoteWriteThrottled",
      series: [{ series: `prometheus_remote_storage_samples_retried_total{cluster="${spoke}",job="prometheus",remote_name="hub"}`, values: "0+20x40 800x30" }],
      checks: [
        { at: "20m", firing: [] },
        { at: "35m", firing: [{ cluster: spoke }] },
        { at: "65m", firing: [] },
      ],
    },
    {
      // An instance's PostgreSQL stops answering for 20 minutes; its replica keeps answering.
      name: "PostgresDown fires after 5 minutes of an instance not answering, to the namespace's team, and resolves",
      alert: "PostgresDown",
      series: [
        { series: `cnpg_collector_up{cluster="${spoke}",namespace="${team}",pod="app-db-1",exported_cluster="app-db"}`, values: "1x5 0x20 1x20" },
        { series: `cnpg_collector_up{cluster="${spoke}",namespace="${team}",pod="app-db-2",exported_cluster="app-db"}`, values: "1x45" },
        nsLabels,
      ],
      checks: [
        { at: "4m", firing: [] },
        { at: "15m", firing: [{ cluster: spoke, namespace: team, pod: "app-db-1", ...teamLabels }] },
        { at: "30m", firing: [] },
      ],
    },
    {
      // A streaming replica falls behind (its lag grows a minute a minute) for 40 minutes, then catches up; the primary
      // reports 0. A failover order's standby (on another cluster, no WAL receiver: it replays the archive) reads an
      // idle primary's quiet hour as a growing lag: no alert.
      name: "PostgresReplicationLagging fires on a streaming replica more than 5 minutes behind for 15 minutes, and resolves when it catches up",
      alert: "PostgresReplicationLagging",
      series: [
        { series: `cnpg_pg_replication_lag{cluster="${spoke}",namespace="${team}",pod="app-db-2",exported_cluster="app-db"}`, values: "0+60x40 0x20" },
        { series: `cnpg_pg_replication_is_wal_receiver_up{cluster="${spoke}",namespace="${team}",pod="app-db-2",exported_cluster="app-db"}`, values: "1x60" },
        { series: `cnpg_pg_replication_lag{cluster="${spoke}",namespace="${team}",pod="app-db-1",exported_cluster="app-db"}`, values: "0x60" },
        { series: `cnpg_pg_replication_is_wal_receiver_up{cluster="${spoke}",namespace="${team}",pod="app-db-1",exported_cluster="app-db"}`, values: "0x60" },
        { series: `cnpg_pg_replication_lag{cluster="${hub}",namespace="${team}",pod="app-db-1",exported_cluster="app-db"}`, values: "0+60x60" },
        { series: `cnpg_pg_replication_is_wal_receiver_up{cluster="${hub}",namespace="${team}",pod="app-db-1",exported_cluster="app-db"}`, values: "0x60" },
        nsLabels,
        { ...nsLabels, series: nsLabels.series.replace(`cluster="${spoke}"`, `cluster="${hub}"`) },
      ],
      checks: [
        { at: "10m", firing: [] },
        { at: "25m", firing: [{ cluster: spoke, namespace: team, pod: "app-db-2", ...teamLabels }] },
        { at: "50m", firing: [] },
      ],
    },
    {
      // The last base backup was taken a minute in, none succeeds for 27 hours, then a new one lands.
      name: "PostgresBackupStale fires when the last backup is more than 26 hours old for 30 minutes, and resolves with a new one",
      alert: "PostgresBackupStale",
      // A day and more: a sample every five minutes.
      interval: "5m",
      daily: true,
      series: [
        { series: `cnpg_collector_last_available_backup_timestamp{cluster="${spoke}",namespace="${team}",pod="app-db-1"}`, values: `60x326 ${1630 * 60}x12` },
        // The replica reports 0 all along: only the primary knows the backups.
        { series: `cnpg_collector_last_available_backup_timestamp{cluster="${spoke}",namespace="${team}",pod="app-db-2"}`, values: "0x338" },
        { ...nsLabels, values: "1x338" },
      ],
      checks: [
        { at: "26h", firing: [] },
        { at: "27h", firing: [{ cluster: spoke, namespace: team, ...teamLabels }] },
        { at: "27h30m", firing: [] },
      ],
    },
    {
      // Archiving fails twice a minute for 40 minutes, then succeeds again.
      name: "PostgresWALArchivingFailing fires after 15 minutes of refused WAL, and resolves when archiving works again",
      alert: "PostgresWALArchivingFailing",
      series: [
        { series: `cnpg_pg_stat_archiver_failed_count{cluster="${spoke}",namespace="${team}",pod="app-db-1",exported_cluster="app-db"}`, values: "0+2x40 80x40" },
        { series: `cnpg_pg_stat_archiver_failed_count{cluster="${spoke}",namespace="${team}",pod="app-db-2",exported_cluster="app-db"}`, values: "3x80" },
        nsLabels,
      ],
      checks: [
        { at: "10m", firing: [] },
        { at: "35m", firing: [{ cluster: spoke, namespace: team, pod: "app-db-1", ...teamLabels }] },
        { at: "70m", firing: [] },
      ],
    },
    {
      // The database credentials of the team's app stop syncing for 25 minutes (Ready False, then True again, each
      // series ending stale as ESO swaps them); the monitoring namespace's stay Ready.
      name: "ExternalSecretNotSynced fires after 15 minutes not Ready, to the namespace's team, and resolves once it syncs",
      alert: "ExternalSecretNotSynced",
      series: [
        { series: `externalsecret_status_condition{cluster="${spoke}",namespace="${team}",name="app-database",condition="Ready",status="False"}`, values: "1x25 stale" },
        { series: `externalsecret_status_condition{cluster="${spoke}",namespace="${team}",name="app-database",condition="Ready",status="True"}`, values: "_x25 1x20" },
        { series: `externalsecret_status_condition{cluster="${spoke}",namespace="monitoring",name="ingest-token",condition="Ready",status="True"}`, values: "1x45" },
        nsLabels,
      ],
      checks: [
        { at: "10m", firing: [] },
        { at: "20m", firing: [{ cluster: spoke, namespace: team, name: "app-database", ...teamLabels }] },
        { at: "35m", firing: [] },
      ],
    },
    {
      // The API server cannot call Kyverno for 30 minutes; denials by a policy (no_error) are no failure.
      name: "KyvernoWebhookFailing pages when the API server cannot call the webhook, not on policy denials, and resolves",
      alert: "KyvernoWebhookFailing",
      series: [
        { series: `apiserver_admission_webhook_rejection_count{cluster="${spoke}",name="validate.kyverno.svc-fail",type="validating",operation="CREATE",error_type="calling_webhook_error",rejection_code="500"}`, values: "0+3x30 90x30" },
        { series: `apiserver_admission_webhook_rejection_count{cluster="${hub}",name="validate.kyverno.svc-fail",type="validating",operation="CREATE",error_type="no_error",rejection_code="400"}`, values: "0+5x60" },
      ],
      checks: [
        { at: "5m", firing: [] },
        { at: "20m", firing: [{ cluster: spoke, name: "validate.kyverno.svc-fail" }] },
        { at: "45m", firing: [] },
      ],
    },
    {
      // A policy errs (its keyless verification cannot reach Sigstore) for 30 minutes; failures are verdicts, not errors.
      name: "KyvernoPolicyErrors fires on a policy that errs for 15 minutes, not on one that refuses, and resolves",
      alert: "KyvernoPolicyErrors",
      series: [
        { series: `kyverno_image_validating_policy_results_total{cluster="${spoke}",policy_name="verify-images-release",result="error"}`, values: "0+2x30 60x30" },
        { series: `kyverno_validating_policy_results_total{cluster="${spoke}",policy_name="restrict-images",result="fail"}`, values: "0+4x60" },
      ],
      checks: [
        { at: "10m", firing: [] },
        { at: "25m", firing: [{ cluster: spoke, policy_name: "verify-images-release" }] },
        { at: "50m", firing: [] },
      ],
    },
  ];
  // Every managed database reads on, but one: an absent series fires for each database it names.
  const present = p.clusters.flatMap((c) => {
    const app = c.apps.find((a) => a.spec.database);
    const db = app && observed(p, c, app.name, app.spec.database!.ha);
    const s = db && seriesOf(c, db.id);
    return s ? [s.present] : [];
  });
  out.push(...p.clusters.flatMap((c) => managedDatabaseCases(p, c, present)));
  return out;
}

/**
 * The cases of the first managed database of a cluster, on the series its exporter writes: storage filling for
 * 45 minutes, then grown; CPU and connections past a spike, high, then calm; WAL kept for 90 minutes; a standby
 * lost for half an hour; a day and a half without backups; an exporter silent for an hour.
 */
function managedDatabaseCases(p: Resolved, c: ResolvedCluster, present: readonly string[]): Case[] {
  const app = c.apps.find((a) => a.spec.database);
  const spec = app?.spec.database;
  const db = app && spec && observed(p, c, app.name, spec.ha);
  const s = db && seriesOf(c, db.id);
  if (!spec || !db || !s) return [];
  const gb = spec.storage * GI;
  const max = MAX_CONNECTIONS[c.provider as "aws" | "gcp" | "azure"][spec.size];
  const cluster = c.name;
  const name = (what: string) => `on ${c.name}'s ${db.kind}, ${what}`;
  const out: Case[] = [
    {
      name: name("storage: fires after 30 minutes under 10% free, and resolves when the disk grows"),
      alert: "ManagedDatabaseStorageLow",
      series: [s.storage(0.2, 0.05, 0.5, gb)],
      checks: [
        { at: "20m", firing: [] },
        { at: "50m", firing: [{ cluster }] },
        { at: "70m", firing: [] },
      ],
    },
    {
      name: name("CPU: fires after 30 minutes above 80%, not on a spike, and resolves"),
      alert: "ManagedDatabaseCPUHigh",
      series: [s.cpu("40x10 95x5 40x10 90x40 30x20")],
      checks: [
        { at: "20m", firing: [] },
        { at: "60m", firing: [{ cluster }] },
        { at: "80m", firing: [] },
      ],
    },
    {
      name: name(`connections: fires after 15 minutes above ${num(0.8 * max)} of ${max}, not on a spike, and resolves`),
      alert: "ManagedDatabaseConnectionsHigh",
      series: [s.connections(`${num(0.5 * max)}x10 ${num(0.95 * max)}x5 ${num(0.5 * max)}x10 ${num(0.9 * max)}x30 ${num(0.3 * max)}x20`)],
      checks: [
        { at: "20m", firing: [] },
        { at: "50m", firing: [{ cluster }] },
        { at: "75m", firing: [] },
      ],
    },
    {
      // Read every 2 minutes, with a missed scrape now and then.
      name: name("metrics: fires when the exporter has read nothing for 30 minutes, and resolves when it reads again"),
      alert: "ManagedDatabaseMetricsMissing",
      interval: "2m",
      series: [{ series: s.present, values: "0.5x5 _ 0.5x10 _x30 0.5x10" }, ...present.filter((x) => x !== s.present).map((series) => ({ series, values: "0.5x60" }))],
      checks: [
        { at: "30m", firing: [] },
        { at: "70m", firing: [{ ...s.presentLabels, cluster }] },
        { at: "100m", firing: [] },
      ],
    },
  ];
  if (s.wal) {
    out.push({
      name: name("WAL: fires after an hour over 10% of the storage, and resolves when it is shipped"),
      alert: "ManagedDatabaseWALPilingUp",
      series: [s.wal(`${num(0.01 * gb)}x30 ${num(0.2 * gb)}x90 ${num(0.01 * gb)}x30`)],
      checks: [
        { at: "80m", firing: [] },
        { at: "100m", firing: [{ cluster }] },
        { at: "140m", firing: [] },
      ],
    });
  }
  if (s.failover && spec.ha) {
    out.push({
      name: name("standby: fires after 15 minutes without one, not on a blip, and resolves when it is back"),
      alert: "ManagedDatabaseStandbyUnavailable",
      series: [s.failover("1x10 0x5 1x5 0x30 1x20")],
      checks: [
        { at: "18m", firing: [] },
        { at: "40m", firing: [{ cluster }] },
        { at: "60m", firing: [] },
      ],
    });
  }
  if (s.backups) {
    out.push({
      // Read every 10 minutes here: a day and a half with none kept, then the first backup.
      name: name("backups: fires after a day without backup storage, and resolves with the first backup"),
      alert: "ManagedDatabaseBackupsMissing",
      interval: "10m",
      daily: true,
      series: [s.backups(`0x180 ${num(0.3 * gb)}x30`)],
      checks: [
        { at: "12h", firing: [] },
        { at: "26h", firing: [{ cluster }] },
        { at: "32h", firing: [] },
      ],
    });
    out.push({
      // Backups kept for 5 hours, then the backup probe reads nothing: silence for a day is no better than zero.
      name: name("backups: fires after a day in which the backup storage is not reported at all"),
      alert: "ManagedDatabaseBackupsMissing",
      interval: "10m",
      daily: true,
      series: [s.backups(`${num(0.3 * gb)}x30`)],
      checks: [
        { at: "20h", firing: [] },
        { at: "33h", firing: [{ cluster }] },
      ],
    });
  }
  return out;
}

type Series = { series: string; values: string };
type Values = (values: string) => Series;

interface DatabaseSeries {
  /** Storage at `before`, `low` and `after` free shares. */
  readonly storage: (before: number, low: number, after: number, gb: number) => Series;
  /** CPU in percent. */
  readonly cpu: Values;
  readonly connections: Values;
  readonly wal?: Values;
  readonly failover?: Values;
  readonly backups?: Values;
  /** The series whose absence the metrics alert sees, and the labels absent_over_time keeps of it. */
  readonly present: string;
  readonly presentLabels: Record<string, string>;
}

/** The series of a managed database as its cloud's exporter writes them, with the labels the exporter sets. */
function seriesOf(c: ResolvedCluster, id: string): DatabaseSeries | undefined {
  const spec = c.spec;
  const at = (metric: string, labels: Record<string, string>) => (values: string): Series => ({ series: `${metric}${matchers(labels)}`, values });
  if (spec.provider === "aws") {
    const labels = { cluster: c.name, dimension_DBInstanceIdentifier: id, name: `arn:aws:rds:${spec.region}:000000000000:db:${id}` };
    const rds = (m: string) => at(`aws_rds_${m}`, labels);
    return {
      storage: (before: number, low: number, after: number, gb: number) => rds("free_storage_space_minimum")(`${num(before * gb)}x10 ${num(low * gb)}x45 ${num(after * gb)}x20`),
      cpu: rds("cpuutilization_average"),
      connections: rds("database_connections_maximum"),
      wal: rds("transaction_logs_disk_usage_maximum"),
      present: `aws_rds_free_storage_space_minimum${matchers(labels)}`,
      presentLabels: { dimension_DBInstanceIdentifier: id },
    };
  }
  if (spec.provider === "gcp") {
    const labels = { cluster: c.name, database_id: `${spec.project}:${id}`, project_id: spec.project, region: spec.region };
    const sql = (m: string) => at(`stackdriver_cloudsql_database_cloudsql_googleapis_com_database_${m}`, labels);
    // Cloud Monitoring gives CPU as a share, not a percentage.
    const share = (v: string) => v.replace(/\d+(?=x)/g, (n) => num(Number(n) / 100));
    return {
      storage: (before: number, low: number, after: number) => sql("disk_utilization")(`${num(1 - before)}x10 ${num(1 - low)}x45 ${num(1 - after)}x20`),
      cpu: (v: string) => sql("cpu_utilization")(share(v)),
      connections: sql("postgresql_num_backends"),
      failover: sql("available_for_failover"),
      backups: undefined,
      present: `stackdriver_cloudsql_database_cloudsql_googleapis_com_database_disk_utilization${matchers(labels)}`,
      presentLabels: { database_id: `${spec.project}:${id}` },
    };
  }
  if (spec.provider === "azure") {
    const base = { cluster: c.name, resourceName: id, resourceGroup: azureResourceGroup(c.name), subscriptionID: spec.subscription };
    const az = (metric: string, aggregation: string, interval = "PT5M", timespan = "PT15M") => at(AZURE_POSTGRESQL_SERIES, { ...base, metric, aggregation, interval, timespan });
    return {
      storage: (before: number, low: number, after: number) => az("storage_percent", "maximum")(`${num(100 * (1 - before))}x10 ${num(100 * (1 - low))}x45 ${num(100 * (1 - after))}x20`),
      cpu: az("cpu_percent", "average"),
      connections: az("active_connections", "maximum"),
      wal: az("txlogs_storage_used", "maximum"),
      backups: az("backup_storage_used", "maximum", "PT1H", "PT3H"),
      present: `${AZURE_POSTGRESQL_SERIES}${matchers({ ...base, metric: "storage_percent", aggregation: "maximum", interval: "PT5M", timespan: "PT15M" })}`,
      presentLabels: { resourceName: id, metric: "storage_percent", aggregation: "maximum" },
    };
  }
  return undefined;
}

/** An annotation as Alertmanager would get it: {{ $labels.x }} filled in. */
function expand(template: string, labels: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, l: string) => labels[l] ?? "");
}

/** The rule of an alert that fires for these labels (one per cluster where the rule names its cluster). */
function ruleFor(group: RuleGroup, alert: string, labels: Readonly<Record<string, string>>): AlertingRule {
  const rules = group.rules.filter((r): r is AlertingRule => "alert" in r && r.alert === alert);
  const rule = rules.find((r) => !("cluster" in r.labels) || r.labels.cluster === labels.cluster) ?? rules[0];
  if (!rule) throw new Error(`no platform alert ${alert} to test`);
  return rule;
}

/** How often the cases of each file are evaluated: the cases over hours or days every 10 minutes, the others every minute. */
export const PLATFORM_TEST_INTERVALS = { minutes: "1m", daily: "10m" } as const;

/**
 * The promtool test files of one group of platform alerts, written beside
 * `ruleFile` (that group's rules alone): `<group>` with the cases evaluated
 * every minute, `<group>-daily` with those over hours or days. A file with
 * no case is left out.
 */
export function platformAlertTests(p: Resolved, group: RuleGroup, ruleFile: string): Record<string, Record<string, unknown>> {
  const all = cases(p);
  const covered = new Set(all.map((c) => c.alert));
  const untested = group.rules.filter((r): r is AlertingRule => "alert" in r && !covered.has(r.alert)).map((r) => r.alert);
  if (untested.length > 0) throw new Error(`platform alerts without a promtool case in constructs/observability/platform-alert-tests.ts: ${[...new Set(untested)].join(", ")}`);
  // Only this group's alerts; those a description renders only where they apply (the databases' backups) have their cases only then.
  const rendered = new Set(group.rules.filter((r): r is AlertingRule => "alert" in r).map((r) => r.alert));
  const file = (daily: boolean) => ({
    rule_files: [ruleFile],
    evaluation_interval: PLATFORM_TEST_INTERVALS[daily ? "daily" : "minutes"],
    tests: all.filter((c) => rendered.has(c.alert) && (c.daily === true) === daily).map((c) => ({
      name: c.name,
      interval: c.interval ?? "1m",
      input_series: c.series,
      alert_rule_test: c.checks.map((check) => ({
        eval_time: check.at,
        alertname: c.alert,
        exp_alerts: check.firing.map((seriesLabels) => {
          const rule = ruleFor(group, c.alert, seriesLabels);
          const labels = { ...seriesLabels, ...rule.labels };
          return { exp_labels: labels, exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, expand(v, labels)])) };
        }),
      })),
    })),
  });
  const files = { [group.name]: file(false), [`${group.name}-daily`]: file(true) };
  return Object.fromEntries(Object.entries(files).filter(([, spec]) => spec.tests.length > 0));
}
