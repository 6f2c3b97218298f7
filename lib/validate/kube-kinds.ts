import { DaemonSet, Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { ConfigMap, LimitRange, Namespace, Pod, ResourceQuota, Service, ServiceAccount } from "kubernetes-models/v1";

/** Which kinds the validity tests know, their scope, and Kubernetes' own validation of the core ones. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export type ModelClass = { new (data: any): { validate(): void }; apiVersion: string; kind: string };

/**
 * Core kinds we know how to validate, keyed `apiVersion/kind`. A core kind
 * missing here fails the suite: add its kubernetes-models class and scope.
 */
export const CORE_KINDS = new Map<string, { model: ModelClass; namespaced: boolean }>(
  (
    [
      [Namespace, false],
      [Pod, true],
      [ResourceQuota, true],
      [LimitRange, true],
      [Service, true],
      [ServiceAccount, true],
      [ConfigMap, true],
      [Deployment, true],
      [StatefulSet, true],
      [DaemonSet, true],
      [Job, true],
      [StorageClass, false],
      [NetworkPolicy, true],
      [PodDisruptionBudget, true],
      [HorizontalPodAutoscaler, true],
      [Role, true],
      [RoleBinding, true],
      [ClusterRole, false],
      [ClusterRoleBinding, false],
    ] as [ModelClass, boolean][]
  ).map(([model, namespaced]) => [`${model.apiVersion}/${model.kind}`, { model, namespaced }]),
);

/**
 * Custom resource kinds, keyed `group/kind`, with their scope (the schemas do
 * not carry it). Each also needs a schema file in ../shared/schemas/crds.
 */
export const CUSTOM_KINDS = new Map<string, { namespaced: boolean; unschemed?: string }>([
  ["argoproj.io/Application", { namespaced: true }],
  ["argoproj.io/ApplicationSet", { namespaced: true }],
  ["argoproj.io/AppProject", { namespaced: true }],
  ["argoproj.io/Rollout", { namespaced: true }],
  ["argoproj.io/AnalysisTemplate", { namespaced: true }],
  ["kyverno.io/ClusterPolicy", { namespaced: false }],
  ["kyverno.io/Policy", { namespaced: true }],
  ["kyverno.io/PolicyException", { namespaced: true }],
  ["external-secrets.io/ClusterSecretStore", { namespaced: false }],
  ["external-secrets.io/SecretStore", { namespaced: true }],
  ["external-secrets.io/ExternalSecret", { namespaced: true }],
  ["external-secrets.io/ClusterExternalSecret", { namespaced: false }],
  ["external-secrets.io/PushSecret", { namespaced: true }],
  ["policies.kyverno.io/ValidatingPolicy", { namespaced: false }],
  ["policies.kyverno.io/ImageValidatingPolicy", { namespaced: false }],
  ["policies.kyverno.io/PolicyException", { namespaced: true }],
  ["opentelemetry.io/OpenTelemetryCollector", { namespaced: true }],
  ["monitoring.coreos.com/AlertmanagerConfig", { namespaced: true }],
  ["monitoring.coreos.com/PrometheusRule", { namespaced: true }],
  ["monitoring.coreos.com/ServiceMonitor", { namespaced: true }],
  ["monitoring.coreos.com/PodMonitor", { namespaced: true }],
  ["postgresql.cnpg.io/Cluster", { namespaced: true }],
  ["postgresql.cnpg.io/ScheduledBackup", { namespaced: true }],
  ["cert-manager.io/Certificate", { namespaced: true }],
  ["cert-manager.io/ClusterIssuer", { namespaced: false }],
  ["gateway.networking.k8s.io/Gateway", { namespaced: true }],
  ["gateway.networking.k8s.io/GatewayClass", { namespaced: false }],
  ["gateway.networking.k8s.io/HTTPRoute", { namespaced: true }],
  ["gateway.networking.k8s.io/ReferenceGrant", { namespaced: true }],
  [
    "gateway.envoyproxy.io/SecurityPolicy",
    { namespaced: true, unschemed: "the shared catalog has no gateway.envoyproxy.io schemas; test/observability.test.ts holds its fields to Envoy Gateway v1.9.0's API types" },
  ],
  ["bitnami.com/SealedSecret", { namespaced: true }],
  [
    "generators.external-secrets.io/Password",
    { namespaced: true, unschemed: "the shared catalog has no generators.external-secrets.io schemas; test/gitops.test.ts holds its fields to External Secrets 2.9's Password generator" },
  ],
  [
    "upgrade.cattle.io/Plan",
    { namespaced: true, unschemed: "the shared catalog has no upgrade.cattle.io schemas; test/proxmox-upgrade.test.ts holds its fields to system-upgrade-controller v0.20.1's Plan type" },
  ],
]);

/** Groups ending in .k8s.io that are served by CRDs, not by the API server itself. */
const CRD_GROUPS_UNDER_K8S_IO = new Set(["gateway.networking.k8s.io"]);

export function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function isCoreGroup(group: string): boolean {
  return !group.includes(".") || (group.endsWith(".k8s.io") && !CRD_GROUPS_UNDER_K8S_IO.has(group));
}

/** Where an object's scope and validator come from; an unknown kind is an error telling the developer what to add. */
export function classify(o: KubeObject): { core: true; namespaced: boolean; model: ModelClass } | { core: false; namespaced: boolean; unschemed?: string } | { error: string } {
  const { group } = groupVersion(o.apiVersion);
  const core = CORE_KINDS.get(`${o.apiVersion}/${o.kind}`);
  if (core) return { core: true, ...core };
  if (isCoreGroup(group)) {
    return {
      error:
        `${o.apiVersion} ${o.kind} is a core Kubernetes kind this test does not know yet: ` +
        `import its class from kubernetes-models and add it, with its scope, to CORE_KINDS in lib/validate/kube-kinds.ts`,
    };
  }
  const custom = CUSTOM_KINDS.get(`${group}/${o.kind}`);
  if (custom) return { core: false, ...custom };
  return {
    error:
      `${o.apiVersion} ${o.kind} is a custom resource this test does not know yet: add '${group}/${o.kind}' with its scope ` +
      `to CUSTOM_KINDS in lib/validate/kube-kinds.ts, and its strict schema to ../shared/schemas/crds/${group}/`,
  };
}

/** kubernetes-models' errors for one core object; empty when valid. */
export function validateCore(o: KubeObject): string[] {
  const c = classify(o);
  if ("error" in c) return [c.error];
  if (!c.core) return [`${o.apiVersion} ${o.kind} is a custom resource, not a core kind`];
  try {
    new c.model(o).validate();
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}
