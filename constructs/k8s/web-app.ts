import { ApiObject, Duration, JsonPatch, Lazy, Size } from "cdk8s";
import * as kplus from "cdk8s-plus-30";
import { Construct } from "constructs";

export interface WebAppProps {
  /** Name of the Deployment, its Service and its pods' app label. */
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly port: number;
  /** The replica count; with `autoscale`, where the autoscaler starts. */
  readonly replicas: number;
  /**
   * A HorizontalPodAutoscaler (autoscaling/v2, on CPU) from `replicas` to `max`; the workload then has no
   * replica count of its own, so a sync never resets what the autoscaler set. @default a fixed count
   */
  readonly autoscale?: { readonly max: number; readonly cpu: number };
  /** Liveness and readiness HTTP paths. */
  readonly health: { readonly liveness: string; readonly readiness: string };
  /** Labels on every object and pod. @default none */
  readonly labels?: Record<string, string>;
  /** Plain environment variables. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Environment from Secret keys: variable name to secret and key. @default none */
  readonly secretEnv?: Readonly<Record<string, { readonly secret: string; readonly key: string }>>;
  /**
   * A Secret mounted read-only as files: the kubelet updates them when the
   * Secret changes, so a rotated password reaches running pods (an
   * environment variable is read once, at start). @default none
   */
  readonly secretFiles?: { readonly secret: string; readonly path: string };
  /**
   * An Argo Rollouts strategy: the workload is a Rollout with the same pod
   * template (so the same guardrails hold), replaced step by step. @default a Deployment
   */
  readonly rollout?: { readonly strategy: Record<string, unknown> };
}

/**
 * A Deployment (or an Argo Rollouts Rollout) with startup, liveness and readiness probes behind a
 * ClusterIP Service on port 80, a disruption budget, and optionally a CPU
 * autoscaler. The pod meets Pod
 * Security `restricted`: non-root user 10001, no privilege escalation, every
 * capability dropped, the runtime's seccomp profile, a read-only root
 * filesystem with a scratch /tmp.
 */
export class WebApp extends Construct {
  /** The Deployment; out of the chart when the workload is a Rollout, which renders its spec. */
  public readonly deployment: kplus.Deployment;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    const selector = { "app.kubernetes.io/name": props.name };
    const labels = { ...props.labels, ...selector };
    const metadata = { name: props.name, namespace: props.namespace, labels };

    const tmp = kplus.Volume.fromEmptyDir(this, "tmp", "tmp", { sizeLimit: Size.mebibytes(64) });
    const files = props.secretFiles;
    const mounts = [
      { path: "/tmp", volume: tmp },
      ...(files ? [{ path: files.path, volume: kplus.Volume.fromSecret(this, "secret-files", kplus.Secret.fromSecretName(this, "files", files.secret), { name: "secret-files" }), readOnly: true }] : []),
    ];
    this.deployment = new kplus.Deployment(this, "Resource", {
      metadata,
      replicas: props.replicas,
      // cdk8s-plus would select on a label hashed from the construct path.
      select: false,
      podMetadata: { labels },
      securityContext: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 },
      containers: [
        {
          name: "app",
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          portNumber: props.port,
          liveness: kplus.Probe.fromHttpGet(props.health.liveness, { port: props.port }),
          readiness: kplus.Probe.fromHttpGet(props.health.readiness, { port: props.port }),
          // Up to 150 s to start (30 x 5 s) before liveness counts: a slow start is not a crash loop.
          startup: kplus.Probe.fromHttpGet(props.health.liveness, { port: props.port, periodSeconds: Duration.seconds(5), failureThreshold: 30 }),
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
            memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
          },
          securityContext: {
            ensureNonRoot: true,
            user: 10001,
            group: 10001,
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: [kplus.Capability.ALL] },
            seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
          },
          volumeMounts: mounts,
          envVariables: Object.fromEntries([
            ...Object.entries(props.env ?? {}).map(([name, value]) => [name, kplus.EnvValue.fromValue(value)]),
            ...Object.entries(props.secretEnv ?? {}).map(([name, ref]) => [
              name,
              kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(this, `env-${name}`, ref.secret), key: ref.key }),
            ]),
          ]),
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: selector }));
    const deployment = ApiObject.of(this.deployment);
    deployment.addJsonPatch(JsonPatch.remove("/spec/template/metadata/labels/cdk8s.io~1metadata.addr"));
    // Pod level too, so it holds for any container added later.
    deployment.addJsonPatch(JsonPatch.add("/spec/template/spec/securityContext/seccompProfile", { type: "RuntimeDefault" }));
    // The autoscaler owns the count: a replica count in git would be set back at every sync.
    if (props.autoscale) deployment.addJsonPatch(JsonPatch.remove("/spec/replicas"));
    if (props.rollout) {
      // cdk8s-plus writes only a Deployment's own fields: the Rollout takes the Deployment's spec as rendered, with
      // its strategy, and the Deployment leaves the chart.
      const strategy = props.rollout.strategy;
      new ApiObject(this, "rollout", {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Rollout",
        metadata,
        // A canary that never becomes ready is rolled back at the deadline too, not left running Degraded.
        spec: Lazy.any({ produce: () => ({ ...(deployment.toJson() as { spec: object }).spec, strategy, progressDeadlineAbort: true }) }),
      });
      this.node.tryRemoveChild(this.deployment.node.id);
    }
    if (props.replicas > 1) {
      // Spread over zones, then nodes: one zone's outage leaves replicas running.
      const spread = (topologyKey: string) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } });
      deployment.addJsonPatch(JsonPatch.add("/spec/template/spec/topologySpreadConstraints", [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")]));
    }

    if (props.autoscale) {
      // A plain object: cdk8s-plus scales its own Deployment only, and a canary's workload is a Rollout.
      const target = props.rollout ? { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout" } : { apiVersion: "apps/v1", kind: "Deployment" };
      new ApiObject(this, "autoscaler", {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata,
        spec: {
          scaleTargetRef: { ...target, name: props.name },
          minReplicas: props.replicas,
          maxReplicas: props.autoscale.max,
          metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: props.autoscale.cpu } } }],
          // Down slowly (the default 5-minute window, one pod a minute): a burst's tail does not flap it.
          behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } },
        },
      });
    }

    const service = new kplus.Service(this, "service", {
      metadata,
      ports: [{ name: "http", port: 80, targetPort: props.port }],
    });
    for (const [k, v] of Object.entries(selector)) service.selectLabel(k, v);

    if (props.replicas > 1) {
      new ApiObject(this, "disruption-budget", {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata,
        spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
      });
    }
  }
}
