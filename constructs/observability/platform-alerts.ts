import type { Resolved } from "../../lib/model/resolve";
import { HOURS_PER_MONTH } from "../../lib/cost/prices";
import { matchers, num, type AlertingRule, type RuleGroup, type Severity } from "./rules";
import { HEARTBEAT, MONITORING } from "./signals";
import { RECEIVERS_SECRET } from "./alertmanager";
import { managedDatabaseAlerts } from "./managed-databases";

/** Runbook files in runbooks/, by alert; a test holds each to a file that exists and says what to do. */
export const RUNBOOKS = {
  SLOBudgetBurn: "slo-budget-burn.md",
  ArgoCDAppDegraded: "argocd-app-degraded.md",
  ArgoCDAppOutOfSync: "argocd-app-out-of-sync.md",
  ClusterUnreachable: "cluster-unreachable.md",
  NodeNotReady: "node-not-ready.md",
  PodCrashLooping: "pod-crash-looping.md",
  AutoscalerBlind: "autoscaler-blind.md",
  VolumeFilling: "volume-filling.md",
  CertificateExpiring: "certificate-expiring.md",
  BudgetBurn: "budget-burn.md",
  IngressErrors: "ingress-errors.md",
  RemoteWriteFailing: "remote-write-failing.md",
  Watchdog: "watchdog.md",
  ExternalSecretNotSynced: "external-secret-not-synced.md",
  KyvernoWebhookFailing: "kyverno-webhook-failing.md",
  KyvernoPolicyErrors: "kyverno-policy-errors.md",
  RemoteWriteThrottled: "remote-write-failing.md",
  ReceiversUnset: "receivers-unset.md",
  InfoInhibitor: "info-inhibitor.md",
  PostgresDown: "postgres.md",
  PostgresReplicationLagging: "postgres.md",
  PostgresBackupStale: "postgres.md",
  PostgresWALArchivingFailing: "postgres.md",
  ManagedDatabaseStorageLow: "managed-database.md",
  ManagedDatabaseCPUHigh: "managed-database.md",
  ManagedDatabaseConnectionsHigh: "managed-database.md",
  ManagedDatabaseWALPilingUp: "managed-database.md",
  ManagedDatabaseStandbyUnavailable: "managed-database.md",
  ManagedDatabaseBackupsMissing: "managed-database.md",
  ManagedDatabaseMetricsMissing: "managed-database.md",
} as const;

/** The areas in the order their groups are rendered. */
export const ALERT_AREAS = ["alerting", "delivery", "clusters", "workloads", "controllers", "databases", "managed-databases"] as const;

/**
 * The rule group, and PrometheusRule, of each alert: one per area, as the
 * kube-prometheus mixin has them. Prometheus evaluates the groups side by
 * side, and promtool tests each against its own rules, not all of them.
 */
const AREAS: Record<Exclude<keyof typeof RUNBOOKS, "SLOBudgetBurn">, (typeof ALERT_AREAS)[number]> = {
  Watchdog: "alerting",
  InfoInhibitor: "alerting",
  ReceiversUnset: "alerting",
  RemoteWriteFailing: "alerting",
  RemoteWriteThrottled: "alerting",
  ArgoCDAppDegraded: "delivery",
  ArgoCDAppOutOfSync: "delivery",
  ClusterUnreachable: "clusters",
  NodeNotReady: "clusters",
  VolumeFilling: "clusters",
  CertificateExpiring: "clusters",
  BudgetBurn: "clusters",
  PodCrashLooping: "workloads",
  AutoscalerBlind: "workloads",
  IngressErrors: "workloads",
  ExternalSecretNotSynced: "controllers",
  KyvernoWebhookFailing: "controllers",
  KyvernoPolicyErrors: "controllers",
  PostgresDown: "databases",
  PostgresReplicationLagging: "databases",
  PostgresBackupStale: "databases",
  PostgresWALArchivingFailing: "databases",
  ManagedDatabaseStorageLow: "managed-databases",
  ManagedDatabaseCPUHigh: "managed-databases",
  ManagedDatabaseConnectionsHigh: "managed-databases",
  ManagedDatabaseWALPilingUp: "managed-databases",
  ManagedDatabaseStandbyUnavailable: "managed-databases",
  ManagedDatabaseBackupsMissing: "managed-databases",
  ManagedDatabaseMetricsMissing: "managed-databases",
};

/** Requests a second below which a cluster's ingress error ratio pages nobody. */
export const INGRESS_FLOOR_RPS = 1;

/** Why a container waits and will not start without a fix. */
export const STUCK_REASONS = ["CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "CreateContainerError", "InvalidImageName"];

/** The URL of a runbook in the source branch of the repository (its web form, for https and git@ URLs alike). */
export function runbookUrl(p: Resolved, file: string): string {
  const { repoURL, sourceBranch } = p.platform.platform.gitops;
  const web = repoURL
    .replace(/^git@([^:]+):/, "https://$1/")
    .replace(/^ssh:\/\/(git@)?([^/]+)\//, "https://$2/")
    .replace(/\.git$/, "");
  return `${web}/blob/${sourceBranch}/runbooks/${file}`;
}

/** A team label from the namespace's basecamp.dev/team, for alerts about a team's pods (and only that one: the source label goes). */
function withTeam(expr: string): string {
  const team = "max by (cluster, namespace, label_basecamp_dev_team) (kube_namespace_labels)";
  return `max without (label_basecamp_dev_team) (label_replace((${expr}) * on (cluster, namespace) group_left (label_basecamp_dev_team) ${team}, "team", "$1", "label_basecamp_dev_team", "(.+)"))`;
}

/**
 * Alerts about the platform itself, evaluated on the hub over every
 * cluster's series, a group per area (`platform-<area>`), leaving out an
 * area with none. Each names its runbook; the ones about a team's pods
 * carry the team, so Alertmanager routes them to it.
 */
export function platformAlertGroups(p: Resolved): RuleGroup[] {
  const rules = platformAlerts(p);
  const area = (r: AlertingRule) => {
    const a = (AREAS as Record<string, string>)[r.alert];
    if (!a) throw new Error(`platform alert ${r.alert} has no area in AREAS (constructs/observability/platform-alerts.ts)`);
    return a;
  };
  return ALERT_AREAS.map((a) => ({ name: `platform-${a}`, rules: rules.filter((r) => area(r) === a) })).filter((g) => g.rules.length > 0);
}

function platformAlerts(p: Resolved): AlertingRule[] {
  const alert = (name: keyof typeof RUNBOOKS, severity: Severity, expr: string, forDuration: string, summary: string, description: string, extra: Record<string, string> = {}): AlertingRule => ({
    alert: name,
    expr,
    for: forDuration,
    labels: { severity, ...extra },
    annotations: { summary, description, runbook_url: runbookUrl(p, RUNBOOKS[name]) },
  });
  const owner = p.platform.platform.owner;
  return [
    // Always firing: Alertmanager sends it to the dead man's switch every minute, which alerts from outside when the
    // calls stop (the hub's Prometheus, its rules or Alertmanager down, or notifications failing).
    alert(
      "Watchdog",
      "none",
      "vector(1)",
      "0m",
      "The alerting pipeline is alive",
      "This alert always fires. Alertmanager calls the dead man's switch with it every minute; when the calls stop, the switch alerts from outside: Prometheus, its rules or Alertmanager on the hub are down, or cannot notify.",
      { team: owner },
    ),
    // The mixin's, made cluster-aware (its own groups by namespace only, so the hub's cluster label would land on
    // every one and mute only the hub's info alerts): fires per cluster and namespace with info alerts and nothing
    // worse, and Alertmanager then mutes those info alerts (inhibit rule) and sends this nowhere.
    alert(
      "InfoInhibitor",
      "none",
      'group by (cluster, namespace) (ALERTS{severity="info"} == 1) unless on (cluster, namespace) group by (cluster, namespace) (ALERTS{alertname!="InfoInhibitor",alertstate="firing",severity=~"warning|critical"} == 1)',
      "0m",
      "Info alerts of {{ $labels.namespace }} on {{ $labels.cluster }} stand alone",
      "Namespace {{ $labels.namespace }} on {{ $labels.cluster }} has info alerts and no warning or critical one: Alertmanager mutes those info alerts while this fires. It is routed nowhere.",
    ),
    // The stack sends each receiver a placeholder once; until someone sets it, notifications to it fail.
    alert(
      "ReceiversUnset",
      "ticket",
      `max by (cluster, namespace, secret, annotation_basecamp_dev_unset_receivers) (kube_secret_annotations{namespace="${MONITORING}",secret="${RECEIVERS_SECRET}",annotation_basecamp_dev_unset_receivers!=""}) == 1`,
      "1h",
      "Alert receivers still hold their placeholders: {{ $labels.annotation_basecamp_dev_unset_receivers }}",
      "These keys of the alert receivers' Secret on {{ $labels.cluster }} still hold the stack's placeholder (SET-ME), so notifications to them fail: {{ $labels.annotation_basecamp_dev_unset_receivers }}. Put the real webhook URLs and routing keys in the hub's secret backend (runbooks/bootstrap-hub.md).",
      { team: owner },
    ),
    alert(
      "ArgoCDAppDegraded",
      "ticket",
      'max by (cluster, namespace, name, project) (argocd_app_info{health_status="Degraded"}) == 1',
      "15m",
      "Argo CD Application {{ $labels.name }} is Degraded",
      "Application {{ $labels.name }} (project {{ $labels.project }}, Argo CD on {{ $labels.cluster }}) has reported Degraded for 15 minutes: some of its resources are unhealthy.",
      { team: owner },
    ),
    alert(
      "ArgoCDAppOutOfSync",
      "ticket",
      'max by (cluster, namespace, name, project) (argocd_app_info{sync_status="OutOfSync"}) == 1',
      "30m",
      "Argo CD Application {{ $labels.name }} has been OutOfSync for 30 minutes",
      "Application {{ $labels.name }} (Argo CD on {{ $labels.cluster }}) does not match the rendered branch and has not converged for 30 minutes: a sync is failing, waiting on a rollout step, or disabled.",
      { team: owner },
    ),
    // The hub watches the spokes; who watches the hub is left to an external heartbeat (README).
    // Keyed on the spoke's heartbeat, which its own Prometheus records and remote-writes: the write path itself, not one
    // exporter. A drained cluster serves nobody, so losing it opens a ticket rather than waking someone.
    ...p.clusters.filter((c) => !c.isHub).map((c) =>
      alert(
        "ClusterUnreachable",
        c.active ? "page" : "ticket",
        `absent_over_time(${HEARTBEAT}${matchers({ cluster: c.name })}[10m])`,
        "5m",
        `Cluster ${c.name} sends no metrics`,
        `No heartbeat from ${c.name}'s Prometheus has reached the hub for 15 minutes: the cluster, its Prometheus, or its remote write to the hub is down.${c.active ? "" : " It is drained (traffic: drain), so this is a ticket."}`,
        { team: owner, cluster: c.name },
      ),
    ),
    alert(
      "NodeNotReady",
      "ticket",
      'kube_node_status_condition{condition="Ready",status="true"} == 0',
      "15m",
      "Node {{ $labels.node }} of {{ $labels.cluster }} is not Ready",
      "Node {{ $labels.node }} of {{ $labels.cluster }} has not been Ready for 15 minutes; its pods are being moved or are stuck.",
      { team: owner },
    ),
    alert(
      "PodCrashLooping",
      "ticket",
      // Over a window, as the kube-prometheus mixin does: while a crash-looping container runs for a moment at each
      // restart, kube-state-metrics drops its waiting series for that scrape, and staleness would reset `for`.
      // A container stuck before it ever runs (image pull, missing config) is as broken, and Argo CD calls it Progressing.
      withTeam(`max by (cluster, namespace, pod, container) (max_over_time(kube_pod_container_status_waiting_reason{reason=~"${STUCK_REASONS.join("|")}"}[5m])) >= 1`),
      "15m",
      "{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is crash-looping or stuck on {{ $labels.cluster }}",
      "Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} on {{ $labels.cluster }} has been restarting or waiting to start for 15 minutes (CrashLoopBackOff, an image it cannot pull, or a configuration it cannot create).",
    ),
    // Argo CD calls an autoscaler Healthy once it can scale, before it has metrics to scale on: this says when it has none.
    alert(
      "AutoscalerBlind",
      "ticket",
      withTeam('max by (cluster, namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_condition{condition="ScalingActive",status="false"}) == 1'),
      "15m",
      "Autoscaler {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} on {{ $labels.cluster }} has no metrics",
      "HorizontalPodAutoscaler {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} on {{ $labels.cluster }} has not been able to read its metrics for 15 minutes (metrics.k8s.io unavailable, or pods without CPU requests): its workload stays at its replicas and no longer follows the load.",
    ),
    alert(
      "VolumeFilling",
      "ticket",
      withTeam(
        "max by (cluster, namespace, persistentvolumeclaim) (kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes) < 0.10 and max by (cluster, namespace, persistentvolumeclaim) (predict_linear(kubelet_volume_stats_available_bytes[6h], 4 * 86400)) < 0",
      ),
      "30m",
      "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} on {{ $labels.cluster }} is filling up",
      "Less than 10% is free on {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} ({{ $labels.cluster }}), and at the rate of the last six hours it is full within four days.",
    ),
    alert(
      "CertificateExpiring",
      "ticket",
      "min by (cluster, namespace, name) (certmanager_certificate_expiration_timestamp_seconds) - time() < 14 * 86400",
      "1h",
      "Certificate {{ $labels.namespace }}/{{ $labels.name }} on {{ $labels.cluster }} expires within 14 days",
      "cert-manager renews certificates 30 days before they expire; this one has 14 days left, so renewal is failing (DNS-01 challenge, issuer or rate limits).",
      { team: owner },
    ),
    ...p.clusters.map((c) =>
      alert(
        "BudgetBurn",
        "ticket",
        `sum by (cluster) (node_total_hourly_cost${matchers({ cluster: c.name })}) * ${HOURS_PER_MONTH} > ${num(c.spec.budget.monthly)}`,
        "6h",
        `${c.name}'s nodes run above its monthly budget`,
        `At the rate of the last six hours, ${c.name}'s nodes alone cost more than its budget of $${c.spec.budget.monthly} a month (OpenCost's node prices; databases, NAT and load balancers come on top).`,
        { team: owner, cluster: c.name },
      ),
    ),
    alert(
      "IngressErrors",
      "page",
      // With a traffic floor: two 5xx at two requests a minute are no outage worth a page.
      `sum by (cluster) (rate(envoy_http_downstream_rq_xx{envoy_response_code_class="5"}[5m])) / sum by (cluster) (rate(envoy_http_downstream_rq_total[5m])) > 0.05 and sum by (cluster) (rate(envoy_http_downstream_rq_total[5m])) > ${INGRESS_FLOOR_RPS}`,
      "10m",
      "More than 5% of {{ $labels.cluster }}'s ingress requests fail with 5xx",
      "The Gateway of {{ $labels.cluster }} answers more than 5% of requests with a 5xx for 10 minutes: its backends or the Gateway itself are failing.",
      { team: owner },
    ),
    alert(
      "RemoteWriteThrottled",
      "ticket",
      // Prometheus retries what the hub answers with 429 or a 5xx: the hub throttles or fails, and the spoke falls behind
      // (the mixin's PrometheusRemoteWriteBehind says by how much).
      "sum by (cluster) (rate(prometheus_remote_storage_samples_retried_total[10m])) > 0",
      "30m",
      "The hub refuses or throttles {{ $labels.cluster }}'s remote write",
      "For 30 minutes {{ $labels.cluster }}'s Prometheus has retried samples the hub answered with 429 or a 5xx: the hub's Prometheus or its Gateway is overloaded or failing, and the spoke's series arrive late.",
      { team: owner },
    ),
    // CloudNativePG's databases (Proxmox, and the failover orders' copies), to the namespace's team: an instance whose PostgreSQL does not answer its
    // own exporter, and a replica far behind the primary (a failover to it would lose that much).
    alert(
      "PostgresDown",
      "ticket",
      withTeam("max by (cluster, namespace, pod) (cnpg_collector_up) == 0"),
      "5m",
      "PostgreSQL in {{ $labels.namespace }}/{{ $labels.pod }} on {{ $labels.cluster }} is down",
      "The PostgreSQL of {{ $labels.namespace }}/{{ $labels.pod }} on {{ $labels.cluster }} has not answered its exporter for 5 minutes; CloudNativePG fails over when the primary is the one.",
    ),
    alert(
      "PostgresReplicationLagging",
      "ticket",
      // Streaming replicas only: a failover order's standby replays the archive (no WAL receiver), and its lag would
      // grow through every idle spell of the primary.
      withTeam("max by (cluster, namespace, pod) (cnpg_pg_replication_lag > 300 and on (cluster, namespace, pod) cnpg_pg_replication_is_wal_receiver_up == 1)"),
      "15m",
      "The replica {{ $labels.namespace }}/{{ $labels.pod }} on {{ $labels.cluster }} is more than 5 minutes behind",
      "Replica {{ $labels.namespace }}/{{ $labels.pod }} on {{ $labels.cluster }} has replayed nothing newer than 5 minutes for 15 minutes: a failover to it now would lose those writes.",
    ),
    ...(p.clusters.some((c) => c.spec.provider === "proxmox" && c.spec.backups) || p.apps.some((a) => a.failover)
      ? [
          // The daily base backup (ScheduledBackup at 03:00) has not succeeded for a day and two hours.
          alert(
            "PostgresBackupStale",
            "ticket",
            // The gauge has no label of its own, and only the primary sets it (replicas say 0): the newest per namespace.
            withTeam("time() - max by (cluster, namespace) (cnpg_collector_last_available_backup_timestamp) > 26 * 3600"),
            "30m",
            "A database in {{ $labels.namespace }} on {{ $labels.cluster }} has no backup younger than a day",
            "The last base backup of a CloudNativePG database in {{ $labels.namespace }} on {{ $labels.cluster }} is more than 26 hours old: the daily ScheduledBackup fails (the object store, its access key, or the bucket).",
          ),
          // WAL the object store refused: point-in-time recovery has a hole from the first failure.
          alert(
            "PostgresWALArchivingFailing",
            "ticket",
            withTeam("max by (cluster, namespace, pod) (increase(cnpg_pg_stat_archiver_failed_count[15m])) > 0"),
            "15m",
            "{{ $labels.namespace }}/{{ $labels.pod }} on {{ $labels.cluster }} fails to archive its WAL",
            "PostgreSQL {{ $labels.namespace }}/{{ $labels.pod }} on {{ $labels.cluster }} has failed to archive WAL to the object store for 15 minutes: unarchived WAL piles up on its volume, and recovery to a point in time stops at the first failure.",
          ),
        ]
      : []),
    // The managed databases, to the app's team, from their exporters (cloudwatch-, stackdriver-, azure-metrics-exporter).
    ...managedDatabaseAlerts(p, alert),
    alert(
      "ExternalSecretNotSynced",
      "ticket",
      withTeam('max by (cluster, namespace, name) (externalsecret_status_condition{condition="Ready",status="False"}) == 1'),
      "15m",
      "ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} on {{ $labels.cluster }} does not sync",
      "ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} on {{ $labels.cluster }} has not been Ready for 15 minutes: its Secret is missing or stale (the key is missing in the backend, the store cannot authenticate, or the backend is unreachable).",
    ),
    alert(
      "KyvernoWebhookFailing",
      "page",
      // The API server counts the admissions it refused because it could not call the webhook: with failurePolicy
      // Fail, every pod of every team is refused while Kyverno is down.
      'sum by (cluster, name) (rate(apiserver_admission_webhook_rejection_count{name=~".*kyverno.*",error_type=~"calling_webhook_error|apiserver_internal_error"}[5m])) > 0',
      "10m",
      "{{ $labels.cluster }}'s API server cannot call Kyverno's webhook {{ $labels.name }}",
      "For 10 minutes the API server of {{ $labels.cluster }} has refused requests because Kyverno's webhook {{ $labels.name }} does not answer: with failurePolicy Fail, no pod that passes it can be created or changed.",
      { team: owner },
    ),
    alert(
      "KyvernoPolicyErrors",
      "ticket",
      // An error is not a denial: the policy could not decide (keyless verification cannot reach the registry or Sigstore).
      // The CEL policies (ValidatingPolicy, ImageValidatingPolicy) count in their own metrics, with `result`
      // (Kyverno 1.19, pkg/metrics/vpol.go and ivpol.go); kyverno_policy_results is the ClusterPolicy engine's.
      'sum by (cluster, policy_name) (rate({__name__=~"kyverno_(image_)?validating_policy_results_total",result="error"}[10m])) > 0',
      "15m",
      "Kyverno policy {{ $labels.policy_name }} errors on {{ $labels.cluster }}",
      "Policy {{ $labels.policy_name }} on {{ $labels.cluster }} has been returning errors for 15 minutes, not verdicts: image verification cannot reach the registry or Sigstore, or an expression fails. Requests it errs on are refused.",
      { team: owner },
    ),
    alert(
      "RemoteWriteFailing",
      "ticket",
      "sum by (cluster) (rate(prometheus_remote_storage_samples_failed_total[10m])) > 0",
      "30m",
      "{{ $labels.cluster }}'s Prometheus fails to send samples to the hub",
      "{{ $labels.cluster }}'s remote write to the hub has been dropping samples for 30 minutes; its metrics on the hub have gaps. This sees a partial failure only: when nothing arrives, this metric does not either, and ClusterUnreachable fires instead.",
      { team: owner },
    ),
  ];
}
