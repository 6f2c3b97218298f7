import type { Check } from "./check";

/**
 * Shapes of secrets (after secretlint's recommended rules). platform.yaml is
 * committed and its values reach the rendered files; a secret belongs in a
 * secret backend, which basecamp renders references to.
 */
const SHAPES: readonly [string, RegExp][] = [
  ["a private key", /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/],
  ["an AWS access key", /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ["a GitHub token", /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b/],
  ["a GitLab token", /\bglpat-[A-Za-z0-9_-]{20,}/],
  ["a Slack token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ["a Vault token", /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/],
  ["an npm token", /\bnpm_[A-Za-z0-9]{36}\b/],
  ["an API key", /\b(sk-(ant-|proj-)?[A-Za-z0-9_-]{20,}|sk_live_[A-Za-z0-9]{20,}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})/],
  ["a password in a URL", /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
];

/** What kind of secret a string looks like, if any. */
export function secretShape(s: string): string | undefined {
  return SHAPES.find(([, re]) => re.test(s))?.[0];
}

/** No value of the description looks like a secret. */
export const checkNoSecrets: Check = (p, add) => {
  const walk = (v: unknown, path: string) => {
    if (typeof v === "string") {
      const shape = secretShape(v);
      if (shape) add(path, `looks like ${shape}; platform.yaml is committed and its values reach the rendered files: keep the secret in the secret backend, which basecamp renders references to`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  for (const [section, value] of Object.entries(p)) walk(value, section);
};
