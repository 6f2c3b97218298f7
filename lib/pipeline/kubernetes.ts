import { ApiObject, Chart, DependencyGraph, Names, type App } from "cdk8s";
import { RenderedChart, sourceOf } from "../../constructs/k8s/rendered-chart";
import { FileSet } from "./file-set";
import { compact, expectObjects } from "./memory";
import { toYaml } from "./yaml";

/** A synthesized chart, as data. */
export interface ChartOutput {
  readonly id: string;
  /** The file name cdk8s gives the chart in dist/. */
  readonly distName: string;
  readonly dir: string;
  readonly cluster: string;
  readonly objects: KubeObject[];
  /** Where each object (same index) comes from: its construct path and the description field. */
  readonly origins: Origin[];
}

export interface Origin {
  readonly constructPath: string;
  readonly source?: string;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * What cdk8s's App.synth() does, without writing, in one pass: validate every
 * construct once (Chart.toJson() re-validates the whole app per chart), then
 * each chart's objects in dependency order.
 */
export function synthCharts(app: App): ChartOutput[] {
  const constructs = app.node.findAll();
  const errors = constructs.flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0) throw new Error(errors.join("\n"));
  expectObjects(constructs.length);
  // Each chart leaves the app once it is data: a fleet's construct trees are never all held with their output.
  return app.charts.map((chart, i) => {
    if (i % 10 === 9) compact();
    if (!RenderedChart.isRendered(chart)) {
      throw new Error(`[${chart.node.path}] every chart must be a RenderedChart, so its objects have a place in gitops-out/`);
    }
    const apiObjects = new DependencyGraph(chart.node)
      .topology()
      .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
    const objects = apiObjects.map((o) => o.toJson() as KubeObject);
    const origins = apiObjects.map((o) => ({ constructPath: o.node.path, source: sourceOf(o) }));
    app.node.tryRemoveChild(chart.node.id);
    return {
      id: chart.node.id,
      distName: Names.toDnsLabel(chart),
      dir: chart.dir,
      cluster: chart.cluster,
      objects,
      origins,
    };
  });
}

/** The files of dist/, as `cdk8s synth` writes them (one file per chart). */
export function distFiles(charts: readonly ChartOutput[]): FileSet {
  const files = new FileSet("dist");
  // What Yaml.stringify(...objects) gives. Rendered when written, as gitops-out/'s files are: a fleet's documents
  // are never all held at once.
  for (const c of charts) files.add(`${c.distName}.k8s.yaml`, () => c.objects.map((o) => toYaml(o)).join("---\n"), c.id);
  return files;
}
