import type { KubeObject } from "../pipeline/kubernetes";
import { objectsOf, type Check, type Finding } from "./finding";
import { containersOf, podSpecOf } from "./pod-spec";

const RESTRICTED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
const BASELINE_CAPABILITIES = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];

/**
 * What Pod Security admission would deny, checked before anything is
 * written: every rendered workload against the level its namespace
 * enforces (baseline, or restricted on top of it). After the Pod Security
 * Standards; the Deployment would be admitted and its pods refused.
 */
export function podSecurityProblems(o: KubeObject, level: string): string[] {
  const pod = podSpecOf(o);
  if (!pod || level === "privileged") return [];
  const { spec, path } = pod;
  const problems: string[] = [];
  const add = (field: string, what: string) => problems.push(`${field}: ${what}`);
  for (const k of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[k] === true) add(`${path}.${k}`, "must not be true");
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    if (v.hostPath) add(`${path}.volumes[${i}].hostPath`, "host paths are not allowed");
    const kind = Object.keys(v).find((k) => k !== "name");
    if (level === "restricted" && kind && !RESTRICTED_VOLUMES.includes(kind)) add(`${path}.volumes[${i}].${kind}`, `volume type ${kind} is not allowed; allowed: ${RESTRICTED_VOLUMES.join(", ")}`);
  });
  const podCtx = spec.securityContext ?? {};
  for (const { c, path: cp } of containersOf(spec, path)) {
    const sc = c.securityContext ?? {};
    if (sc.privileged === true) add(`${cp}.securityContext.privileged`, "must not be true");
    for (const [i, port] of (c.ports ?? []).entries()) if (port.hostPort) add(`${cp}.ports[${i}].hostPort`, "host ports are not allowed");
    const added: string[] = sc.capabilities?.add ?? [];
    const allowed = level === "restricted" ? ["NET_BIND_SERVICE"] : BASELINE_CAPABILITIES;
    for (const cap of added) if (!allowed.includes(cap)) add(`${cp}.securityContext.capabilities.add`, `${cap} may not be added; allowed: ${allowed.join(", ")}`);
    if (level !== "restricted") continue;
    if (sc.allowPrivilegeEscalation !== false) add(`${cp}.securityContext.allowPrivilegeEscalation`, "must be false");
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) add(`${cp}.securityContext.capabilities.drop`, "must include ALL");
    if ((sc.runAsNonRoot ?? podCtx.runAsNonRoot) !== true) add(`${cp}.securityContext.runAsNonRoot`, "must be true (here or on the pod)");
    if ((sc.runAsUser ?? podCtx.runAsUser) === 0) add(`${cp}.securityContext.runAsUser`, "must not be 0");
    const seccomp = (sc.seccompProfile ?? podCtx.seccompProfile)?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") add(`${cp}.securityContext.seccompProfile.type`, "must be RuntimeDefault or Localhost (here or on the pod)");
  }
  return problems;
}

/** Pod Security at synth: a workload its namespace would refuse is an error, naming the object, the field and the level. */
export const podSecurity: Check = {
  name: "pod-security",
  run(tree) {
    const all = objectsOf(tree);
    const levels = new Map<string, string>();
    for (const { chart, object } of all) {
      const level = object.kind === "Namespace" ? object.metadata.labels?.["pod-security.kubernetes.io/enforce"] : undefined;
      if (level) levels.set(`${chart.cluster}/${object.metadata.name}`, level);
    }
    const findings: Finding[] = [];
    for (const { chart, object, label, origin } of all) {
      const level = levels.get(`${chart.cluster}/${object.metadata.namespace}`);
      if (!level) continue;
      for (const p of podSecurityProblems(object, level)) {
        findings.push({ severity: "error", where: label, source: origin.source, message: `${p} under Pod Security '${level}', which namespace ${object.metadata.namespace} enforces` });
      }
    }
    return findings;
  },
};
