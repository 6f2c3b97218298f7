import { GUEST_INTERFACE, KUBE_VIP_CLOUD_PROVIDER_IMAGE, KUBE_VIP_IMAGE } from "./k3s-images";

/**
 * kube-vip for a K3s cluster, as K3s's auto-deployed manifests: a DaemonSet
 * on the servers that holds the API's virtual address (ARP) and announces
 * LoadBalancer addresses, and the cloud provider that hands those addresses
 * out of one range. After the upstream manifests of v1.2.4 and v0.0.12.
 */
export function kubeVipManifests(apiAddress: string, loadBalancers: string): object[] {
  const ns = "kube-system";
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kube-vip", namespace: ns } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "system:kube-vip-role" },
      rules: [
        { apiGroups: [""], resources: ["services/status"], verbs: ["update"] },
        { apiGroups: [""], resources: ["services", "endpoints"], verbs: ["list", "get", "watch", "update"] },
        { apiGroups: [""], resources: ["nodes"], verbs: ["list", "get", "watch", "update", "patch"] },
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["list", "get", "watch", "update", "create"] },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "get", "watch", "update"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "system:kube-vip-binding" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:kube-vip-role" },
      subjects: [{ kind: "ServiceAccount", name: "kube-vip", namespace: ns }],
    },
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "kube-vip", namespace: ns },
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/name": "kube-vip" } },
        template: {
          metadata: { labels: { "app.kubernetes.io/name": "kube-vip" } },
          spec: {
            serviceAccountName: "kube-vip",
            hostNetwork: true,
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] }] } } },
            tolerations: [{ effect: "NoSchedule", operator: "Exists" }, { effect: "NoExecute", operator: "Exists" }],
            containers: [
              {
                name: "kube-vip",
                image: KUBE_VIP_IMAGE,
                args: ["manager"],
                env: Object.entries({
                  vip_arp: "true",
                  port: "6443",
                  vip_interface: GUEST_INTERFACE,
                  vip_subnet: "32",
                  cp_enable: "true",
                  cp_namespace: ns,
                  svc_enable: "true",
                  vip_leaderelection: "true",
                  vip_leasename: "plndr-cp-lock",
                  address: apiAddress,
                }).map(([name, value]) => ({ name, value })),
                securityContext: { capabilities: { add: ["NET_ADMIN", "NET_RAW"] } },
              },
            ],
          },
        },
      },
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kubevip", namespace: ns }, data: { "cidr-global": loadBalancers } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kube-vip-cloud-controller", namespace: ns } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "system:kube-vip-cloud-controller-role" },
      rules: [
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "create", "update", "list", "put"] },
        { apiGroups: [""], resources: ["configmaps", "endpoints", "events", "services/status", "leases"], verbs: ["*"] },
        { apiGroups: [""], resources: ["nodes", "services"], verbs: ["list", "get", "watch", "update"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "system:kube-vip-cloud-controller-binding" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:kube-vip-cloud-controller-role" },
      subjects: [{ kind: "ServiceAccount", name: "kube-vip-cloud-controller", namespace: ns }],
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "kube-vip-cloud-provider", namespace: ns },
      spec: {
        replicas: 1,
        selector: { matchLabels: { "app.kubernetes.io/name": "kube-vip-cloud-provider" } },
        template: {
          metadata: { labels: { "app.kubernetes.io/name": "kube-vip-cloud-provider" } },
          spec: {
            serviceAccountName: "kube-vip-cloud-controller",
            containers: [{ name: "kube-vip-cloud-provider", image: KUBE_VIP_CLOUD_PROVIDER_IMAGE, command: ["/kube-vip-cloud-provider", "--leader-elect-resource-name=kube-vip-cloud-controller"] }],
          },
        },
      },
    },
  ];
}
