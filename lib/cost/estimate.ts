import type { Resolved, ResolvedCluster } from "../model/resolve";
import type { ChartOutput, KubeObject } from "../pipeline/kubernetes";
import type { StackOutput } from "../pipeline/terraform";
import { podSpecOf } from "../checks/pod-spec";
import { AWS, CLOUDS, DNS, HOMELAB, homelabVcpuMonth, HOURS_PER_MONTH, type CloudPrices, type Machine } from "./prices";

/** One thing that costs money, a month: at the autoscalers' floor, and at their ceiling. */
export interface CostItem {
  readonly item: string;
  readonly floor: number;
  readonly ceiling: number;
}

export interface ClusterCost {
  readonly cluster: string;
  readonly provider: string;
  readonly budget?: number;
  readonly items: readonly CostItem[];
  readonly floor: number;
  readonly ceiling: number;
  /** What each team's workloads and databases take of it; the rest is the platform's. */
  readonly byTeam: Readonly<Record<string, number>>;
  /** What the estimate could not price as described, such as a region without a price table. */
  readonly warnings: readonly string[];
}

/** Persistent volumes the signals take (the add-ons' values): on the hub, and on every other cluster. */
export interface VolumeSizes {
  readonly hubGb: number;
  readonly spokeGb: number;
}

const monthly = (hourly: number) => hourly * HOURS_PER_MONTH;
const res = (stack: StackOutput, type: string): any[] => Object.values<any>(stack.json.resource?.[type] ?? {});

function price<T>(table: Readonly<Record<string, T>>, key: string, what: string): T {
  const p = table[key];
  if (p === undefined) throw new Error(`no price for ${what} '${key}' in lib/cost/prices.ts; add it with its source`);
  return p;
}

/** A pool's machines, each with its OS disk, at the floor and ceiling. */
function pool(name: string, m: Machine, floor: number, ceiling: number, disk: { gb: number; gbMonth: number }): CostItem {
  const each = monthly(m.hourly) + disk.gb * disk.gbMonth;
  return { item: `${name}: ${floor === ceiling ? floor : `${floor}-${ceiling}`} x ${m.vcpus} vCPU / ${m.memoryGb} GB, ${disk.gb} GB disk`, floor: floor * each, ceiling: ceiling * each };
}

/** Cloud NAT by the VM-hour, for the nodes at the floor and ceiling (up to its cap). */
function natPerVm(cloud: CloudPrices, nodes: { floor: number; ceiling: number }): CostItem[] {
  if (!cloud.natPerVm) return [];
  const { hourly, cap } = cloud.natPerVm;
  return [{ item: `Cloud NAT, per VM (${nodes.floor}-${nodes.ceiling} VMs)`, floor: monthly(hourly * Math.min(nodes.floor, cap)), ceiling: monthly(hourly * Math.min(nodes.ceiling, cap)) }];
}

const fixed = (item: string, amount: number): CostItem => ({ item, floor: amount, ceiling: amount });

/** The cloud's parts of a cluster stack, priced. */
function cloudItems(stack: StackOutput, c: ResolvedCluster, cloud: CloudPrices, volumesGb: number): { items: CostItem[]; workload?: Machine; databases: Record<string, number> } {
  const items: CostItem[] = [];
  const databases: Record<string, number> = {};
  let workload: Machine | undefined;
  const machine = (type: string) => price(cloud.machines, type, "machine type");
  if (c.provider === "aws") {
    items.push(fixed("EKS control plane", res(stack, "aws_eks_cluster").length * monthly(cloud.controlPlane)));
    // The launch templates' root volumes (gp3).
    const rootGb = res(stack, "aws_launch_template")[0]?.block_device_mappings?.[0]?.ebs?.volume_size ?? 20;
    for (const ng of res(stack, "aws_eks_node_group")) {
      const m = machine(ng.instance_types[0]);
      items.push(pool(`${ng.node_group_name ?? "nodes"}`, m, ng.scaling_config.min_size, ng.scaling_config.max_size, { gb: rootGb, gbMonth: cloud.diskGbMonth }));
      if (ng.scaling_config.max_size > ng.scaling_config.min_size) workload = m;
    }
    items.push(fixed("NAT gateways", res(stack, "aws_nat_gateway").length * monthly(cloud.natGateway)));
    for (const db of res(stack, "aws_db_instance")) {
      const x = db.multi_az ? 2 : 1;
      const amount = x * (monthly(price(cloud.databases, db.instance_class, "database class")) + db.allocated_storage * cloud.databaseStorageGbMonth);
      items.push(fixed(`database ${db.identifier} (${db.instance_class}${db.multi_az ? ", Multi-AZ" : ""})`, amount));
      databases[db.identifier] = amount;
    }
  } else if (c.provider === "gcp") {
    items.push(fixed("GKE cluster fee", res(stack, "google_container_cluster").length * monthly(cloud.controlPlane)));
    const nodes = { floor: 0, ceiling: 0 };
    for (const np of res(stack, "google_container_node_pool")) {
      const m = machine(np.node_config.machine_type);
      const zones = (np.node_locations ?? []).length || 1;
      const floor = np.autoscaling ? np.autoscaling.total_min_node_count : np.node_count * zones;
      const ceiling = np.autoscaling ? np.autoscaling.total_max_node_count : floor;
      // GKE's boot disk: 100 GB pd-balanced unless the pool says otherwise.
      items.push(pool(np.name ?? "nodes", m, floor, ceiling, { gb: np.node_config.disk_size_gb ?? 100, gbMonth: cloud.diskGbMonth }));
      nodes.floor += floor;
      nodes.ceiling += ceiling;
      if (np.autoscaling) workload = m;
    }
    const nats = res(stack, "google_compute_router_nat").length;
    items.push(fixed("Cloud NAT address", nats * monthly(cloud.natGateway)));
    if (nats > 0) items.push(...natPerVm(cloud, nodes));
    for (const db of res(stack, "google_sql_database_instance")) {
      const ha = db.settings.availability_type === "REGIONAL";
      const amount = (ha ? 2 : 1) * (monthly(price(cloud.databases, db.settings.tier, "database tier")) + (db.settings.disk_size ?? 10) * cloud.databaseStorageGbMonth);
      items.push(fixed(`database ${db.name} (${db.settings.tier}${ha ? ", regional" : ""})`, amount));
      databases[db.name] = amount;
    }
  } else if (c.provider === "azure") {
    for (const aks of res(stack, "azurerm_kubernetes_cluster")) {
      items.push(fixed(`AKS ${aks.sku_tier} tier`, aks.sku_tier === "Free" ? 0 : monthly(cloud.controlPlane)));
      const sys = aks.default_node_pool;
      // AKS's managed OS disk: 128 GB unless the pool says otherwise.
      items.push(pool("system", machine(sys.vm_size), sys.node_count, sys.node_count, { gb: sys.os_disk_size_gb ?? 128, gbMonth: cloud.diskGbMonth }));
    }
    for (const np of res(stack, "azurerm_kubernetes_cluster_node_pool")) {
      const m = machine(np.vm_size);
      items.push(pool(np.name ?? "workload", m, np.min_count ?? np.node_count, np.max_count ?? np.node_count, { gb: np.os_disk_size_gb ?? 128, gbMonth: cloud.diskGbMonth }));
      workload = m;
    }
    items.push(fixed("NAT gateways", res(stack, "azurerm_nat_gateway").length * monthly(cloud.natGateway)));
    for (const db of res(stack, "azurerm_postgresql_flexible_server")) {
      const sku = String(db.sku_name);
      const ha = db.high_availability !== undefined;
      const amount = (ha ? 2 : 1) * (monthly(price(cloud.databases, sku, "database SKU")) + (db.storage_mb / 1024) * cloud.databaseStorageGbMonth);
      items.push(fixed(`database ${db.name} (${sku}${ha ? ", zone-redundant" : ""})`, amount));
      databases[db.name] = amount;
    }
  }
  items.push(fixed("load balancer of the Gateway", monthly(cloud.loadBalancer)));
  items.push(fixed(`volumes of the signals (${volumesGb} GB)`, volumesGb * cloud.diskGbMonth));
  return { items, workload, databases };
}

/** Secrets the stack keeps in AWS Secrets Manager (the hub's registry) and in its own backend. */
function secretItems(stack: StackOutput, cloud: CloudPrices | undefined): CostItem[] {
  const aws = res(stack, "aws_secretsmanager_secret").length * AWS.secret;
  const own = (res(stack, "google_secret_manager_secret").length + res(stack, "azurerm_key_vault_secret").length) * (cloud?.secret ?? 0);
  return aws + own > 0 ? [fixed("secrets", aws + own)] : [];
}

/** CPU and memory the workloads of each team request on a cluster (replicas x requests), from the rendered objects. */
export function teamRequests(charts: readonly ChartOutput[], cluster: string): Record<string, { vcpus: number; memoryGb: number }> {
  const out: Record<string, { vcpus: number; memoryGb: number }> = {};
  for (const chart of charts.filter((c) => c.cluster === cluster)) {
    for (const o of chart.objects) {
      const pod = podSpecOf(o);
      const team = podLabels(o, pod?.path)?.["basecamp.dev/team"];
      if (!pod || !team) continue;
      const replicas = Number((o.spec as any)?.replicas ?? 1);
      const t = (out[team] ??= { vcpus: 0, memoryGb: 0 });
      for (const c of pod.spec.containers ?? []) {
        t.vcpus += replicas * cpu(c.resources?.requests?.cpu ?? "0");
        t.memoryGb += replicas * memory(c.resources?.requests?.memory ?? "0");
      }
    }
  }
  return out;
}

function podLabels(o: KubeObject, path: string | undefined): Record<string, string> | undefined {
  if (!path) return undefined;
  let v: any = o;
  for (const k of path.split(".").slice(0, -1)) v = v?.[k];
  return path === "spec" ? o.metadata.labels : v?.metadata?.labels;
}

function cpu(q: string): number {
  return q.endsWith("m") ? Number(q.slice(0, -1)) / 1000 : Number(q);
}

function memory(q: string): number {
  const units: Record<string, number> = { Ki: 2 ** -20, Mi: 2 ** -10, Gi: 1, Ti: 1024 };
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)?$/.exec(q);
  return m ? Number(m[1]) * (m[2] ? units[m[2]] : 2 ** -30) : 0;
}

/**
 * Each cluster's monthly cost from what its stack creates (control plane,
 * node pools, NAT, databases, secrets), what Kubernetes adds (the Gateway's
 * load balancer, the signals' volumes) or, on Proxmox, the hardware share
 * of its VMs; and the global stack's DNS. Teams are charged their workloads'
 * requests at the workload machines' rates and their databases; the rest is
 * the platform's.
 */
export function estimate(p: Resolved, stacks: readonly StackOutput[], charts: readonly ChartOutput[], volumes: VolumeSizes): ClusterCost[] {
  const out: ClusterCost[] = [];
  for (const c of p.clusters) {
    const stack = stacks.find((s) => s.name === c.name);
    if (!stack) continue;
    const volumesGb = c.isHub ? volumes.hubGb : volumes.spokeGb;
    let items: CostItem[];
    let rates: { vcpu: number; gb: number };
    let databases: Record<string, number> = {};
    const warnings: string[] = [];
    if (c.provider === "proxmox") {
      const vms = res(stack, "proxmox_virtual_environment_vm");
      const cores = vms.reduce((n, vm) => n + vm.cpu[0].cores, 0);
      const diskGb = vms.reduce((n, vm) => n + (vm.disk ?? []).reduce((m: number, d: any) => m + d.size, 0), 0) + volumesGb;
      items = [fixed(`${vms.length} VMs, ${cores} vCPU: power and hardware`, cores * homelabVcpuMonth()), fixed(`disks (${diskGb} GB)`, diskGb * HOMELAB.diskGbMonth)];
      rates = { vcpu: homelabVcpuMonth(), gb: 0 };
    } else {
      const cloud = CLOUDS[c.provider];
      if (c.spec.region !== cloud.region) {
        warnings.push(`${c.name} is in ${c.spec.region}, but lib/cost/prices.ts lists ${cloud.region}'s prices only: its estimate is at ${cloud.region}'s rates`);
      }
      const x = cloudItems(stack, c, cloud, volumesGb);
      items = x.items;
      databases = x.databases;
      const m = x.workload ?? Object.values(cloud.machines)[0];
      rates = { vcpu: (monthly(m.hourly) * 0.7) / m.vcpus, gb: (monthly(m.hourly) * 0.3) / m.memoryGb };
    }
    items.push(...secretItems(stack, c.provider === "proxmox" ? undefined : CLOUDS[c.provider]));
    const floor = items.reduce((n, i) => n + i.floor, 0);
    const byTeam: Record<string, number> = {};
    for (const [team, r] of Object.entries(teamRequests(charts, c.name))) byTeam[team] = r.vcpus * rates.vcpu + r.memoryGb * rates.gb;
    // Every cloud names an app's database <...>-<cluster>-<app>.
    for (const a of c.apps) {
      const db = Object.keys(databases).find((n) => n.endsWith(`${c.name}-${a.name}`));
      if (db) byTeam[a.team] = (byTeam[a.team] ?? 0) + databases[db];
    }
    // The platform's owner answers for the rest: control plane, system pool, NAT, signals, headroom (and its own workloads).
    const owner = p.platform.platform.owner;
    byTeam[owner] = floor - Object.entries(byTeam).reduce((n, [t, v]) => (t === owner ? n : n + v), 0);
    out.push({ cluster: c.name, provider: c.provider, budget: c.spec.budget.monthly, items, floor, ceiling: items.reduce((n, i) => n + i.ceiling, 0), byTeam, warnings });
  }
  const global = stacks.find((s) => s.name === "global");
  if (global) {
    const zones = res(global, "aws_route53_zone").length;
    const checks = res(global, "aws_route53_health_check").length;
    const items = [fixed(`DNS: ${zones} zone, ${checks} HTTPS health checks`, zones * DNS.zoneMonth + checks * DNS.healthCheckMonth)];
    const total = items[0].floor;
    out.push({ cluster: "global", provider: "aws", items, floor: total, ceiling: total, byTeam: { [p.platform.platform.owner]: total }, warnings: [] });
  }
  return out;
}
