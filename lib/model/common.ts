import { z } from "zod";
import { cidrProblem } from "./cidr";

/**
 * Building blocks shared by every part of platform.yaml. Every object is
 * strict: an unknown key is a typo until proven otherwise, and the error
 * lists the keys that are allowed.
 */
export function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `unknown key${iss.keys.length > 1 ? "s" : ""} ${iss.keys.map((k) => `'${k}'`).join(", ")}; allowed: ${allowed}`
        : undefined,
  });
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A name of ours (cluster, team, app, component): a DNS label without '--',
 * which basecamp uses to join names, so no two joined ids can coincide.
 */
export function name(max = 63) {
  return z
    .string()
    .regex(DNS_LABEL, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit")
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !v.includes("--"), { message: "must not contain '--', which basecamp uses to join names" });
}

export const domain = z
  .string()
  .max(253)
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lowercase DNS name such as example.com");

/** Any IPv4 CIDR, with a message that says what exactly is wrong. */
export const cidr = z.string().superRefine((v, ctx) => {
  const problem = cidrProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const ipv4 = z
  .string()
  .regex(/^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/, "must be an IPv4 address such as 192.168.1.10");

export const email = z.email("must be an e-mail address");

/** An IAM role of the platform's AWS account (a person assumes it through SSO or federation). */
export const iamRoleArn = z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admins");

/** A whole number in [min, max], with one message whatever is wrong with it. */
export function int(min: number, max: number) {
  return z.number({ error: `must be a whole number from ${min} to ${max}` }).superRefine((v, ctx) => {
    if (!Number.isInteger(v) || v < min || v > max) ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max} (got ${v})` });
  });
}

export function quantity(what: string, re: RegExp, example: string) {
  return z.string().regex(re, `must be a Kubernetes ${what} quantity such as ${example}`);
}

export const cpu = quantity("CPU", /^\d+(\.\d+)?m?$/, "8 or 500m");
export const memory = quantity("memory", /^\d+(Ki|Mi|Gi|Ti)?$/, "16Gi");

const IMAGE =
  /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/**
 * An image reference with its registry host named: registry/repo, with a
 * tag, a digest or both. Which registries, tags and signatures are allowed
 * is the guardrails' to say (restrict-images, verify-images-*), at synth
 * and in the cluster alike.
 */
export const image = z.string().regex(IMAGE, "must be an image reference with the registry host named, such as ghcr.io/acme/app:1.2.3@sha256:<64 hex digits>");

export const httpPath = z.string().regex(/^\/[A-Za-z0-9._~\/-]*$/, "must be a path starting with /");

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "must be a lowercase UUID");

export const NODE_SIZES = ["small", "medium", "large"] as const;
export type NodeSize = (typeof NODE_SIZES)[number];
export const nodeSize = z.enum(NODE_SIZES, { error: `must be one of: ${NODE_SIZES.join(", ")}` });
