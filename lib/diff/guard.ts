/**
 * What holds data or identity that a replacement loses: the resources and
 * objects whose removal, or rename (a new address or name: Terraform and
 * Argo CD delete the old one and create a new one), the replacement guard
 * refuses, and the attributes that make the provider replace a resource in
 * place (ForceNew). A test holds every attribute of this table to the
 * provider schemas available offline.
 */
export const STATEFUL_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: ["identifier", "engine", "kms_key_id", "storage_encrypted", "username", "availability_zone"],
  google_sql_database_instance: ["name", "region", "project"],
  azurerm_postgresql_flexible_server: ["name", "location", "resource_group_name", "delegated_subnet_id", "administrator_login"],
  aws_eks_cluster: ["name", "role_arn", "kubernetes_network_config.service_ipv4_cidr"],
  google_container_cluster: ["name", "location", "network", "subnetwork"],
  azurerm_kubernetes_cluster: ["name", "location", "resource_group_name", "dns_prefix", "node_resource_group"],
  aws_s3_bucket: ["bucket"],
  google_storage_bucket: ["name", "location"],
  azurerm_storage_account: ["name", "location", "resource_group_name"],
  azurerm_key_vault: ["name", "location", "resource_group_name"],
  aws_secretsmanager_secret: ["name"],
  google_secret_manager_secret: ["secret_id"],
  aws_kms_key: [],
  aws_route53_zone: ["name"],
  aws_dynamodb_table: ["name"],
  proxmox_virtual_environment_vm: ["node_name", "vm_id"],
};

/** Kubernetes objects whose deletion loses data or every object inside them. */
export const STATEFUL_KINDS = ["Namespace", "PersistentVolumeClaim", "StatefulSet", "Cluster"] as const;

/** An attribute at a dotted path in a resource's JSON (blocks of one element as cdktf writes them). */
export function attribute(resource: Record<string, unknown>, path: string): unknown {
  let v: unknown = resource;
  for (const part of path.split(".")) {
    if (Array.isArray(v)) v = v[0];
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  }
  return v;
}
