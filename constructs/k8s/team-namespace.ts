import { ApiObject } from "cdk8s";
import * as kplus from "cdk8s-plus-30";
import { Construct } from "constructs";

export interface TeamNamespaceProps {
  readonly team: string;
  readonly owners: readonly string[];
  readonly quota: { readonly cpu: string; readonly memory: string; readonly pods: number };
}

/** A team's namespace on one cluster, with its quota and the Pod Security level it runs under. */
export class TeamNamespace extends Construct {
  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    const labels = { "basecamp.dev/team": props.team };
    new kplus.Namespace(this, "Resource", {
      metadata: {
        name: props.team,
        labels: { ...labels, "pod-security.kubernetes.io/enforce": "restricted" },
        annotations: { "basecamp.dev/owners": props.owners.join(",") },
      },
    });
    new ApiObject(this, "quota", {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: "team-quota", namespace: props.team, labels },
      spec: {
        hard: {
          "requests.cpu": props.quota.cpu,
          "requests.memory": props.quota.memory,
          "limits.memory": props.quota.memory,
          pods: String(props.quota.pods),
        },
      },
    });
  }
}
