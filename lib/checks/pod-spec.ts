import type { KubeObject } from "../pipeline/kubernetes";

/** Kinds whose objects run pods, and where their pod template's spec is. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  Rollout: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** The pod spec an object runs, with the field path to it, or undefined for an object that runs no pods. */
export function podSpecOf(o: KubeObject): { spec: any; path: string } | undefined {
  const path = POD_SPEC_PATHS[o.kind];
  if (!path) return undefined;
  let v: any = o;
  for (const k of path) v = v?.[k];
  return v ? { spec: v, path: path.join(".") } : undefined;
}

/** Every container of a pod spec, with its field path. */
export function containersOf(spec: any, base: string): { c: any; path: string }[] {
  return ["initContainers", "containers", "ephemeralContainers"].flatMap((k) => (spec[k] ?? []).map((c: any, i: number) => ({ c, path: `${base}.${k}[${i}]` })));
}
