import { ApiObject, Chart, DependencyGraph, Names, Yaml, type App } from "cdk8s";
import { FileSet } from "./file-set";

const RENDERED = Symbol.for("basecamp.RenderedChart");

/** A chart whose objects land in one directory of gitops-out/. */
export class RenderedChart extends Chart {
  /** cdk8s makes `instanceof Chart` true for every chart, so subclasses need their own test. */
  static isRendered(x: unknown): x is RenderedChart {
    return typeof x === "object" && x !== null && RENDERED in x;
  }

  readonly [RENDERED] = true;

  constructor(
    scope: App,
    id: string,
    /** Directory in gitops-out/ (and on the rendered branch), such as clusters/aws-a/platform. */
    public readonly dir: string,
    /** The cluster the objects are applied to. */
    public readonly cluster: string,
    labels: Record<string, string> = {},
  ) {
    super(scope, id, { disableResourceNameHashes: true, labels });
  }
}

/** A synthesized chart, as data. */
export interface ChartOutput {
  readonly id: string;
  /** The file name cdk8s gives the chart in dist/. */
  readonly distName: string;
  readonly dir: string;
  readonly cluster: string;
  readonly objects: KubeObject[];
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * What cdk8s's App.synth() does, without writing, in one pass: validate every
 * construct once (Chart.toJson() re-validates the whole app per chart), then
 * each chart's objects in dependency order.
 */
export function synthCharts(app: App): ChartOutput[] {
  const errors = app.node
    .findAll()
    .flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0) throw new Error(errors.join("\n"));
  return app.charts.map((chart) => {
    if (!RenderedChart.isRendered(chart)) {
      throw new Error(`[${chart.node.path}] every chart must be a RenderedChart, so its objects have a place in gitops-out/`);
    }
    const objects = new DependencyGraph(chart.node)
      .topology()
      .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
      .map((o) => o.toJson() as KubeObject);
    return { id: chart.node.id, distName: Names.toDnsLabel(chart), dir: chart.dir, cluster: chart.cluster, objects };
  });
}

/** The files of dist/, as `cdk8s synth` writes them (one file per chart). */
export function distFiles(charts: readonly ChartOutput[]): FileSet {
  const files = new FileSet("dist");
  for (const c of charts) files.add(`${c.distName}.k8s.yaml`, Yaml.stringify(...c.objects), c.id);
  return files;
}
