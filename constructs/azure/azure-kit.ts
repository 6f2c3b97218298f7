import { AZURE_METRICS_EXPORTER } from "../addons/azure-metrics-exporter";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { AzurermBackend, Fn, Token } from "cdktf";
import type { AzureCluster } from "../../lib/model/schema";
import { dnsRole } from "../aws/aws-federated-role";
import { platformProvider } from "../aws/aws-kit";
import type { CloudKit, IdentityPart, KubernetesPart, NetworkPart } from "../cluster/cloud-kit";
import { databaseName, fitName } from "../cluster/names";
import { RandomProvider } from "../bindings/random-password";
import { TimeProvider } from "../bindings/time-sleep";
import { AzureBudget } from "./azure-budget";
import { AzureDatabase } from "./azure-database";
import { azureResourceGroup, flexibleServerName } from "./azure-names";
import { AzureKubernetes } from "./azure-kubernetes";
import { AzureNetwork } from "./azure-network";
import { AzureSecrets } from "./azure-secrets";
import { AzureWorkloadIdentity } from "./azure-workload-identity";
import { COST_TAG } from "../cluster/required-tags";

type AzureNetworkPart = NetworkPart & { readonly network: AzureNetwork };
type AzureKubernetesPart = KubernetesPart & { readonly aks: AzureKubernetes };
type AzureIdentityPart = IdentityPart & { readonly eso: AzureWorkloadIdentity; readonly hub: AzureWorkloadIdentity };

/** AKS in its own resource group and VNet, with PostgreSQL flexible server, Key Vault and a subscription budget. */
export const azureKit: CloudKit<AzureCluster, AzureNetworkPart, AzureKubernetesPart, AzureIdentityPart> = {
  providers(scope, c, ctx) {
    // azurerm has no provider-level default tags: every resource gets ctx.tags, and the tag aspect checks it.
    new AzurermProvider(scope, "azurerm", { features: [{}], subscriptionId: c.subscription });
    platformProvider(scope, ctx);
    new RandomProvider(scope, "random");
    new TimeProvider(scope, "time");
  },

  backend(stack, _c, ctx) {
    if (ctx.state.kind !== "azurerm") throw new Error(`[${stack.node.path}] an Azure stack keeps its state in a storage account, not ${ctx.state.kind}`);
    // Blob leases lock the state; Entra ID authorizes it, no storage key.
    new AzurermBackend(stack, {
      storageAccountName: ctx.state.storageAccount,
      resourceGroupName: ctx.state.resourceGroup,
      containerName: ctx.state.container,
      key: ctx.state.key,
      useAzureadAuth: true,
    });
  },

  network(scope, c, ctx) {
    const network = new AzureNetwork(scope, "network", { cidr: c.network.cidr, location: c.region, name: c.name, tags: { ...ctx.tags } });
    return { network, networkId: network.vnet.id, egressAddresses: network.egressAddresses };
  },

  kubernetes(scope, c, net, ctx) {
    const aks = new AzureKubernetes(scope, "kubernetes", {
      name: c.name,
      location: c.region,
      resourceGroupName: net.network.resourceGroup.name,
      version: c.kubernetesVersion,
      vnetCidr: c.network.cidr,
      nodeSubnetId: net.network.nodeSubnet.id,
      zones: c.network.zones,
      system: c.nodes.system,
      workload: c.nodes.workload,
      // Nodes and pods reach the API through the NAT gateway: its address must be allowed, or no node registers.
      apiCidrs: Token.asList(Fn.concat([ctx.apiCidrs, Fn.formatlist("%s/32", [net.egressAddresses])])),
      egressReady: net.network.egressReady,
      adminGroup: c.adminGroup,
      tags: { ...ctx.tags },
    });
    return {
      aks,
      name: aks.cluster.name,
      // AKS gives a bare host name; a URL matches what EKS gives.
      endpoint: `https://${aks.cluster.fqdn}`,
      caData: aks.cluster.kubeConfig.get(0).clusterCaCertificate,
      oidcIssuer: aks.cluster.oidcIssuerUrl,
      ingressAddress: `ingress.${c.name}.${ctx.domain}`,
    };
  },

  identity(scope, c, kube, ctx) {
    const rg = { resourceGroupName: kube.aks.cluster.resourceGroupName, location: c.region, tags: { ...ctx.tags } };
    const eso = new AzureWorkloadIdentity(scope, "external-secrets-identity", {
      name: `id-${c.name}-external-secrets`,
      ...rg,
      issuer: kube.oidcIssuer,
      subjects: ["system:serviceaccount:external-secrets:external-secrets"],
      logicalId: "external_secrets_identity",
    });
    // ExternalDNS and cert-manager change the cluster's own records in the platform's Route 53 zone.
    const dns = dnsRole(scope, c.name, kube.oidcIssuer, ctx);
    // The hub's Argo CD, on another cloud, acts as this identity with its own service account tokens.
    const hub = new AzureWorkloadIdentity(scope, "hub-identity", {
      name: `id-${c.name}-argocd-hub`,
      ...rg,
      issuer: ctx.hubIssuer,
      subjects: ["system:serviceaccount:argocd:argocd-application-controller", "system:serviceaccount:argocd:argocd-server"],
      logicalId: "hub_identity",
    });
    const admin = new RoleAssignment(scope, "hub-admin", {
      scope: kube.aks.cluster.id,
      roleDefinitionName: "Azure Kubernetes Service RBAC Cluster Admin",
      principalId: hub.identity.principalId,
      principalType: "ServicePrincipal",
    });
    admin.overrideLogicalId("hub_identity_admin");
    // A team's Entra group may fetch the cluster's credentials; its RoleBindings (by the group's object id) say the rest.
    ctx.teams.forEach((t) => {
      if (!t.access?.entraGroup) return;
      const user = new RoleAssignment(scope, `team-${t.name}-user`, { scope: kube.aks.cluster.id, roleDefinitionName: "Azure Kubernetes Service Cluster User Role", principalId: t.access.entraGroup, principalType: "Group" });
      user.overrideLogicalId(`team_${t.name.replace(/-/g, "_")}_user`);
    });
    const ids: Record<string, string> = { "external-secrets": eso.identity.clientId, "external-dns": dns.role.arn, "cert-manager": dns.role.arn };
    if (ctx.databases) {
      // The flexible servers' metrics, read into Prometheus (the azure-metrics-exporter add-on): monitoring data of this resource group, read-only.
      const metrics = new AzureWorkloadIdentity(scope, "azure-metrics-exporter-identity", {
        name: `id-${c.name}-metrics`,
        ...rg,
        issuer: kube.oidcIssuer,
        subjects: [`system:serviceaccount:${AZURE_METRICS_EXPORTER.namespace}:${AZURE_METRICS_EXPORTER.serviceAccount}`],
        logicalId: "azure_metrics_exporter_identity",
      });
      const reader = new RoleAssignment(scope, "azure-metrics-exporter-reader", {
        scope: `/subscriptions/${c.subscription}/resourceGroups/${azureResourceGroup(c.name)}`,
        roleDefinitionName: "Monitoring Reader",
        principalId: metrics.identity.principalId,
        principalType: "ServicePrincipal",
      });
      reader.overrideLogicalId("azure_metrics_exporter_reader");
      ids["azure-metrics-exporter"] = metrics.identity.clientId;
    }
    return { eso, hub, ids };
  },

  secrets: (scope, c, identity, ctx) =>
    new AzureSecrets(scope, "secrets", {
      name: fitName(`kv-${ctx.platform}-${c.name}`, 24),
      resourceGroupName: azureResourceGroup(c.name),
      location: c.region,
      tenantId: identity.eso.identity.tenantId,
      writerGroup: c.adminGroup,
      readerPrincipalId: identity.eso.identity.principalId,
      tags: { ...ctx.tags },
    }),

  database(scope, c, net, _kube, secrets, db, ctx) {
    const d = new AzureDatabase(scope, db.id, {
      name: flexibleServerName(ctx.platform, c.name, db.app),
      logicalId: db.id,
      resourceGroupName: net.network.resourceGroup.name,
      location: c.region,
      dbName: databaseName(db.app),
      size: db.size,
      storageGb: db.storageGb,
      ha: db.ha,
      zones: c.network.zones,
      subnetId: net.network.databaseSubnet.id,
      vnetId: net.network.vnet.id,
      tags: { ...ctx.tags },
    });
    secrets.write(scope, `${db.id}-credentials`, `${db.app}/database`, d.credentials, true);
    return { endpoint: `${d.server.fqdn}:5432`, secretKey: secrets.keyOf(`${db.app}/database`) };
  },

  budget(scope, c, ctx) {
    new AzureBudget(scope, "budget", { name: `${ctx.platform}-${c.name}`, subscription: c.subscription, monthly: c.budget.monthly, alerts: c.budget.alerts, notify: ctx.notify, tag: { name: COST_TAG, value: c.name } });
  },

  registrationAuth: (_c, _kube, identity) => ({ kind: "azure", clientId: identity.hub.identity.clientId, tenantId: identity.hub.identity.tenantId }),
};
