import { ApiObject } from "cdk8s";
import { Construct } from "constructs";

export interface RedisProps {
  /** The StatefulSet, its Service and its pods' app.kubernetes.io/name. */
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  /** Memory request and limit, a Kubernetes quantity (Mi or Gi). */
  readonly memory: string;
  readonly storageGb: number;
  readonly storageClass: string;
  /** The Secret whose `password` Redis requires of every client. */
  readonly secret: string;
  /** Labels of every object and pod (the guardrails' and cost labels). */
  readonly labels: Record<string, string>;
}

export const REDIS_PORT = 6379;

/** Bytes of a Mi or Gi quantity. */
function bytes(quantity: string): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!m) throw new Error(`redis memory '${quantity}' is not in Mi or Gi`);
  return Number(m[1]) * (m[2] === "Gi" ? 1024 ** 3 : 1024 ** 2);
}

/**
 * One Redis for an app's state that may be lost without harm: append-only
 * on its own volume, a password every client must give, three quarters of
 * its memory for data (writes are refused beyond, nothing is evicted), and a
 * pod that meets Pod Security `restricted` (the image's redis user, a
 * read-only root filesystem, no capabilities). No replica: a restart loses
 * at most the last second of writes (appendfsync everysec).
 */
export function redis(scope: Construct, id: string, props: RedisProps): Construct {
  const group = new Construct(scope, id);
  const selector = { "app.kubernetes.io/name": props.name };
  const labels = { ...props.labels, ...selector, "app.kubernetes.io/component": "redis" };
  const metadata = { name: props.name, namespace: props.namespace, labels };
  const ping = { exec: { command: ["sh", "-c", 'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG'] } };
  const user = 999; // the image's redis user
  new ApiObject(group, "statefulset", {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata,
    spec: {
      replicas: 1,
      serviceName: props.name,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: user, runAsGroup: user, fsGroup: user, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "redis",
              image: props.image,
              imagePullPolicy: "IfNotPresent",
              args: ["--appendonly", "yes", "--dir", "/data", "--maxmemory", String(Math.floor(bytes(props.memory) * 0.75)), "--maxmemory-policy", "noeviction", "--requirepass", "$(REDIS_PASSWORD)"],
              env: [{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: props.secret, key: "password" } } }],
              ports: [{ name: "redis", containerPort: REDIS_PORT }],
              readinessProbe: { ...ping, periodSeconds: 10, timeoutSeconds: 2 },
              livenessProbe: { ...ping, initialDelaySeconds: 15, periodSeconds: 20, timeoutSeconds: 2 },
              resources: { requests: { cpu: "50m", memory: props.memory }, limits: { cpu: "500m", memory: props.memory } },
              securityContext: {
                runAsNonRoot: true,
                runAsUser: user,
                runAsGroup: user,
                privileged: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
              },
              volumeMounts: [
                { name: "data", mountPath: "/data" },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
        },
      },
      volumeClaimTemplates: [
        { metadata: { name: "data", labels }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: props.storageClass, resources: { requests: { storage: `${props.storageGb}Gi` } } } },
      ],
    },
  });
  new ApiObject(group, "service", {
    apiVersion: "v1",
    kind: "Service",
    metadata,
    spec: { selector, ports: [{ name: "redis", port: REDIS_PORT, targetPort: REDIS_PORT }] },
  });
  return group;
}
