import { KUBE_VIP_CLOUD_PROVIDER_IMAGE, KUBE_VIP_IMAGE } from "./k3s-images";

/** The cost labels of kube-vip's pods, from the cluster's tags (owner and environment). */
export function kubeVipPodLabels(tags: Readonly<Record<string, string>>): Record<string, string> {
  return { "basecamp.dev/team": tags.owner, "basecamp.dev/app": "kube-vip", "basecamp.dev/environment": tags.environment };
}

/**
 * kube-vip for a K3s cluster, as K3s's auto-deployed manifests: a DaemonSet
 * on the servers that holds the API's virtual address (ARP) and announces
 * LoadBalancer addresses, and the cloud provider that hands those addresses
 * out of one range. After the upstream manifests of v1.2.4 and v0.0.12.
 * No interface is named: kube-vip takes the one of the default route (its
 * manager auto-detects it when vip_interface is empty), which is the VM's
 * NIC whatever name the machine type gives it (ens18 on i440fx, enp6s18 on q35).
 * `podLabels` are the cost labels every pod carries (the same at first boot
 * and in git, so Argo CD's copy does not differ from K3s's).
 */
export function kubeVipManifests(apiAddress: string, loadBalancers: string, podLabels: Readonly<Record<string, string>>): object[] {
  const ns = "kube-system";
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kube-vip", namespace: ns } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "kube-vip" },
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
      metadata: { name: "kube-vip" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "kube-vip" },
      subjects: [{ kind: "ServiceAccount", name: "kube-vip", namespace: ns }],
    },
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "kube-vip", namespace: ns },
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/name": "kube-vip" } },
        template: {
          metadata: { labels: { ...podLabels, "app.kubernetes.io/name": "kube-vip" } },
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
      metadata: { name: "kube-vip-cloud-controller" },
      rules: [
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "create", "update", "list", "put"] },
        { apiGroups: [""], resources: ["configmaps", "endpoints", "events", "services/status", "leases"], verbs: ["*"] },
        { apiGroups: [""], resources: ["nodes", "services"], verbs: ["list", "get", "watch", "update"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "kube-vip-cloud-controller" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "kube-vip-cloud-controller" },
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
          metadata: { labels: { ...podLabels, "app.kubernetes.io/name": "kube-vip-cloud-provider" } },
          spec: {
            serviceAccountName: "kube-vip-cloud-controller",
            containers: [{ name: "kube-vip-cloud-provider", image: KUBE_VIP_CLOUD_PROVIDER_IMAGE, command: ["/kube-vip-cloud-provider", "--leader-elect-resource-name=kube-vip-cloud-controller"] }],
          },
        },
      },
    },
  ];
}
