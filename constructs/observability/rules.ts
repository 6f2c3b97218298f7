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

/** page: someone is woken up; ticket: someone looks during working hours; none: the Watchdog's heartbeat. */
export type Severity = "page" | "ticket" | "none";

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

/**
 * A bucket boundary as Prometheus 3 stores the `le` label of a classic
 * histogram (normalised at scrape, model/textparse): Go's shortest %g, with
 * ".0" appended when it has neither a point nor an exponent. 1 is "1.0",
 * 0.25 is "0.25", 10 is "10.0", 0.00005 is "5e-05". A matcher le="1" matches nothing.
 */
export function leValue(n: number): string {
  const [mantissa, e] = n.toExponential().split("e");
  const exp = Number(e);
  const digits = mantissa.replace(".", "").replace("-", "").length;
  const dp = exp + 1;
  const eprec = 6 > digits && digits >= dp ? digits : 6;
  if (exp < -4 || exp >= eprec) return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  const plain = String(n);
  return /[.e]/.test(plain) ? plain : `${plain}.0`;
}
