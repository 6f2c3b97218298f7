/**
 * When a cloud may upgrade or patch what basecamp runs, in UTC, the same on
 * every cloud: the clusters (control plane and nodes' Kubernetes) early on
 * Sunday, node images early on Saturday, the databases after the clusters.
 * Six hours each: GKE wants at least 48 hours of windows in 32 days.
 */
export const MAINTENANCE = {
  cluster: { day: "Sunday", startHour: 2, hours: 6 },
  nodeImages: { day: "Saturday", startHour: 2, hours: 6 },
  database: { day: "Sunday", startHour: 9, hours: 1 },
} as const;

/** The first day of GKE's recurring window (a Sunday): fixed, so every synth writes the same bytes. */
export const GKE_WINDOW_FIRST_DAY = "2026-01-04";

/** An hour as HH:00. */
export function hourOf(h: number): string {
  return `${String(h).padStart(2, "0")}:00`;
}
