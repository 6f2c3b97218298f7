/** Prometheus rule groups as data: what a PrometheusRule's spec and a promtool rule file both hold. */

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>> & { readonly severity: Severity };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url: string };
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

/** page: someone is woken up; ticket: someone looks during working hours. */
export type Severity = "page" | "ticket";

/** A PromQL string literal. */
export function quote(s: string): string {
  return JSON.stringify(s);
}

/** A label matcher list {k="v",...}. */
export function matchers(labels: Readonly<Record<string, string>>, extra: readonly string[] = []): string {
  return `{${[...Object.entries(labels).map(([k, v]) => `${k}=${quote(v)}`), ...extra].join(",")}}`;
}

/** A number as PromQL writes it, without float noise: 14.4 * 0.001 is 0.0144, not 0.014400000000000001. */
export function num(n: number): string {
  return String(Number(n.toPrecision(12)));
}
