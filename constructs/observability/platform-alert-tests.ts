import type { Resolved } from "../../lib/model/resolve";
import { HOURS_PER_MONTH } from "../../lib/cost/prices";
import { num, type AlertingRule, type RuleGroup } from "./rules";
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
      // A replica falls behind (its lag grows a minute a minute) for 40 minutes, then catches up; the primary reports 0.
      name: "PostgresReplicationLagging fires on a replica more than 5 minutes behind for 15 minutes, and resolves when it catches up",
      alert: "PostgresReplicationLagging",
      series: [
        { series: `cnpg_pg_replication_lag{cluster="${spoke}",namespace="${team}",pod="app-db-2",exported_cluster="app-db"}`, values: "0+60x40 0x20" },
        { series: `cnpg_pg_replication_lag{cluster="${spoke}",namespace="${team}",pod="app-db-1",exported_cluster="app-db"}`, values: "0x60" },
        nsLabels,
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
  // An RDS and a Cloud SQL instance of the description, if any: their series as the exporters name them.
  const withDb = (provider: string) => p.clusters.find((c) => c.provider === provider && c.apps.some((a) => a.spec.database));
  const aws = withDb("aws");
  const db = aws?.apps.find((a) => a.spec.database);
  if (aws && db) {
    const rds = (metric: string, values: string) => ({ series: `${metric}{cluster="${aws.name}",dimension_DBInstanceIdentifier="${aws.name}-${db.name}",name="arn:aws:rds:${aws.spec.region}:000000000000:db:${aws.name}-${db.name}"}`, values });
    const gb = db.spec.database!.storage * GI;
    // 20% free, then 5% for 45 minutes (a load fills it), then grown back to 50%.
    out.push(
      ...managedDatabaseCases(aws.name, {
        storage: { name: "fires after 30 minutes under 10% free, and resolves when the disk grows", series: rds("aws_rds_free_storage_space_minimum", `${num(0.2 * gb)}x10 ${num(0.05 * gb)}x45 ${num(0.5 * gb)}x20`) },
        cpu: { name: "fires after 30 minutes above 80% CPU, not on a spike, and resolves", series: rds("aws_rds_cpuutilization_average", "40x10 95x5 40x10 90x40 30x20") },
      }),
    );
  }
  const gcp = withDb("gcp");
  const sqlDb = gcp?.apps.find((a) => a.spec.database);
  if (gcp && sqlDb && gcp.spec.provider === "gcp") {
    const { project, region } = gcp.spec;
    const sql = (metric: string, values: string) => ({
      series: `stackdriver_cloudsql_database_cloudsql_googleapis_com_database_${metric}{cluster="${gcp.name}",database_id="${project}:${gcp.name}-${sqlDb.name}",project_id="${project}",region="${region}"}`,
      values,
    });
    out.push(
      ...managedDatabaseCases(gcp.name, {
        storage: { name: "fires on a Cloud SQL disk over 90% used for 30 minutes, and resolves when it grows", series: sql("disk_utilization", "0.8x10 0.95x45 0.5x20") },
        cpu: { name: "fires on a Cloud SQL instance above 80% CPU for 30 minutes, not on a spike, and resolves", series: sql("cpu_utilization", "0.4x10 0.95x5 0.4x10 0.9x40 0.3x20") },
      }),
    );
  }
  return out;
}

/** A managed database's two cases: storage filling for 45 minutes, then grown; CPU past a spike, high for 40, then calm. */
function managedDatabaseCases(cluster: string, c: Record<"storage" | "cpu", { name: string; series: { series: string; values: string } }>): Case[] {
  return [
    {
      name: `ManagedDatabaseStorageLow ${c.storage.name}`,
      alert: "ManagedDatabaseStorageLow",
      series: [c.storage.series],
      checks: [
        { at: "20m", firing: [] },
        { at: "50m", firing: [{ cluster }] },
        { at: "70m", firing: [] },
      ],
    },
    {
      name: `ManagedDatabaseCPUHigh ${c.cpu.name}`,
      alert: "ManagedDatabaseCPUHigh",
      series: [c.cpu.series],
      checks: [
        { at: "20m", firing: [] },
        { at: "60m", firing: [{ cluster }] },
        { at: "80m", firing: [] },
      ],
    },
  ];
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

/** The promtool test file of the platform alerts, written beside `ruleFile`. */
export function platformAlertTests(p: Resolved, group: RuleGroup, ruleFile: string): Record<string, unknown> {
  const covered = new Set(cases(p).map((c) => c.alert));
  const untested = group.rules.filter((r): r is AlertingRule => "alert" in r && !covered.has(r.alert)).map((r) => r.alert);
  if (untested.length > 0) throw new Error(`platform alerts without a promtool case in constructs/observability/platform-alert-tests.ts: ${[...new Set(untested)].join(", ")}`);
  // Alerts a description renders only where they apply (the databases' backups) have their cases only then.
  const rendered = new Set(group.rules.filter((r): r is AlertingRule => "alert" in r).map((r) => r.alert));
  return {
    rule_files: [ruleFile],
    evaluation_interval: "1m",
    tests: cases(p).filter((c) => rendered.has(c.alert)).map((c) => ({
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
  };
}
