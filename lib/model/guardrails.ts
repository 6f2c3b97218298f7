import { z } from "zod";
import { re2, Re2Error } from "../policy/re2";
import { name, strict } from "./common";
import { named, unique, type Check } from "./check";

/** The Kyverno ValidatingPolicies every cluster enforces (constructs/policies holds their rules). */
export const GUARDRAIL_POLICIES = [
  "require-requests-limits",
  "restrict-privileges",
  "disallow-host-access",
  "restrict-images",
  "require-labels",
  "require-probes",
] as const;
export type GuardrailPolicy = (typeof GUARDRAIL_POLICIES)[number];

/** The ImageValidatingPolicy of one signatures entry. */
export function signaturePolicyName(signer: string): string {
  return `verify-images-${signer}`;
}

const REGISTRY = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const registry = z.string().regex(REGISTRY, "must be a registry host with an optional path, such as ghcr.io/acme, without scheme or trailing '/'");

const GLOB = /^[a-z0-9.:/_@-]*[*?][a-z0-9.:/_@*?-]*$/;
const imageGlob = z.string().regex(GLOB, "must be an image glob such as ghcr.io/acme/*: letters, digits, . : / _ @ - and the wildcards * and ?");

const PUBLIC_KEY = /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n?$/;
const publicKey = z.string().superRefine((v, ctx) => {
  if (/PRIVATE KEY/.test(v)) ctx.addIssue({ code: "custom", message: "is a private key; give the signer's public key (cosign public-key), and keep the private one out of the repository" });
  else if (!PUBLIC_KEY.test(v)) ctx.addIssue({ code: "custom", message: "must be a PEM public key: -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----" });
});

const keyless = strict({
  /** The OIDC issuer of the signing identity, such as https://token.actions.githubusercontent.com. */
  issuer: z.string().regex(/^https:\/\/[^\s/$.?#][^\s]*$/, "must be an https:// URL"),
  /** The certificate's exact subject (for GitHub Actions, the workflow's ref). */
  subject: z.string().min(1).optional(),
  /** Or an RE2 expression the subject must match. */
  subjectRegExp: z
    .string()
    .min(1)
    .superRefine((v, ctx) => {
      try {
        re2(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: `is not an RE2 regular expression: ${e instanceof Re2Error ? e.message : String(e)}` });
      }
    })
    .optional(),
});

const signature = strict({
  /** Names the ImageValidatingPolicy verify-images-<name>. */
  name: name(40),
  /** The images this signer must have signed (a glob: * also crosses '/'). */
  images: imageGlob,
  /** Cosign keyless: the identity that signs in CI. */
  keyless: keyless.optional(),
  /** Or a cosign public key, PEM. */
  key: publicKey.optional(),
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const exception = strict({
  /** The guardrail that does not apply. */
  policy: z.string().min(1),
  /** The app it does not apply to (in its team's namespace)... */
  app: name().optional(),
  /** ...or the whole namespace of a team. */
  namespace: name().optional(),
  /** Why, for the reviewer and for whoever renews it. */
  reason: z.string().min(10, "say why in a sentence (at least 10 characters)"),
  /** The last day it holds (YYYY-MM-DD, UTC); from the day after, synth refuses the description. */
  expires: z
    .string()
    .regex(DATE, "must be a date: YYYY-MM-DD")
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { message: "is not a calendar date" }),
});

/** What the clusters' Kyverno enforces beyond the fixed policies: where images come from, who signs them, and exceptions. */
export const guardrails = strict({
  /** Registries (and path prefixes) that app images may come from. */
  registries: z.array(registry).min(1, "list at least one registry"),
  /** Who must have signed which images; every app image must fall under one. */
  signatures: z.array(signature).min(1, "describe at least one signer: every app image must be signed"),
  exceptions: z.array(exception).default([]),
});

export type Guardrails = z.output<typeof guardrails>;
export type GuardrailException = Guardrails["exceptions"][number];

/** Today, UTC, as YYYY-MM-DD: exceptions expire at its start. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export const checkGuardrails: Check = (p, add) => {
  const g = p.guardrails;
  const registries: string[] = Array.isArray(g.registries) ? g.registries.filter((r: unknown) => typeof r === "string") : [];
  registries.forEach((r, i) => {
    if (registries.indexOf(r) !== i) add(`guardrails.registries[${i}]`, `'${r}' is listed twice`);
  });
  const signatures = Array.isArray(g.signatures) ? g.signatures : [];
  unique(signatures, "guardrails.signatures", "signature", add);
  signatures.forEach((s: any, i: number) => {
    const at = `guardrails.signatures[${i}]`;
    if (typeof s !== "object" || s === null) return;
    if ((s.keyless === undefined) === (s.key === undefined)) add(at, "needs exactly one of keyless (issuer and subject) or key (a public key)");
    const k = s.keyless;
    if (k && typeof k === "object" && (k.subject === undefined) === (k.subjectRegExp === undefined)) {
      add(`${at}.keyless`, "needs exactly one of subject or subjectRegExp");
    }
    if (typeof s.images === "string") {
      const prefix = s.images.split(/[*?]/)[0];
      const under = registries.some((r) => prefix.startsWith(`${r}/`) || r.startsWith(prefix));
      if (registries.length > 0 && !under) add(`${at}.images`, `'${s.images}' is under no registry of guardrails.registries (${registries.join(", ")}); images from there are refused anyway`);
    }
  });

  const policies = [...GUARDRAIL_POLICIES, ...named(signatures).map((s) => signaturePolicyName(s.name))];
  const apps = named(p.apps).map((a) => a.name);
  const teams = named(p.teams).map((t) => t.name);
  const exceptions = Array.isArray(g.exceptions) ? g.exceptions : [];
  const seen = new Map<string, number>();
  exceptions.forEach((e: any, i: number) => {
    const at = `guardrails.exceptions[${i}]`;
    if (typeof e !== "object" || e === null) return;
    if (typeof e.policy === "string" && !policies.includes(e.policy)) add(`${at}.policy`, `'${e.policy}' is not a guardrail; allowed: ${policies.join(", ")}`);
    if ((e.app === undefined) === (e.namespace === undefined)) add(at, "needs exactly one of app or namespace");
    if (typeof e.app === "string" && !apps.includes(e.app)) add(`${at}.app`, `'${e.app}' is not an app; allowed: ${apps.join(", ") || "(no apps are described)"}`);
    if (typeof e.namespace === "string" && !teams.includes(e.namespace)) {
      add(`${at}.namespace`, `'${e.namespace}' is not a team's namespace; allowed: ${teams.join(", ") || "(no teams are described)"} (platform namespaces are outside the tenant guardrails already)`);
    }
    if (typeof e.expires === "string" && DATE.test(e.expires) && e.expires < today()) {
      add(`${at}.expires`, `expired on ${e.expires} (today is ${today()}); fix what it excused and remove it, or renew it with a new date and reason`);
    }
    const key = `${e.policy}/${e.app ?? ""}/${e.namespace ?? ""}`;
    const first = seen.get(key);
    if (first !== undefined) add(at, `excepts the same as guardrails.exceptions[${first}]; keep one`);
    else seen.set(key, i);
  });
};
