import type { Platform } from "../lib/model/schema";

/** Labels on every Kubernetes object basecamp renders. */
export function commonLabels(platform: Platform): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": "basecamp",
    "basecamp.dev/platform": platform.platform.name,
  };
}
