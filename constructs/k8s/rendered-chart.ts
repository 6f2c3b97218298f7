import { Chart, type App } from "cdk8s";
import type { Construct } from "constructs";

const RENDERED = Symbol.for("basecamp.RenderedChart");
const SOURCE = "basecamp:source";

/** A chart whose objects land in one directory of gitops-out/ and are applied to one cluster. */
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

/** Records which field of platform.yaml a construct comes from, such as apps[0].components[1]. */
export function describedBy(scope: Construct, path: string): void {
  scope.node.addMetadata(SOURCE, path);
}

/** The description path recorded on `scope` or its nearest parent. */
export function sourceOf(scope: Construct): string | undefined {
  for (let c: Construct | undefined = scope; c; c = c.node.scope) {
    const entry = c.node.metadata.find((m) => m.type === SOURCE);
    if (entry) return String(entry.data);
  }
  return undefined;
}
