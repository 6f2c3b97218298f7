import { AzurermBackend, GcsBackend, type TerraformStack } from "cdktf";
import type { ProxmoxCluster } from "../../lib/model/schema";
import { s3Backend, platformProvider } from "../aws/aws-kit";
import { RandomProvider } from "../bindings/random-password";
import { VaultProvider } from "../bindings/vault-kv-secret";
import type { CloudKit, KitContext, KubernetesPart, NetworkPart } from "../cluster/cloud-kit";
import { kubeVipPodLabels } from "./kube-vip";
import { K3S_ISSUER } from "./k3s-images";
import { ProxmoxKubernetes } from "./proxmox-kubernetes";
import { ingressAddress } from "./proxmox-layout";
import { ProxmoxNetwork } from "./proxmox-network";
import { ProxmoxProvider } from "./provider/proxmox-provider";
import { ProxmoxSecrets } from "./proxmox-secrets";
import { VaultKubernetesAuth } from "./vault-kubernetes-auth";
import { httpProvider } from "../bindings/http";
import { EXTERNAL_SECRETS_SA } from "../addons/external-secrets";


/**
 * Proxmox VM tags are plain lowercase words, not key/value pairs: each tag
 * becomes "key-value", sorted because Proxmox sorts them and would show a diff.
 */
export function vmTags(tags: Record<string, string>): string[] {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_.+-]+/g, "-");
  return Object.entries(tags)
    .map(([k, v]) => clean(`${k}-${v}`))
    .sort();
}

export { K3S_ISSUER } from "./k3s-images";

/** Extra manifests for the servers of a cluster (the pull-mode Argo CD), set by the GitOps capability. */
export type PullBootstrap = (cluster: string) => Readonly<Record<string, readonly object[]>>;

/** Where a Proxmox stack keeps its state: the store platform.yaml names. */
export function anyBackend(stack: TerraformStack, state: KitContext["state"]): void {
  if (state.kind === "s3") s3Backend(stack, state);
  else if (state.kind === "gcs") new GcsBackend(stack, { bucket: state.bucket, prefix: state.prefix });
  else new AzurermBackend(stack, { storageAccountName: state.storageAccount, resourceGroupName: state.resourceGroup, containerName: state.container, key: state.key, useAzureadAuth: true });
}

type ProxmoxNetworkPart = NetworkPart & { readonly network: ProxmoxNetwork };
type ProxmoxKubernetesPart = KubernetesPart & { readonly k3s: ProxmoxKubernetes };

/** K3s on Proxmox VMs, reached in pull mode; a Vault for secrets; CloudNativePG for databases. */
export function proxmoxKit(bootstrap: PullBootstrap): CloudKit<ProxmoxCluster, ProxmoxNetworkPart, ProxmoxKubernetesPart> {
  return {
    providers(scope, c, ctx) {
      // The API token comes from PROXMOX_VE_API_TOKEN; SSH (snippets) from the agent of whoever applies.
      new ProxmoxProvider(scope, "proxmox", { endpoint: c.endpoint, ssh: { username: c.ssh.username, agent: true, node: [{ name: c.node, address: c.ssh.address }] } });
      new VaultProvider(scope, "vault", c.secrets.vault.server);
      httpProvider(scope, "http");
      platformProvider(scope, ctx);
      new RandomProvider(scope, "random");
    },

    backend: (stack, _c, ctx) => anyBackend(stack, ctx.state),

    network(scope, c) {
      const network = new ProxmoxNetwork(scope, "network", { nodeName: c.node, cidr: c.network.cidr, uplink: c.network.uplink.interface, vlan: c.network.uplink.vlan, name: c.name });
      // The router NATs the VLAN to an address basecamp does not manage.
      return { network, networkId: network.bridge.id, egressAddresses: [] };
    },

    kubernetes(scope, c, net, ctx) {
      const k3s = new ProxmoxKubernetes(scope, "kubernetes", {
        name: c.name,
        nodeName: c.node,
        version: c.kubernetesVersion,
        cidr: c.network.cidr,
        bridge: net.network.bridge.name,
        gateway: c.network.gateway,
        apiAddress: c.apiAddress,
        loadBalancers: c.loadBalancers,
        servers: c.nodes.system,
        agents: { count: c.nodes.workload.min, size: c.nodes.workload.size },
        sshKey: c.sshKey,
        manifests: bootstrap(c.name),
        tags: vmTags({ ...ctx.tags }),
        podLabels: kubeVipPodLabels(ctx.tags),
      });
      return {
        k3s,
        name: c.name,
        endpoint: k3s.endpoint,
        // Pull mode: the hub never dials this API, so it needs no CA; K3s makes its own at first boot.
        caData: "",
        oidcIssuer: K3S_ISSUER,
        // The first address of the load balancer range: the ingress, inside the home network.
        ingressAddress: ingressAddress(c.loadBalancers),
      };
    },

    // No cloud identity: External Secrets logs in to Vault with its service account token.
    identity(scope, c, kube, ctx) {
      new VaultKubernetesAuth(scope, "vault-auth", {
        cluster: c.name,
        mount: c.secrets.vault.path,
        role: c.secrets.vault.role,
        apiServer: kube.endpoint,
        serviceAccount: { name: EXTERNAL_SECRETS_SA, namespace: "external-secrets" },
        policy: `${ctx.platform}-${c.name}-external-secrets`,
        servers: kube.k3s.servers,
      });
      return { ids: {} };
    },

    secrets: (scope, c) => new ProxmoxSecrets(scope, "secrets", { server: c.secrets.vault.server, mount: c.secrets.vault.path, cluster: c.name }),

    database(_scope, _c, _net, _kube, secrets, db) {
      // CloudNativePG runs the database in the cluster (the GitOps capability renders it) and pushes its credentials to Vault.
      return { endpoint: `${db.app}-db-rw.${db.namespace}.svc.cluster.local:5432`, secretKey: secrets.keyOf(`${db.app}/database`) };
    },

    // No cloud bills a homelab: `npm run cost` holds its estimate against the budget.
    budget: () => undefined,

    registrationAuth: () => ({ kind: "pull" }),
  };
}
