import { ApiObject, JsonPatch, Size } from "cdk8s";
import * as kplus from "cdk8s-plus-30";
import { Construct } from "constructs";

export interface WebAppProps {
  /** Name of the Deployment, its Service and its pods' app label. */
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly port: number;
  readonly replicas: number;
  /** Liveness and readiness HTTP paths. */
  readonly health: { readonly liveness: string; readonly readiness: string };
  /** Labels on every object and pod. @default none */
  readonly labels?: Record<string, string>;
}

/** A Deployment with health probes behind a ClusterIP Service on port 80. */
export class WebApp extends Construct {
  public readonly deployment: kplus.Deployment;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    const selector = { "app.kubernetes.io/name": props.name };
    const labels = { ...props.labels, ...selector };
    const metadata = { name: props.name, namespace: props.namespace, labels };

    this.deployment = new kplus.Deployment(this, "Resource", {
      metadata,
      replicas: props.replicas,
      // cdk8s-plus would select on a label hashed from the construct path.
      select: false,
      podMetadata: { labels },
      containers: [
        {
          name: "app",
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          portNumber: props.port,
          liveness: kplus.Probe.fromHttpGet(props.health.liveness, { port: props.port }),
          readiness: kplus.Probe.fromHttpGet(props.health.readiness, { port: props.port }),
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
            memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
          },
          securityContext: { user: 10001, group: 10001 },
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: selector }));
    ApiObject.of(this.deployment).addJsonPatch(
      JsonPatch.remove("/spec/template/metadata/labels/cdk8s.io~1metadata.addr"),
    );

    const service = new kplus.Service(this, "service", {
      metadata,
      ports: [{ name: "http", port: 80, targetPort: props.port }],
    });
    for (const [k, v] of Object.entries(selector)) service.selectLabel(k, v);
  }
}
