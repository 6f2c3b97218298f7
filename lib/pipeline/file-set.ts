/**
 * Generated files by relative path; two owners claiming one path is an error,
 * never an overwrite. A content may be a function that builds it when read,
 * so a file made of parts held elsewhere is not held twice.
 */
export class FileSet {
  private readonly files = new Map<string, { content: string | (() => string); owner: string }>();

  constructor(public readonly root: string) {}

  add(path: string, content: string | (() => string), owner: string): void {
    const existing = this.files.get(path);
    if (existing) {
      throw new Error(`[${owner}] ${this.root}/${path} is already written by [${existing.owner}]; two objects may not share a file (rename one of them)`);
    }
    this.files.set(path, { content, owner });
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Paths in sorted order, so every write and listing is deterministic. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  content(path: string): string {
    const f = this.files.get(path);
    if (!f) throw new Error(`${this.root}/${path} is not generated`);
    return typeof f.content === "string" ? f.content : f.content();
  }
}
