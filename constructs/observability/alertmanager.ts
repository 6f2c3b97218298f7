import type { Resolved } from "../../lib/model/resolve";
import { PAGE_ALERT, TICKET_ALERT } from "./slo";

/** The Secret Alertmanager mounts (alertmanagerSpec.secrets): each team's Slack webhook URL and PagerDuty routing key. */
export const RECEIVERS_SECRET = "alertmanager-receivers";
const SECRETS_DIR = `/etc/alertmanager/secrets/${RECEIVERS_SECRET}`;

export const slackKey = (team: string) => `${team}-slack-webhook-url`;
/** The heartbeat URL's file in the Secret, and its key in the hub's backend. */
export const HEARTBEAT_FILE = "deadmansswitch-url";
export const HEARTBEAT_KEY = "alerting/heartbeat";
export const WATCHDOG = "Watchdog";

/**
 * The receivers' Secret names, in this annotation, the keys still holding the stack's placeholder (SET-ME):
 * kube-state-metrics exports it (kube_secret_annotations), and ReceiversUnset says so until they are set.
 */
export const UNSET_RECEIVERS = "basecamp.dev/unset-receivers";

/** ESO's template of that annotation: each key whose value still holds the placeholder, space-separated. */
export function unsetReceiversTemplate(keys: readonly string[]): string {
  return keys.map((k) => `{{ if contains "SET-ME" (index . "${k}") }}${k} {{ end }}`).join("");
}
export const pagerdutyKey = (team: string) => `${team}-pagerduty-routing-key`;

const HEARTBEAT_RECEIVER = "deadmansswitch";

const TEXT = '{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}';

/**
 * Alertmanager's routing, by team and then by severity: an alert with a
 * team label goes to that team's receivers (pages to PagerDuty where the
 * team has it, else to Slack; tickets to Slack), any other alert to the
 * platform owner's. The kube-prometheus mixin's severities route alike:
 * critical pages, warning and info open tickets. The Watchdog, which always
 * fires, goes to the dead man's switch every minute: when its calls stop,
 * that service alerts from outside. Credentials are read from files of the
 * mounted Secret, never written here. A page silences the ticket of the same
 * SLO or cluster.
 */
export function alertmanagerConfig(p: Resolved): Record<string, unknown> {
  const owner = p.platform.platform.owner;
  const teams = p.teams.filter((t) => t.alerts);
  const receivers = teams.flatMap((t) => {
    const slack = { api_url_file: `${SECRETS_DIR}/${slackKey(t.name)}`, channel: t.alerts!.slack, send_resolved: true, title: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}", text: TEXT };
    const page = t.alerts!.pagerduty
      ? { name: `${t.name}-page`, pagerduty_configs: [{ routing_key_file: `${SECRETS_DIR}/${pagerdutyKey(t.name)}`, severity: "critical", send_resolved: true }] }
      : { name: `${t.name}-page`, slack_configs: [slack] };
    return [page, { name: `${t.name}-ticket`, slack_configs: [slack] }];
  });
  const byTeam = (team: string, matchers: string[]) => ({
    matchers,
    receiver: `${team}-ticket`,
    routes: [{ matchers: ['severity=~"page|critical"'], receiver: `${team}-page` }],
  });
  return {
    route: {
      receiver: `${owner}-ticket`,
      group_by: ["alertname", "cluster", "slo", "namespace"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [
        { matchers: [`alertname="${WATCHDOG}"`], receiver: HEARTBEAT_RECEIVER, group_wait: "0s", group_interval: "1m", repeat_interval: "1m" },
        // The mixin's InfoInhibitor only mutes info alerts (below); it is nobody's to read.
        { matchers: ['alertname="InfoInhibitor"'], receiver: "null" },
        // Placeholders in the receivers: tell the owner's page receiver too, in case the ticket one is a placeholder.
        { matchers: ['alertname="ReceiversUnset"'], receiver: `${owner}-page`, continue: true },
        ...teams.filter((t) => t.name !== owner).map((t) => byTeam(t.name, [`team="${t.name}"`])),
        byTeam(owner, []),
      ],
    },
    inhibit_rules: [
      { source_matchers: [`alertname="${PAGE_ALERT}"`], target_matchers: [`alertname="${TICKET_ALERT}"`], equal: ["slo"] },
      // While an SLO pages, a Gateway's 5xx page is the same outage seen from the front: one page is enough.
      { source_matchers: [`alertname="${PAGE_ALERT}"`], target_matchers: ['alertname="IngressErrors"'] },
      // An unreachable cluster explains every other alert from it.
      { source_matchers: ['alertname="ClusterUnreachable"'], target_matchers: ['alertname!="ClusterUnreachable"'], equal: ["cluster"] },
      // The mixin's: info alerts only alongside a warning or critical one in the same namespace.
      { source_matchers: ['alertname="InfoInhibitor"'], target_matchers: ['severity="info"'], equal: ["cluster", "namespace"] },
    ],
    receivers: [...receivers, { name: HEARTBEAT_RECEIVER, webhook_configs: [{ url_file: `${SECRETS_DIR}/${HEARTBEAT_FILE}`, send_resolved: false }] }, { name: "null" }],
  };
}
