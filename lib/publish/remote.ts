import { GitError, type Git } from "./git";

/** What a push did: moved the remote branch, found it already there, or was refused as not a fast-forward. */
export type PushOutcome = "pushed" | "up-to-date" | "rejected";

/** Pushes the local branch to the same name on `remote`, never with force. */
export function pushBranch(git: Git, remote: string, branch: string, env?: Record<string, string>): PushOutcome {
  const ref = `refs/heads/${branch}`;
  const args = ["push", "--porcelain", remote, `${ref}:${ref}`];
  const r = git.tryRun(args, { env });
  // --porcelain prints `<flag>\t<src>:<dst>\t<summary>`, stable across git versions and locales.
  const line = r.stdout.split("\n").find((l) => l.includes(`\t${ref}:${ref}\t`)) ?? "";
  if (r.status === 0) return line.startsWith("=") ? "up-to-date" : "pushed";
  if (line.startsWith("!") && /\((non-fast-forward|fetch first)\)/.test(line)) return "rejected";
  throw new GitError(args, r.status, `${r.stderr}${line}`);
}

/** The remote branch's tip, fetched so its objects are local; undefined when the remote has no such branch. */
export function fetchBranch(git: Git, remote: string, branch: string): string | undefined {
  const ref = `refs/heads/${branch}`;
  const listed = git.run(["ls-remote", "--heads", remote, ref]);
  if (!listed.split("\n").some((l) => l.endsWith(`\t${ref}`))) return undefined;
  git.run(["fetch", "--quiet", "--no-tags", "--write-fetch-head", remote, ref]);
  return git.run(["rev-parse", "--verify", "FETCH_HEAD^{commit}"]).trim();
}

/** host/path of a git URL, whatever its form (https, ssh://, git@host:path), without .git or credentials. */
export function normalizeGitUrl(url: string): string {
  const scp = /^[^@/]+@([^:/]+):(.+)$/.exec(url);
  const text = scp ? `${scp[1]}/${scp[2]}` : url.replace(/^[a-z+]+:\/\//, "").replace(/^[^@/]*@/, "");
  const [host, ...rest] = text.replace(/\/+$/, "").replace(/\.git$/, "").split("/");
  return [host.toLowerCase().replace(/:\d+$/, ""), ...rest].join("/");
}

/**
 * A warning when Argo CD reads another repository than the one the branch
 * goes to: every source carries platform.gitops.repoURL, so a branch pushed
 * elsewhere is never synced.
 */
export function repoUrlWarning(git: Git, remote: string, repoURL: string): string | undefined {
  const r = git.tryRun(["remote", "get-url", remote]);
  if (r.status !== 0) return undefined;
  const actual = r.stdout.trim();
  if (normalizeGitUrl(actual) === normalizeGitUrl(repoURL)) return undefined;
  return (
    `platform.gitops.repoURL is ${repoURL}, but remote '${remote}' is ${actual}: Argo CD reads ${repoURL}, ` +
    `so what you publish to '${remote}' is never synced. Set platform.gitops.repoURL to your own repository.`
  );
}
