import { z } from "zod";
import { int, strict } from "./common";
import type { Check } from "./check";

/**
 * The SLO windows basecamp has a burn-rate factor set for. For 30 days:
 * page when 2% of the budget burns in an hour (14.4x, checked over 1h and
 * 5m) or 5% in six hours (6x over 6h and 30m); open a ticket when 10% burns
 * in a day (3x over 1d and 2h) or 10% in three days (1x over 3d and 6h).
 */
export const BURN_RATES = {
  "30d": [
    { severity: "page", factor: 14.4, long: "1h", short: "5m" },
    { severity: "page", factor: 6, long: "6h", short: "30m" },
    { severity: "ticket", factor: 3, long: "1d", short: "2h" },
    { severity: "ticket", factor: 1, long: "3d", short: "6h" },
  ],
} as const;
export type SloWindow = keyof typeof BURN_RATES;
export const SLO_WINDOWS = Object.keys(BURN_RATES) as SloWindow[];

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const metricName = z.string().regex(METRIC, "must be a Prometheus metric name: letters, digits, '_' and ':'");

/** What the app exposes for Prometheus, scraped on every cluster it runs on. */
export const appMetrics = strict({
  /** @default the app's port */
  port: int(1, 65535).optional(),
  path: z.string().regex(/^\/[A-Za-z0-9._~\/-]*$/, "must be a path starting with /").default("/metrics"),
  /** A counter of requests with a `code` label (the HTTP status): the availability SLI. */
  requests: metricName.optional(),
  /** A histogram of request durations in seconds (its _bucket series): the latency SLI. */
  latency: metricName.optional(),
  /** The label of both that names the request's route or handler: with it, the SLIs leave out the health endpoints. */
  route: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "must be a Prometheus label name: letters, digits and '_'").optional(),
  /**
   * The histogram's bucket boundaries (le), in seconds, as the app declares them: a latency threshold must be
   * one (between two boundaries the SLI cannot count). The Prometheus clients' defaults are
   * 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10.
   */
  buckets: z.array(z.number({ error: "must be a number of seconds" }).positive("must be more than 0 seconds")).min(1, "list at least one boundary").optional(),
});

/** A percentage objective: strictly between 0 and 100. */
const objective = z.number({ error: "must be a percentage such as 99.9" });

export const appSlo = strict({
  /** Percent of requests that succeed (no 5xx), such as 99.9. */
  availability: objective.optional(),
  /** Percent of requests faster than `threshold`. */
  latency: strict({
    /** Seconds; one of the histogram's declared buckets (metrics.buckets), such as 0.25. */
    threshold: z.number({ error: "must be a number of seconds such as 0.25" }).positive("must be more than 0 seconds"),
    objective,
  }).optional(),
  /** The window the objectives hold over. */
  window: z.string().default("30d"),
});

export type AppSlo = z.output<typeof appSlo>;

export const checkSlos: Check = (p, add) => {
  p.apps.forEach((a, i) => {
    const slo = a.slo;
    if (!slo || typeof slo !== "object") return;
    const at = `apps[${i}].slo`;
    const check = (path: string, v: unknown) => {
      if (typeof v !== "number") return;
      if (v >= 100) add(path, `${v}% leaves no error budget: every failed request would breach it; choose less than 100, such as 99.9`);
      else if (v <= 0) add(path, `must be more than 0 (got ${v})`);
    };
    check(`${at}.availability`, slo.availability);
    check(`${at}.latency.objective`, slo.latency?.objective);
    if (typeof slo.window === "string" && !(slo.window in BURN_RATES)) {
      add(`${at}.window`, `'${slo.window}' has no burn-rate factor set; allowed: ${SLO_WINDOWS.join(", ")}`);
    }
    const metrics = a.metrics ?? {};
    if (slo.availability !== undefined && metrics.requests === undefined) {
      add(`${at}.availability`, `needs apps[${i}].metrics.requests, the counter of requests by status code the availability SLI is computed from`);
    }
    if (slo.latency !== undefined && metrics.latency === undefined) {
      add(`${at}.latency`, `needs apps[${i}].metrics.latency, the request duration histogram the latency SLI is computed from`);
    }
    const buckets = metrics.buckets;
    if (Array.isArray(buckets) && buckets.some((b, j) => j > 0 && !(b > buckets[j - 1]))) {
      add(`apps[${i}].metrics.buckets`, `must rise strictly, as a histogram's boundaries do (got ${buckets.join(", ")})`);
    }
    const threshold = slo.latency?.threshold;
    if (slo.latency !== undefined && metrics.latency !== undefined && typeof threshold === "number") {
      if (!Array.isArray(buckets)) add(`apps[${i}].metrics.buckets`, `needs the boundaries of ${metrics.latency}, which the latency threshold ${threshold} must be one of`);
      else if (!buckets.includes(threshold)) {
        add(`${at}.latency.threshold`, `${threshold} is not a bucket of ${metrics.latency} (${buckets.join(", ")}): the SLI counts the requests under a boundary, so between two it counts none; choose one of them`);
      }
    }
    if (slo.availability === undefined && slo.latency === undefined) add(at, "names no objective; give availability, latency or both");
  });
};
