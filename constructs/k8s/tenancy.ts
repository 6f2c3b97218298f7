import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { KEEP_ANNOTATION } from "../argocd/types";

export interface TeamTenancyProps {
  readonly team: string;
  readonly owners: readonly string[];
  /** The group, as the cluster's authenticator puts it in tokens (teamGroup), that may look into the namespace. */
  readonly group: string;
  readonly quota: { readonly cpu: string; readonly memory: string; readonly pods: number };
  /** The Pod Security Standard the namespace enforces. */
  readonly podSecurity: "restricted" | "baseline";
  /** Labels of the namespace and everything in it (environment, platform). */
  readonly labels: Record<string, string>;
  /** Namespaces whose pods may reach every pod of the team's (monitoring's scrapers); each app opens its own paths. */
  readonly ingressFrom: readonly string[];
  /** The namespace and ports of the cluster's telemetry collector, which the team's pods send traces and logs to. @default none */
  readonly telemetry?: { readonly namespace: string; readonly ports: readonly number[] };
}

/**
 * A team's namespace on one cluster and everything that fences it: Pod
 * Security labels, a quota and default requests, a Role for the team's
 * group, and NetworkPolicies that deny everything but DNS, the scrapers,
 * and telemetry: the platform folder opens each app's paths (app-network.ts),
 * each add-on the flows it needs.
 */
export class TeamTenancy extends Construct {
  constructor(scope: Construct, id: string, props: TeamTenancyProps) {
    super(scope, id);
    const ns = props.team;
    const labels = { ...props.labels, "basecamp.dev/team": props.team };
    const obj = (id: string, kind: string, apiVersion: string, name: string, spec: Record<string, unknown>) =>
      new ApiObject(this, id, { apiVersion, kind, metadata: { name, namespace: ns, labels }, ...spec });

    new ApiObject(this, "Resource", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: ns,
        labels: {
          ...labels,
          "pod-security.kubernetes.io/enforce": props.podSecurity,
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
        },
        annotations: { "basecamp.dev/owners": props.owners.join(","), ...KEEP_ANNOTATION, "argocd.argoproj.io/sync-wave": "-10" },
      },
    });
    obj("quota", "ResourceQuota", "v1", "team-quota", {
      spec: { hard: { "requests.cpu": props.quota.cpu, "requests.memory": props.quota.memory, "limits.memory": props.quota.memory, pods: String(props.quota.pods) } },
    });
    // A quota on requests refuses pods without them; these fill them in.
    obj("limits", "LimitRange", "v1", "team-defaults", {
      spec: { limits: [{ type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { memory: "256Mi" } }] },
    });
    obj("role", "Role", "rbac.authorization.k8s.io/v1", "team", {
      rules: [
        { apiGroups: ["", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "gateway.networking.k8s.io", "argoproj.io"], resources: ["*"], verbs: ["get", "list", "watch"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
        { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
        { apiGroups: [""], resources: ["pods/portforward"], verbs: ["create"] },
      ],
    });
    obj("binding", "RoleBinding", "rbac.authorization.k8s.io/v1", "team", {
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "team" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: props.group }],
    });

    const policy = (id: string, name: string, spec: Record<string, unknown>) => obj(id, "NetworkPolicy", "networking.k8s.io/v1", name, { spec: { podSelector: {}, ...spec } });
    policy("deny", "default-deny", { policyTypes: ["Ingress", "Egress"] });
    policy("dns", "allow-dns", {
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
        },
      ],
    });
    policy("from-platform", "allow-from-platform", {
      policyTypes: ["Ingress"],
      ingress: [{ from: props.ingressFrom.map((n) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": n } } })) }],
    });
    if (props.telemetry) {
      policy("telemetry", "allow-telemetry", {
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": props.telemetry.namespace } } }],
            ports: props.telemetry.ports.map((port) => ({ protocol: "TCP", port })),
          },
        ],
      });
    }
  }
}
