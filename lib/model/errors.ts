/** One problem in the description, at a field path such as clusters[1].network.cidr. */
export interface Issue {
  readonly path: string;
  readonly message: string;
  /** 1-based line in the source file, where it is known. */
  readonly line?: number;
}

/** The description is invalid (or unreadable); every problem found is listed. */
export class ConfigError extends Error {
  constructor(
    public readonly file: string,
    public readonly issues: readonly Issue[],
    public readonly kind: "invalid" | "unreadable" = "invalid",
  ) {
    super(issues.map((i) => formatIssue(file, i)).join("\n"));
    this.name = "ConfigError";
  }

  /** The first line synth prints. */
  headline(action: string): string {
    return this.kind === "unreadable" ? `error: cannot read ${this.file}; ${action}` : `error: ${this.file} is invalid; ${action}`;
  }
}

export function formatIssue(file: string, issue: Issue): string {
  const where = issue.line ? `${file}:${issue.line}` : file;
  return `${where}: ${issue.path || "(top level)"}: ${issue.message}`;
}

/** Renders a zod-style path as clusters[1].network.cidr. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

/** The inverse of formatPath. */
export function parsePath(path: string): PropertyKey[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}
