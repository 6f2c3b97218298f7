import { today } from "../model/guardrails";
import { toCel } from "../policy/cel";
import { evaluateAll } from "../policy/engine";
import { evaluateImages, type ImageValidatingPolicy } from "../policy/image-policy";
import { namespaceLabels } from "../policy/match";
import { ruleNames } from "../policy/rules";
import type { PolicyException, Resource, ValidatingPolicy } from "../policy/types";
import type { KubeObject } from "../pipeline/kubernetes";
import { objectsOf, type Check, type Finding, type RenderedTree } from "./finding";
import { podSpecOf } from "./pod-spec";
import { compact } from "../pipeline/memory";

/** What each cluster enforces, as rendered for it. */
interface ClusterPolicies {
  validating: ValidatingPolicy[];
  images: ImageValidatingPolicy[];
  exceptions: PolicyException[];
  namespaces: Map<string, Record<string, string>>;
}

function byCluster(tree: Pick<RenderedTree, "charts">): Map<string, ClusterPolicies> {
  const out = new Map<string, ClusterPolicies>();
  for (const { chart, object } of objectsOf(tree)) {
    const c: ClusterPolicies = out.get(chart.cluster) ?? { validating: [], images: [], exceptions: [], namespaces: new Map() };
    out.set(chart.cluster, c);
    if (object.kind === "ValidatingPolicy") c.validating.push(object as unknown as ValidatingPolicy);
    else if (object.kind === "ImageValidatingPolicy") c.images.push(object as unknown as ImageValidatingPolicy);
    else if (object.kind === "PolicyException" && object.apiVersion.startsWith("policies.kyverno.io/")) c.exceptions.push(object as unknown as PolicyException);
    else if (object.kind === "Namespace") c.namespaces.set(object.metadata.name, object.metadata.labels ?? {});
  }
  return out;
}

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"];

/**
 * A policy's message with its offenders as exact fields of this object:
 * `containers[app].image: ...` becomes the container's own path, and pod
 * fields move under a workload's pod template; each with its value where
 * it has a plain one.
 */
function onObject(message: string, o: KubeObject): string {
  const pod = podSpecOf(o);
  const cut = message.indexOf(": ");
  if (!pod || cut < 0) return message;
  const head = message.slice(0, cut);
  const meta = pod.path.replace(/spec$/, "metadata");
  const named = /^containers\[(.*)\](.*)$/.exec(head);
  const fields = named
    ? named[1].split(", ").map((n) => `${pod.path}.${CONTAINER_LISTS.find((l) => (pod.spec[l] ?? []).some((c: any) => c.name === n)) ?? "containers"}[${n}]${named[2]}`)
    : head.split(", ").map((f) => (f.startsWith("spec.") ? `${pod.path}${f.slice(4)}` : f.startsWith("metadata.") ? `${meta}${f.slice(8)}` : f));
  return `${fields.map((f) => withValue(o, f)).join(", ")}${message.slice(cut)}`;
}

/** A field followed by its value, when the path leads to a string, number or boolean. */
function withValue(o: unknown, field: string): string {
  let v: any = o;
  for (const [, key, index] of field.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (v === undefined || v === null || index === "*") return field;
    v = key !== undefined ? v[key] : Array.isArray(v) ? v.find((x: any) => x?.name === index) : v[index];
  }
  return ["string", "number", "boolean"].includes(typeof v) ? `${field} (${v})` : field;
}

/** The description field of an image rule: the component's own image, else the app's. */
function imageSource(tree: RenderedTree, source: string | undefined): string | undefined {
  const m = source && /^apps\[(\d+)\](?:\.components\[(\d+)\])?/.exec(source);
  if (!m) return source;
  const app = tree.description.platform.apps[Number(m[1])];
  if (m[2] !== undefined && app?.components?.[Number(m[2])]?.image) return `apps[${m[1]}].components[${m[2]}].image`;
  return `apps[${m[1]}].image`;
}

const IMAGE_POLICIES = new Set(["restrict-images"]);

/**
 * The guardrails at synth: every workload rendered for a cluster against
 * every ValidatingPolicy rendered for that cluster, by the same CEL Kyverno
 * runs (lib/policy/engine.ts), with the exceptions rendered there; and each
 * ImageValidatingPolicy's digest requirement. A violation is an error that
 * names the policy, the rule, the object, the field and the description
 * line it came from, once for all the clusters it breaks on.
 */
export const policyGate: Check = {
  name: "policy-gate",
  run(tree) {
    const clusters = byCluster(tree);
    const found = new Map<string, { finding: Finding; clusters: string[] }>();
    const report = (key: string, cluster: string, finding: Finding) => {
      const entry = found.get(key);
      if (entry) entry.clusters.push(cluster);
      else found.set(key, { finding, clusters: [cluster] });
    };
    let evaluated = 0;
    for (const { chart, object, origin } of objectsOf(tree)) {
      if (!podSpecOf(object)) continue;
      // Each evaluation's CEL values are garbage at once: a fleet's are collected as they go, not all at the end.
      if (++evaluated % 500 === 0) compact();
      const c = clusters.get(chart.cluster);
      if (!c) continue;
      const ns = object.metadata.namespace;
      const admission = { namespaceLabels: ns ? namespaceLabels(ns, c.namespaces.get(ns)) : undefined, exceptions: c.exceptions, converted: toCel(object) };
      const what = `${object.kind}/${ns ? `${ns}/` : ""}${object.metadata.name}`;
      for (const policy of c.validating) {
        const rules = ruleNames(policy);
        for (const v of evaluateAll(policy, object as unknown as Resource, admission)) {
          if (v.result !== "fail" && v.result !== "error") continue;
          const rule = v.validation === undefined ? "(match)" : rules[v.validation];
          const message = v.result === "fail" ? onObject(v.message, object) : `could not be evaluated: ${v.message}`;
          const source = IMAGE_POLICIES.has(policy.metadata.name) ? imageSource(tree, origin.source) : origin.source;
          report(`${policy.metadata.name}/${rule}/${what}/${message}`, chart.cluster, {
            severity: "error",
            where: `${chart.id}/${what}`,
            source,
            message: `policy ${policy.metadata.name}, rule ${rule}: ${message}`,
          });
        }
      }
      for (const policy of c.images) {
        const v = evaluateImages(policy, object as unknown as Resource, admission);
        if (v.result !== "fail") continue;
        report(`${policy.metadata.name}/digest/${what}/${v.message}`, chart.cluster, {
          severity: "error",
          where: `${chart.id}/${what}`,
          source: imageSource(tree, origin.source),
          message: `policy ${policy.metadata.name}, rule digest: ${v.message}; pin it as registry/repository:tag@sha256:<digest>, which Kyverno verifies the signature of`,
        });
      }
    }
    return [...found.values()].map(({ finding, clusters: on }) => ({ ...finding, message: `${finding.message} (on ${on.join(", ")})` }));
  },
};

const SOON_DAYS = 14;

/** A warning for each exception that lapses within two weeks: synth refuses the description the day after. */
export const exceptionsStayCurrent: Check = {
  name: "exceptions-stay-current",
  run(tree) {
    const now = Date.parse(`${today()}T00:00:00Z`);
    return tree.description.platform.guardrails.exceptions.flatMap((e, i): Finding[] => {
      const days = Math.round((Date.parse(`${e.expires}T00:00:00Z`) - now) / 86_400_000);
      if (days > SOON_DAYS) return [];
      return [
        {
          severity: "warning",
          where: `guardrails/exceptions/${e.app ?? e.namespace}.${e.policy}`,
          source: `guardrails.exceptions[${i}].expires`,
          message: `expires ${days === 0 ? "today" : `in ${days} day${days === 1 ? "" : "s"}`} (${e.expires}); fix what it excuses, or renew it`,
        },
      ];
    });
  },
};

/**
 * An exception that lets an operator's images pass the signed rule
 * (CloudNativePG's in a team's namespace) is of no use unless their
 * registry is listed: the registries rule would still refuse the pods.
 */
export const waivedImagesAreAllowed: Check = {
  name: "waived-images-are-allowed",
  run(tree) {
    const registries = tree.description.platform.guardrails.registries;
    const found = new Map<string, Finding>();
    for (const { object, origin, label } of objectsOf(tree)) {
      if (object.kind !== "PolicyException" || !object.apiVersion.startsWith("policies.kyverno.io/")) continue;
      for (const image of ((object as any).spec.images ?? []) as string[]) {
        if (registries.some((r) => image.startsWith(`${r}/`))) continue;
        const registry = image.replace(/\/$/, "");
        found.set(registry, {
          severity: "error",
          where: label,
          source: "guardrails.registries",
          message: `${(object.metadata.annotations ?? {})["basecamp.dev/reason"] ?? `the exception ${object.metadata.name} waives images of ${registry}`}; list ${registry} here, or its pods are refused by restrict-images (rule registries), first required by ${origin.source ?? object.metadata.name}`,
        });
      }
    }
    return [...found.values()];
  },
};
