import type { Description } from "../model/load";
import type { AddOn } from "../../constructs/argocd/add-on";
import type { Resolved, ResolvedCluster } from "../model/resolve";
import type { FileSet } from "../pipeline/file-set";
import type { ChartOutput, KubeObject, Origin } from "../pipeline/kubernetes";
import type { StackOutput } from "../pipeline/terraform";

/** Everything rendered, as data, before anything is written. */
export interface RenderedTree {
  readonly description: Description;
  readonly resolved: Resolved;
  /** The add-ons of every capability on a cluster. */
  addOns(cluster: ResolvedCluster): readonly AddOn[];
  readonly stacks: readonly StackOutput[];
  readonly charts: readonly ChartOutput[];
  readonly gitops: FileSet;
}

/** One problem a check found, pointing at the rendered object and, where known, the field of the description. */
export interface Finding {
  readonly severity: "error" | "warning";
  /** The construct path, or chart/Kind/name, of what is wrong. */
  readonly where: string;
  /** The description field it comes from, such as apps[0].image. */
  readonly source?: string;
  readonly message: string;
}

/** A check over the whole rendered tree. Each lives in its own file; capabilities bring theirs. */
export interface Check {
  readonly name: string;
  run(tree: RenderedTree): Finding[];
}

/** Every object of every chart with the chart and origin it came from. */
export function objectsOf(tree: Pick<RenderedTree, "charts">): { chart: ChartOutput; object: KubeObject; origin: Origin; label: string }[] {
  return tree.charts.flatMap((chart) =>
    chart.objects.map((object, i) => ({ chart, object, origin: chart.origins[i], label: objectLabel(chart.id, object) })),
  );
}

/** chart/Kind/namespace/name: how findings name an object. */
export function objectLabel(chart: string, o: KubeObject): string {
  return `${chart}/${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
}

/** The problem of every claim whose key an earlier claim already holds; the first claim wins. */
export function laterClaims<T extends { key: string; owner: string }>(claims: T[]): { claim: T; first: string }[] {
  const owners = new Map<string, string>();
  const out: { claim: T; first: string }[] = [];
  for (const c of claims) {
    const first = owners.get(c.key);
    if (first === undefined) owners.set(c.key, c.owner);
    else out.push({ claim: c, first });
  }
  return out;
}

/** A finding as synth prints it: like a description error when it points at a field, then [where] message. */
export function formatFinding(f: Finding, description?: Pick<Description, "file" | "lineOf">): string {
  const line = f.source && description ? description.lineOf(f.source) : undefined;
  const at = f.source && description ? `${description.file}${line ? `:${line}` : ""}: ${f.source}: ` : "";
  return `${f.severity === "warning" ? "warning: " : ""}${at}[${f.where}] ${f.message}`;
}

/** Error findings stop synth; this carries them all. */
export class CheckError extends Error {
  constructor(public readonly findings: readonly Finding[], description?: Pick<Description, "file" | "lineOf">) {
    super(findings.map((f) => formatFinding(f, description)).join("\n"));
    this.name = "CheckError";
  }
}
