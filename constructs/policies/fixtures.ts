import { createHash } from "crypto";
import type { PolicyDefinition } from "./definitions";
import { globRegExp } from "../../lib/policy/image-policy";

/**
 * The Kyverno CLI fixtures of each policy: one pod that passes every rule,
 * and for each rule a pod that breaks that rule alone, each also as a
 * Deployment (which Kyverno's autogen checks through its pod template).
 * Emitted beside the rendered tree so a user's CI runs `kyverno test`, and
 * run through the synth-time engine by basecamp's own tests.
 */
export const FIXTURE_NAMESPACE = "fixtures";

type Pod = { apiVersion: string; kind: string; metadata: any; spec: any };
type Break = (pod: Pod, images: FixtureImages) => void;

export interface FixtureImages {
  /** Under a listed registry and a signer's glob, with tag and digest. */
  readonly signed: string;
  /** Under a listed registry, under no signer's glob; none when every allowed image must be signed. */
  readonly unsigned?: string;
}

/** How to break each rule, by policy and rule name. */
export const BREAKS: Readonly<Record<string, Readonly<Record<string, Break>>>> = {
  "require-requests-limits": {
    "cpu-request": (p) => delete p.spec.containers[0].resources.requests.cpu,
    "memory-request": (p) => delete p.spec.containers[0].resources.requests.memory,
    "memory-limit": (p) => delete p.spec.containers[0].resources.limits.memory,
  },
  "restrict-privileges": {
    privileged: (p) => (p.spec.containers[0].securityContext.privileged = true),
    "privilege-escalation": (p) => delete p.spec.containers[0].securityContext.allowPrivilegeEscalation,
    "run-as-non-root": (p) => (p.spec.securityContext.runAsNonRoot = false),
    "run-as-user": (p) => (p.spec.securityContext.runAsUser = 0),
    "drop-all-capabilities": (p) => (p.spec.containers[0].securityContext.capabilities.drop = ["NET_RAW"]),
    "add-capabilities": (p) => (p.spec.containers[0].securityContext.capabilities.add = ["SYS_ADMIN"]),
    // Unset, the gap of Kyverno's own restrict-seccomp-strict.
    "seccomp-profile": (p) => delete p.spec.securityContext.seccompProfile,
  },
  "disallow-host-access": {
    "host-namespaces": (p) => (p.spec.hostNetwork = true),
    "host-path": (p) => {
      p.spec.volumes = [{ name: "host", hostPath: { path: "/var/run" } }];
    },
    "host-ports": (p) => (p.spec.containers[0].ports = [{ containerPort: 8080, hostPort: 8080 }]),
  },
  "restrict-images": {
    registries: (p) => (p.spec.containers[0].image = `docker.io/library/nginx:1.29.3@${digest("nginx")}`),
    tag: (p, i) => (p.spec.containers[0].image = repository(i.signed)),
    "no-latest": (p, i) => (p.spec.containers[0].image = `${repository(i.signed)}:latest`),
    signed: (p, i) => (p.spec.containers[0].image = i.unsigned!),
  },
  "require-labels": {
    "name-label": (p) => delete p.metadata.labels["app.kubernetes.io/name"],
    "team-label": (p) => delete p.metadata.labels[Object.keys(p.metadata.labels).find((k) => k !== "app.kubernetes.io/name")!],
  },
  "require-probes": {
    readiness: (p) => delete p.spec.containers[0].readinessProbe,
    liveness: (p) => delete p.spec.containers[0].livenessProbe,
  },
};

/** An image without its tag and digest. */
function repository(image: string): string {
  const name = image.split("@")[0];
  const slash = name.lastIndexOf("/");
  const colon = name.indexOf(":", slash);
  return colon < 0 ? name : name.slice(0, colon);
}

/** A well-formed, made-up digest: fixtures are never pulled. */
function digest(seed: string): string {
  return `sha256:${createHash("sha256").update(seed).digest("hex")}`;
}

/** Fixture images from the description: one a signer covers, and one in a listed registry that none does. */
export function fixtureImages(registries: readonly string[], globs: readonly string[]): FixtureImages {
  const allowed = (i: string) => registries.some((r) => i.startsWith(`${r}/`));
  const signedBy = (i: string) => globs.some((g) => globRegExp(g).test(i));
  const candidates = globs.map((g) => {
    const base = g.replace(/\*/g, "fixture").replace(/\?/g, "x");
    const tagged = base.slice(base.lastIndexOf("/") + 1).includes(":") ? base : `${base}:1.0.0`;
    return `${tagged}@${digest(tagged)}`;
  });
  const signed = candidates.find((i) => allowed(i) && signedBy(i));
  if (!signed) throw new Error(`no fixture image fits both guardrails.registries and a signer's glob (${globs.join(", ")})`);
  const unsigned = registries.map((r) => `${r}/unsigned-fixture:1.0.0@${digest(r)}`).find((i) => !signedBy(i));
  return { signed, unsigned };
}

/** A pod that every guardrail admits. */
export function compliantPod(name: string, teamLabel: string, image: string): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: FIXTURE_NAMESPACE, labels: { "app.kubernetes.io/name": name, [teamLabel]: FIXTURE_NAMESPACE } },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "app",
          image,
          ports: [{ containerPort: 8080 }],
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
          readinessProbe: { httpGet: { path: "/readyz", port: 8080 } },
          livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        },
      ],
    },
  };
}

/** The pod as a Deployment's template. */
export function asDeployment(pod: Pod): Pod {
  const { name, namespace, labels } = pod.metadata;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels },
    spec: { replicas: 1, selector: { matchLabels: { "basecamp.dev/fixture": name } }, template: { metadata: { labels: { ...labels, "basecamp.dev/fixture": name } }, spec: pod.spec } },
  };
}

export interface FixtureCase {
  readonly name: string;
  /** The rule it breaks; none for the passing one. */
  readonly rule?: string;
  readonly objects: readonly Pod[];
}

/** A policy's cases: the passing pod and one per rule it can be broken by. */
export function policyCases(def: PolicyDefinition, teamLabel: string, images: FixtureImages): FixtureCase[] {
  const breaks = BREAKS[def.name] ?? {};
  const cases: FixtureCase[] = [{ name: "pass", objects: both(compliantPod("pass", teamLabel, images.signed)) }];
  for (const rule of def.rules) {
    const brk = breaks[rule.name];
    if (!brk) throw new Error(`policy ${def.name}: rule ${rule.name} has no fixture in constructs/policies/fixtures.ts`);
    if (rule.name === "signed" && !images.unsigned) continue; // every allowed image must be signed: no image breaks this rule alone
    const pod = compliantPod(`fail-${rule.name}`, teamLabel, images.signed);
    brk(pod, images);
    cases.push({ name: `fail-${rule.name}`, rule: rule.name, objects: both(pod) });
  }
  return cases;
}

function both(pod: Pod): Pod[] {
  return [pod, asDeployment(JSON.parse(JSON.stringify(pod)))];
}
