import type { Platform } from "../lib/model/schema";

/** Tags on every cloud resource; keys and values are valid GCP labels too. */
export function platformTags(platform: Platform, stack: string): Record<string, string> {
  return {
    "managed-by": "basecamp",
    platform: platform.platform.name,
    stack,
  };
}
