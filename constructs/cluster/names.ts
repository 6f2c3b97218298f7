import { createHash } from "crypto";

/** A short, stable hash: names that must be globally unique stay the same on every synth. */
export function shortHash(text: string, length = 6): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** The PostgreSQL database (and owner) name of an app: app names may hold '-', SQL names should not. */
export function databaseName(app: string): string {
  return app.replace(/-/g, "_");
}

/** `base` cut to fit `max` with a hash of the whole, so two long names never meet. */
export function fitName(base: string, max: number): string {
  if (base.length <= max) return base;
  const hash = shortHash(base, 6);
  return `${base.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}
