import type { Git } from "./git";

/** The source ("dry") commit a render was made from. */
export interface SourceCommit {
  readonly sha: string;
  readonly authorName: string;
  readonly authorEmail: string;
  /** git's internal date, `<unix seconds> <+hhmm>`, reused as is so the rendered commit is reproducible. */
  readonly authorDate: string;
  readonly committerDate: string;
  /** First paragraph of the message. */
  readonly subject: string;
  /** The rest of the message, after the blank line. */
  readonly body: string;
}

const IDENT = /^(.*) <(.*)> (\d+ [+-]\d{4})$/;

/**
 * Reads the commit object itself rather than `git show`, whose output
 * depends on config such as log.showSignature.
 */
export function readSource(git: Git, rev: string): SourceCommit {
  const sha = git.run(["rev-parse", "--verify", `${rev}^{commit}`]).trim();
  const raw = git.run(["cat-file", "commit", sha]);
  const split = raw.indexOf("\n\n");
  const headers = (split < 0 ? raw : raw.slice(0, split)).split("\n");
  const ident = (name: string) => {
    const line = headers.find((h) => h.startsWith(`${name} `));
    const m = line && IDENT.exec(line.slice(name.length + 1));
    if (!m) throw new Error(`cannot read the ${name} of commit ${sha}`);
    return { name: m[1], email: m[2], date: m[3] };
  };
  const author = ident("author");
  const committer = ident("committer");
  // Split as Argo CD does: the subject is everything before the first blank line.
  const message = split < 0 ? "" : raw.slice(split + 2).trim();
  const cut = message.indexOf("\n\n");
  return {
    sha,
    authorName: author.name,
    authorEmail: author.email,
    authorDate: author.date,
    committerDate: committer.date,
    subject: cut < 0 ? message : message.slice(0, cut),
    body: cut < 0 ? "" : message.slice(cut + 2),
  };
}

/** RFC 3339 in UTC, as Go's time.RFC3339 prints a UTC time. */
export function rfc3339(gitDate: string): string {
  const seconds = Number(gitDate.split(" ")[0]);
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The root hydrator.metadata of Argo CD's source hydrator, so Argo CD, GitOps
 * Promoter or Kargo can read our branch as if Argo CD had hydrated it.
 * Fields and order: HydratorCommitMetadata in argoproj/argo-cd
 * util/hydrator/hydrator.go (all omitempty; `commands` and `references` are
 * left out, we have none). Encoding: writeMetadata in
 * commitserver/commit/hydratorhelper.go, a json.Encoder with two-space
 * indent, no HTML escaping and a trailing newline. author is `%an <%ae>`
 * and date the author date, as Argo CD's git client reads them.
 */
export function hydratorMetadata(repoURL: string, source: SourceCommit): string {
  const doc: Record<string, string> = {
    repoURL,
    drySha: source.sha,
    author: `${source.authorName} <${source.authorEmail}>`,
    date: rfc3339(source.authorDate),
    subject: source.subject,
    body: source.body,
  };
  for (const k of Object.keys(doc)) if (doc[k] === "") delete doc[k];
  // Go escapes these two even with HTML escaping off; JSON.stringify does not.
  return JSON.stringify(doc, null, 2).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029") + "\n";
}

/** `render <short>: <subject>`, then git trailers naming the source. */
export function commitMessage(source: SourceCommit, dirty: boolean): string {
  // A fixed length, not `git rev-parse --short`, whose length depends on the repository and config.
  const short = source.sha.slice(0, 7);
  const subject = source.subject.replace(/\s*\n\s*/g, " ");
  const lines = [subject ? `render ${short}: ${subject}` : `render ${short}`, ""];
  if (dirty) {
    lines.push(`Published with --allow-dirty: the working tree of ${short} had uncommitted changes,`, "so these files may differ from what that commit renders.", "");
  }
  lines.push(`Source-Commit: ${source.sha}`);
  if (dirty) lines.push("Source-Dirty: true");
  return lines.join("\n") + "\n";
}
