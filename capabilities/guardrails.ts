import { kyverno } from "../constructs/addons/kyverno";
import type { AddOn } from "../constructs/argocd/add-on";
import { globPattern, policyDefinitions } from "../constructs/policies/definitions";
import { CNPG_REGISTRY } from "../constructs/addons/cloudnative-pg";
import { cnpgClusterName } from "../constructs/k8s/database";
import { describedException, labelIs, policyException } from "../constructs/policies/exception";
import { fixtureImages } from "../constructs/policies/fixtures";
import { imageValidatingPolicy } from "../constructs/policies/image-policy";
import { validatingPolicy } from "../constructs/policies/validating-policy";
import type { Capability, SynthContext } from "../lib/capability";
import { exceptionsStayCurrent, policyGate, waivedImagesAreAllowed } from "../lib/checks/policy-gate";
import { GUARDRAIL_POLICIES } from "../lib/model/guardrails";
import { cnpgHere, type ResolvedCluster } from "../lib/model/resolve";
import { REDIS_IMAGE } from "../lib/model/apps";
import { redisName } from "../manifests/app-values";
import { commonLabels } from "../manifests/labels";
import { PolicyChart, type PolicyObject } from "../manifests/policy-chart";
import { fixtureFiles } from "../manifests/policy-tests";
import { databaseRolesName } from "../constructs/k8s/database-roles";
import { TRAITS } from "../constructs/cluster/traits";
import type { Provider } from "../lib/model/schema";

/** Kubernetes' own namespaces, which no guardrail touches. */
export const SYSTEM_NAMESPACES = ["kube-node-lease", "kube-public", "kube-system"];
/** The label that names a workload's team. */
export const TEAM_LABEL = "basecamp.dev/team";
const APP_LABEL = "basecamp.dev/app";

/**
 * What each policy leaves alone: Kubernetes' namespaces and the provider's own (GKE's managed Prometheus,
 * say, which no team runs), plus the add-ons' for the tenant rules, plus those whose add-on needs more
 * than Pod Security 'restricted'.
 */
function excludedNamespaces(addOns: readonly AddOn[], provider: Provider): { all: string[]; tenants: string[] } {
  const unrestricted = addOns.filter((a) => a.podSecurity !== "restricted").map((a) => a.namespace);
  const platform = addOns.map((a) => a.namespace);
  const system = [...SYSTEM_NAMESPACES, ...TRAITS[provider].managedNamespaces];
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return { all: uniq([...system, ...unrestricted]), tenants: uniq([...system, ...platform]) };
}

/** The definitions with the description's parameters. */
export function definitions(ctx: SynthContext) {
  const g = ctx.resolved.platform.guardrails;
  return policyDefinitions({ registries: g.registries, signed: g.signatures.map((s) => globPattern(s.images)), teamLabel: TEAM_LABEL });
}

/** Every policy object one cluster gets, with the field of platform.yaml each comes from. */
export function clusterPolicies(ctx: SynthContext, cluster: ResolvedCluster): PolicyObject[] {
  const p = ctx.resolved;
  const g = p.platform.guardrails;
  const excluded = excludedNamespaces(ctx.addOns(cluster), cluster.provider);
  const wave = { "argocd.argoproj.io/sync-wave": "-5" };
  const withWave = (o: Record<string, any>) => ({ ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, ...wave } } });
  const defs = definitions(ctx);
  const out: PolicyObject[] = GUARDRAIL_POLICIES.map((name) => ({
    id: `policy-${name}`,
    object: withWave(validatingPolicy(defs[name], excluded[defs[name].scope])),
    source: "guardrails",
  }));
  g.signatures.forEach((s, i) => out.push({ id: `signatures-${s.name}`, object: withWave(imageValidatingPolicy(s, excluded.tenants)), source: `guardrails.signatures[${i}]` }));
  g.exceptions.forEach((e, i) => {
    const kind = (GUARDRAIL_POLICIES as readonly string[]).includes(e.policy) ? "ValidatingPolicy" : "ImageValidatingPolicy";
    const app = e.app ? p.apps.find((a) => a.name === e.app) : undefined;
    if (app && !app.clusters.includes(cluster.name)) return;
    if (e.namespace && !cluster.teams.some((t) => t.name === e.namespace)) return;
    const target = app ? { namespace: app.namespace, app: app.name } : { namespace: e.namespace! };
    out.push({ id: `exception-${i}`, object: describedException(e, kind, target, APP_LABEL), source: `guardrails.exceptions[${i}]` });
  });
  // The role Job of a managed database runs psql from CloudNativePG's PostgreSQL image, which no signer of ours signs.
  for (const a of cluster.apps.filter((x) => x.spec.database && !cnpgHere(cluster, x))) {
    out.push({
      id: `exception-database-roles-${a.name}`,
      object: policyException({
        name: `${databaseRolesName(a.name)}.restrict-images`,
        policy: "restrict-images",
        kind: "ValidatingPolicy",
        reason: `the Job that keeps the app's database role runs psql from ${CNPG_REGISTRY}'s PostgreSQL image; only the rule that it be signed by a signer of platform.yaml is waived`,
        namespace: a.namespace,
        conditions: [labelIs("job", "app.kubernetes.io/name", databaseRolesName(a.name))],
        images: [`${CNPG_REGISTRY}/`],
      }),
      source: `apps[${p.apps.indexOf(a)}].database`,
    });
  }
  // CloudNativePG's database pods in a team's namespace (Proxmox, a failover order's copies) run the operator's
  // images, which no signer of ours signs.
  for (const a of cluster.apps.filter((x) => cnpgHere(cluster, x))) {
    out.push({
      id: `exception-database-${a.name}`,
      object: policyException({
        name: `${cnpgClusterName(a.name)}.restrict-images`,
        policy: "restrict-images",
        kind: "ValidatingPolicy",
        reason: `CloudNativePG runs the database's pods from its own images (${CNPG_REGISTRY}); only the rule that they be signed by a signer of platform.yaml is waived`,
        namespace: a.namespace,
        conditions: [labelIs("database", "cnpg.io/cluster", cnpgClusterName(a.name))],
        images: [`${CNPG_REGISTRY}/`],
      }),
      source: `apps[${p.apps.indexOf(a)}].database`,
    });
  }
  // An app's Redis runs the official image, which no signer of ours signs: its pods alone may run that one image.
  for (const a of cluster.apps.filter((x) => x.spec.redis)) {
    const name = redisName(a.name);
    out.push({
      id: `exception-redis-${a.name}`,
      object: policyException({
        name: `${name}.restrict-images`,
        policy: "restrict-images",
        kind: "ValidatingPolicy",
        reason: `the app's Redis runs the official image ${REDIS_IMAGE}; only the rule that it be signed by a signer of platform.yaml is waived, for its pods and that image`,
        namespace: a.namespace,
        conditions: [labelIs("redis", "app.kubernetes.io/name", name)],
        images: [REDIS_IMAGE],
      }),
      source: `apps[${p.apps.indexOf(a)}].redis`,
    });
  }
  // Exceptions with the policies: before the workloads they admit (a database's pods start at the platform's wave 0).
  return out.map((o) => ({ ...o, object: withWave(o.object) }));
}

/**
 * Kyverno on every cluster, the guardrails as its CEL policies, the
 * description's exceptions, and the same policies evaluated at synth over
 * every rendered workload: a violation stops synth before anything is
 * written. The Kyverno CLI fixtures of each policy go to policy-tests/.
 */
export const guardrails: Capability = {
  name: "guardrails",
  addOns: () => [kyverno],
  charts(app, ctx) {
    for (const cluster of ctx.clusters) {
      new PolicyChart(app, cluster, { ...commonLabels(ctx.resolved), "basecamp.dev/cluster": cluster.name }, clusterPolicies(ctx, cluster));
    }
  },
  // The fixtures test the hub's policies: made in the pass that renders the hub.
  files(ctx, charts) {
    const g = ctx.resolved.platform.guardrails;
    return fixtureFiles(ctx.resolved, charts, definitions(ctx), fixtureImages(g.registries, g.signatures.map((s) => s.images)), TEAM_LABEL);
  },
  checks: [policyGate, waivedImagesAreAllowed, exceptionsStayCurrent],
};
