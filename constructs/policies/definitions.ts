import { celList, celString } from "../../lib/policy/cel";
import type { GuardrailPolicy } from "../../lib/model/guardrails";

/**
 * The guardrails, each rule written once in CEL. Kyverno evaluates the
 * rendered ValidatingPolicy in the cluster; synth evaluates the very same
 * rendered policy over every workload it renders (lib/checks/policy-gate.ts).
 *
 * Every rule is a list of offenders, written once: it passes when the list
 * is empty, and Kyverno's message names them, such as
 * `containers[app, init].securityContext.privileged: must not be true` or
 * `spec.hostNetwork: must not be true`. Synth turns each into the exact
 * field of the object it renders (under a workload's pod template).
 */
export interface Rule {
  /** Names the rule in findings and fixtures. */
  readonly name: string;
  /** CEL: the offenders, a list of strings (container names, or fields of the pod). */
  readonly offenders: string;
  /** containers: the offenders are container names, and `field` follows each; fields: they are fields of the pod. */
  readonly form: "containers" | "fields";
  /** After containers[<names>]: the field each container breaks, such as .securityContext.privileged. */
  readonly field?: string;
  /** What is wrong. */
  readonly what: string;
}

export interface PolicyDefinition {
  readonly name: GuardrailPolicy;
  readonly title: string;
  readonly description: string;
  /** all: every namespace but Kubernetes' own; tenants: also leaves the platform's add-on namespaces alone. */
  readonly scope: "all" | "tenants";
  /** Kyverno's autogen controllers (resource names); default all six. */
  readonly controllers?: readonly string[];
  readonly matchConditions?: readonly { readonly name: string; readonly expression: string }[];
  /** Variables besides the container lists, before the rules' own. */
  readonly variables?: Readonly<Record<string, string>>;
  readonly rules: readonly Rule[];
}

/** The pod's containers, as variables every policy has. Names are unique across the three lists. */
export const CONTAINER_VARIABLES: Readonly<Record<string, string>> = {
  containers: "object.spec.containers",
  initContainers: "object.spec.?initContainers.orValue([])",
  ephemeralContainers: "object.spec.?ephemeralContainers.orValue([])",
  allContainers: "variables.containers + variables.initContainers + variables.ephemeralContainers",
};

/** Which containers a rule looks at. */
const SETS = {
  all: "variables.allContainers",
  running: "(variables.containers + variables.initContainers)",
  main: "variables.containers",
};

/** A rule over containers: `bad` is CEL over `c`, true for an offending container. */
function containerRule(name: string, set: keyof typeof SETS, bad: string, field: string, what: string): Rule {
  return { name, offenders: `${SETS[set]}.filter(c, ${bad}).map(c, c.name)`, form: "containers", field, what };
}

/** A rule over fields of the pod: `offenders` is CEL giving the offending fields. */
function fieldRule(name: string, offenders: string, what: string): Rule {
  return { name, offenders, form: "fields", what };
}

/** The registries allowed, and the signers' images as RE2 patterns, are the description's. */
export interface PolicyParameters {
  readonly registries: readonly string[];
  /** Anchored RE2 patterns of the images some signer signs. */
  readonly signed: readonly string[];
  /** The label that names a workload's team. */
  readonly teamLabel: string;
}

export function policyDefinitions(params: PolicyParameters): Record<GuardrailPolicy, PolicyDefinition> {
  const team = celString(params.teamLabel);
  return {
    "require-requests-limits": {
      name: "require-requests-limits",
      title: "Require requests and a memory limit",
      description: "Every container and init container requests CPU and memory and sets a memory limit, so the scheduler can place it and a leak cannot starve its node.",
      scope: "tenants",
      rules: [
        containerRule("cpu-request", "running", "!('cpu' in c.?resources.?requests.orValue({}))", ".resources.requests.cpu", "must be set"),
        containerRule("memory-request", "running", "!('memory' in c.?resources.?requests.orValue({}))", ".resources.requests.memory", "must be set"),
        containerRule("memory-limit", "running", "!('memory' in c.?resources.?limits.orValue({}))", ".resources.limits.memory", "must be set"),
      ],
    },
    "restrict-privileges": {
      name: "restrict-privileges",
      title: "Restrict privileges",
      description:
        "What Pod Security 'restricted' demands, enforced by Kyverno too: no privileged container, no privilege escalation, a non-root user, every capability dropped (NET_BIND_SERVICE may be added back) and a RuntimeDefault or Localhost seccomp profile, which may not be left unset.",
      scope: "all",
      rules: [
        containerRule("privileged", "all", "c.?securityContext.?privileged.orValue(false) == true", ".securityContext.privileged", "must not be true"),
        containerRule("privilege-escalation", "all", "c.?securityContext.?allowPrivilegeEscalation.orValue(true) != false", ".securityContext.allowPrivilegeEscalation", "must be false"),
        containerRule(
          "run-as-non-root",
          "all",
          "c.?securityContext.?runAsNonRoot.orValue(object.spec.?securityContext.?runAsNonRoot.orValue(false)) != true",
          ".securityContext.runAsNonRoot",
          "must be true, here or in spec.securityContext",
        ),
        containerRule(
          "run-as-user",
          "all",
          "c.?securityContext.?runAsUser.orValue(object.spec.?securityContext.?runAsUser.orValue(-1)) == 0",
          ".securityContext.runAsUser",
          "must not be 0 (root), here or in spec.securityContext",
        ),
        containerRule("drop-all-capabilities", "all", "!('ALL' in c.?securityContext.?capabilities.?drop.orValue([]))", ".securityContext.capabilities.drop", "must include ALL"),
        containerRule("add-capabilities", "all", "c.?securityContext.?capabilities.?add.orValue([]).exists(x, x != 'NET_BIND_SERVICE')", ".securityContext.capabilities.add", "may add back NET_BIND_SERVICE only"),
        containerRule(
          "seccomp-profile",
          "all",
          "!(c.?securityContext.?seccompProfile.?type.orValue(object.spec.?securityContext.?seccompProfile.?type.orValue('')) in ['RuntimeDefault', 'Localhost'])",
          ".securityContext.seccompProfile.type",
          "must be RuntimeDefault or Localhost, here or in spec.securityContext; unset is refused",
        ),
      ],
    },
    "disallow-host-access": {
      name: "disallow-host-access",
      title: "Disallow host access",
      description: "No pod shares the node's network, process or IPC namespaces, mounts a host path or binds a host port.",
      scope: "all",
      rules: [
        fieldRule("host-namespaces", "['hostNetwork', 'hostPID', 'hostIPC'].filter(k, object.spec[?k].orValue(false) == true).map(k, 'spec.' + k)", "must not be true"),
        fieldRule("host-path", "object.spec.?volumes.orValue([]).filter(v, has(v.hostPath)).map(v, 'spec.volumes[' + v.name + '].hostPath')", "host paths may not be mounted"),
        containerRule("host-ports", "all", "c.?ports.orValue([]).exists(p, p.?hostPort.orValue(0) != 0)", ".ports[*].hostPort", "must be unset or 0"),
      ],
    },
    "restrict-images": {
      name: "restrict-images",
      title: "Restrict images",
      description:
        "Images come only from the registries platform.yaml lists, name a version (a tag other than latest, or a digest), and fall under a signer of platform.yaml, whose ImageValidatingPolicy verifies the signature.",
      scope: "tenants",
      variables: { allowedRegistries: celList(params.registries), signedImages: celList(params.signed) },
      rules: [
        containerRule("registries", "all", "!variables.allowedRegistries.exists(r, c.image.startsWith(r + '/'))", ".image", `must come from a listed registry: ${params.registries.join(", ")}`),
        containerRule("tag", "all", "!(c.image.contains('@') || c.image.substring(c.image.lastIndexOf('/') + 1).contains(':'))", ".image", "must name a tag or a digest"),
        containerRule("no-latest", "all", "c.image.endsWith(':latest') || c.image.contains(':latest@')", ".image", "must not use the tag latest, which moves"),
        // A PolicyException's images (prefixes) waive this rule alone: an operator's own images in a team's namespace.
        containerRule(
          "signed",
          "all",
          "!variables.signedImages.exists(p, c.image.matches(p)) && !exceptions.allowedImages.exists(i, c.image.startsWith(i))",
          ".image",
          "must fall under a signer of platform.yaml (guardrails.signatures)",
        ),
      ],
    },
    "require-labels": {
      name: "require-labels",
      title: "Require labels",
      description: `Every pod names its app (app.kubernetes.io/name) and its team (${params.teamLabel}), which cost and alerts are grouped by.`,
      scope: "tenants",
      rules: [
        fieldRule("name-label", "object.metadata.?labels[?'app.kubernetes.io/name'].orValue('') == '' ? ['metadata.labels[app.kubernetes.io/name]'] : []", "must be set"),
        fieldRule("team-label", `object.metadata.?labels[?${team}].orValue('') == '' ? [${celString(`metadata.labels[${params.teamLabel}]`)}] : []`, "must be set"),
      ],
    },
    "require-probes": {
      name: "require-probes",
      title: "Require probes",
      description: "Every long-running container has a readiness and a liveness probe; pods of Jobs and CronJobs, which run to completion, are left alone.",
      scope: "tenants",
      controllers: ["daemonsets", "deployments", "replicasets", "statefulsets"],
      matchConditions: [{ name: "not-a-job", expression: "!object.metadata.?ownerReferences.orValue([]).exists(o, o.kind == 'Job')" }],
      rules: [
        containerRule("readiness", "main", "!has(c.readinessProbe)", ".readinessProbe", "must be set"),
        containerRule("liveness", "main", "!has(c.livenessProbe)", ".livenessProbe", "must be set"),
      ],
    },
  };
}

/** An image glob (* and ?, * crossing '/') as the anchored RE2 pattern the signed rule matches. */
export function globPattern(glob: string): string {
  return `^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`;
}
