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
