import type { Platform } from "../model/schema";
import type { FileSet } from "./file-set";
import type { ChartOutput, KubeObject } from "./kubernetes";
import type { StackOutput } from "./terraform";

/** Everything rendered, as data, before anything is written. */
export interface RenderedTree {
  readonly platform: Platform;
  readonly stacks: readonly StackOutput[];
  readonly charts: readonly ChartOutput[];
  readonly gitops: FileSet;
}

/** A check over the whole rendered tree; returns "[where] what is wrong" messages. */
export type Check = (tree: RenderedTree) => string[];

/** Every Argo CD source that points into the rendered branch names a folder that exists and holds objects. */
export const argoSourcesExist: Check = (tree) => {
  const { repoURL, branch } = tree.platform.platform.gitops;
  const dirs = new Set(tree.gitops.paths().map((p) => p.slice(0, p.lastIndexOf("/"))));
  const problems: string[] = [];
  for (const { chart, object } of objects(tree)) {
    for (const { where, spec } of applications(object)) {
      const sources = spec.sources ?? (spec.source ? [spec.source] : []);
      for (const s of sources) {
        if (s.repoURL !== repoURL || s.targetRevision !== branch) continue;
        if (!dirs.has(s.path)) {
          problems.push(`[${chart}/${object.kind}/${object.metadata.name}] ${where}source path '${s.path}' does not exist in gitops-out/ (or holds no objects)`);
        }
      }
    }
  }
  return problems;
};

/** No name or label carries a cdk8s hash of the construct path: names are a contract. */
export const noGeneratedNames: Check = (tree) =>
  objects(tree)
    .filter(({ object }) => JSON.stringify(object).includes("cdk8s.io/metadata.addr"))
    .map(({ chart, object }) => `[${chart}/${object.kind}/${object.metadata.name}] carries the cdk8s.io/metadata.addr label, a hash of its construct path; select on explicit labels`);

/** One cluster never receives the same object from two charts: their Argo CD applications would fight. */
export const oneOwnerPerObject: Check = (tree) =>
  laterClaims(
    tree.charts.flatMap((chart) =>
      chart.objects.map((o) => ({
        key: [chart.cluster, o.apiVersion.split("/")[0], o.kind, o.metadata.namespace ?? "", o.metadata.name].join("|"),
        owner: chart.id,
        problem: (first: string) =>
          `[${chart.id}/${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}] is also rendered for cluster ${chart.cluster} by [${first}]; two Argo CD applications would fight over it`,
      })),
    ),
  );

/** Two stacks may not create the same Linux bridge on one Proxmox node: the second apply would take over the first's. */
export const oneProxmoxBridgePerName: Check = (tree) =>
  laterClaims(
    tree.stacks.flatMap((stack) => {
      const endpoint = stack.json.provider?.proxmox?.[0]?.endpoint;
      const bridges = stack.json.resource?.proxmox_virtual_environment_network_linux_bridge ?? {};
      return Object.entries<any>(bridges).map(([id, bridge]) => ({
        key: `${endpoint} ${bridge.node_name} ${bridge.name}`,
        owner: stack.name,
        problem: (first: string) =>
          `[${stack.name}/${id}] bridge ${bridge.name} on node ${bridge.node_name} is also created by stack ${first}; give the clusters ranges whose second octets differ`,
      }));
    }),
  );

/** Application names are unique in Argo CD's namespace, including those ApplicationSets will generate. */
export const uniqueApplicationNames: Check = (tree) =>
  laterClaims(
    objects(tree).flatMap(({ chart, object }) => {
      const owner = `${chart}/${object.kind}/${object.metadata.name}`;
      return applications(object).map(({ where, name }) => ({
        key: name,
        owner,
        problem: (first: string) => `[${owner}] ${where}Application '${name}' is also made by [${first}]; rename an app or a cluster`,
      }));
    }),
  );

export const CHECKS: Check[] = [argoSourcesExist, uniqueApplicationNames, noGeneratedNames, oneOwnerPerObject, oneProxmoxBridgePerName];

/** Runs every check; throws with all problems found. */
export function runChecks(tree: RenderedTree, checks: readonly Check[] = CHECKS): void {
  const problems = checks.flatMap((c) => c(tree));
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

/** The problem of every claim whose key an earlier claim already holds; the first claim wins. */
function laterClaims(claims: { key: string; owner: string; problem: (first: string) => string }[]): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  for (const c of claims) {
    const first = owners.get(c.key);
    if (first === undefined) owners.set(c.key, c.owner);
    else problems.push(c.problem(first));
  }
  return problems;
}

function objects(tree: RenderedTree) {
  return tree.charts.flatMap((c) => c.objects.map((object) => ({ chart: c.id, object })));
}

interface Spec {
  source?: { repoURL: string; targetRevision: string; path: string };
  sources?: { repoURL: string; targetRevision: string; path: string }[];
}

/** Applications, with ApplicationSet list templates expanded for each element. */
function applications(o: KubeObject): { where: string; name: string; spec: Spec }[] {
  if (o.apiVersion !== "argoproj.io/v1alpha1") return [];
  const spec = o.spec as any;
  if (o.kind === "Application") return [{ where: "", name: o.metadata.name, spec }];
  if (o.kind !== "ApplicationSet") return [];
  return (spec.generators as any[]).flatMap((g) => {
    if (!g.list) throw new Error(`[ApplicationSet/${o.metadata.name}] only list generators can be checked; teach checks.ts the ${Object.keys(g)[0]} generator`);
    return (g.list.elements as Record<string, string>[]).map((el) => {
      const template = JSON.parse(expand(JSON.stringify(spec.template), el));
      return { where: `element ${JSON.stringify(el)}: `, name: template.metadata.name, spec: template.spec };
    });
  });
}

function expand(text: string, el: Record<string, string>): string {
  return text.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, key: string) => {
    if (!(key in el)) throw new Error(`template key .${key} is not in the list element ${JSON.stringify(el)}`);
    return el[key];
  });
}
