import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadPlatform } from "../model/load";
import type { Platform } from "../model/schema";
import { PublishError } from "./errors";
import { Git } from "./git";
import { fetchBranch, pushBranch, repoUrlWarning } from "./remote";
import { commitMessage, hydratorMetadata, readSource, type SourceCommit } from "./source";
import { commitEntries, diffEntries, hashFiles, hashRender, METADATA_FILE, writeTree, type Entry, type TreeDiff } from "./tree";

/** The folder synth writes and publish commits, relative to the repository root. */
export const RENDER_DIR = "gitops-out";
export const DEFAULT_MAX_DELETIONS = 0.3;
export const DEFAULT_COMMITTER = { name: "basecamp publish", email: "publish@basecamp.invalid" };
const MAX_PUSH_ATTEMPTS = 3;

export interface PublishOptions {
  /** The repository root. @default process.cwd() */
  readonly dir?: string;
  /** The platform description, relative to `dir`. @default "platform.yaml" */
  readonly config?: string;
  /** Publish although the working tree has uncommitted changes; drySha is still HEAD. @default false */
  readonly allowDirty?: boolean;
  /** Publish although more than `maxDeletions` of the branch's files would be deleted. @default false */
  readonly allowDeletions?: boolean;
  /** The share (0 to 1) of the branch's files one publish may delete. @default 0.3 */
  readonly maxDeletions?: number;
  /** Push the branch to `remote`, without force. @default false */
  readonly push?: boolean;
  /** @default "origin" */
  readonly remote?: string;
  /** Environment of the git commands; BASECAMP_COMMITTER_NAME and _EMAIL are read from it. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Render the description and refuse a gitops-out/ that differs from it (a description changed without a synth).
   * @default true
   */
  readonly checkFresh?: boolean;
}

export interface PublishResult extends TreeDiff {
  readonly branch: string;
  /** The branch tip after publishing. */
  readonly commit: string;
  /** The source commit (drySha): HEAD of the repository. */
  readonly source: string;
  /** False when the branch already held this render (hydrator.metadata aside). */
  readonly created: boolean;
  /** Published with --allow-dirty from a working tree with uncommitted changes. */
  readonly dirty: boolean;
  /** Files in the render, hydrator.metadata not counted. */
  readonly files: number;
  /** With push: whether the remote moved or already had the commit. */
  readonly pushed?: "pushed" | "up-to-date";
  /** Push attempts; more than one means the remote had moved and the commit was rebuilt on top. */
  readonly attempts: number;
  /** Things the user should know, such as a repoURL that is not the remote's. */
  readonly warnings: string[];
}

/**
 * Commits gitops-out/ as the whole tree of the rendered branch, plus
 * hydrator.metadata, with plumbing only: the user's HEAD, index and working
 * tree are never touched. Every refusal of the render happens before
 * anything is written; only a push retry can refuse after the local commit.
 */
export function publish(opts: PublishOptions = {}): PublishResult {
  const dir = path.resolve(opts.dir ?? ".");
  const env = opts.env ?? process.env;
  const remote = opts.remote ?? "origin";
  const maxDeletions = opts.maxDeletions ?? DEFAULT_MAX_DELETIONS;
  if (!(maxDeletions >= 0 && maxDeletions <= 1)) {
    throw new PublishError(`'maxDeletions' (${maxDeletions}) must be a share between 0 and 1, such as 0.3`);
  }
  const git = new Git(dir, env);
  if (git.tryRun(["rev-parse", "--is-inside-work-tree"]).stdout.trim() !== "true") {
    throw new PublishError(`${dir} is not a git working tree; run publish in the repository that holds platform.yaml`);
  }
  const config = opts.config ?? "platform.yaml";
  // Joined, not resolved: error messages then show the path as the user gave it.
  const platform = loadPlatform(path.join(opts.dir ?? ".", config));
  const { branch, repoURL } = platform.platform.gitops;
  const ref = `refs/heads/${branch}`;

  refuseCheckedOut(git, ref, branch);
  if (!git.commitOf("HEAD")) throw new PublishError("the repository has no commit yet; commit platform.yaml and gitops-out/ first");
  const source = readSource(git, "HEAD");
  const dirty = checkClean(git, source, opts.allowDirty ?? false);
  const renderDir = path.join(dir, RENDER_DIR);
  const entries = readRender(git, renderDir, platform, config);
  if (opts.checkFresh ?? true) refuseStale(git, path.join(opts.dir ?? ".", config), entries);

  const identity = {
    GIT_AUTHOR_NAME: source.authorName,
    GIT_AUTHOR_EMAIL: source.authorEmail,
    GIT_COMMITTER_NAME: env.BASECAMP_COMMITTER_NAME || DEFAULT_COMMITTER.name,
    GIT_COMMITTER_EMAIL: env.BASECAMP_COMMITTER_EMAIL || DEFAULT_COMMITTER.email,
  };
  // Dates from the source commit: the same source gives the same rendered commit.
  const commitEnv = { ...identity, GIT_AUTHOR_DATE: `@${source.authorDate}`, GIT_COMMITTER_DATE: `@${source.committerDate}` };
  const message = commitMessage(source, dirty);
  let tree: string | undefined;

  /** The commit that puts the render on top of `base`, or base itself when it already holds the render. */
  const onto = (base: string | undefined) => {
    const baseEntries = base ? commitEntries(git, base) : [];
    const diff = diffEntries(baseEntries, entries);
    if (base && diff.added + diff.changed + diff.removed === 0) return { tip: base, created: false, diff };
    refuseDeletions(baseEntries, diff, branch, maxDeletions, opts.allowDeletions ?? false);
    tree ??= buildTree(git, renderDir, entries, baseEntries, hydratorMetadata(repoURL, source));
    const parent = base ? ["-p", base] : [];
    const tip = git.run(["-c", "i18n.commitEncoding=UTF-8", "commit-tree", "--no-gpg-sign", tree, ...parent, "-F", "-"], { input: message, env: commitEnv }).trim();
    return { tip, created: true, diff };
  };
  /** Moves the local branch, but only from the value we read (update-ref's compare-and-swap). */
  let local = git.commitOf(ref);
  const setLocal = (tip: string) => {
    if (tip === local) return;
    git.run(["update-ref", "-m", `basecamp publish: ${source.sha.slice(0, 7)}`, ref, tip, local ?? ""], { env: identity });
    local = tip;
  };

  let base = local ?? (opts.push ? fetchBranch(git, remote, branch) : git.commitOf(`refs/remotes/${remote}/${branch}`));
  let step = onto(base);
  setLocal(step.tip);

  let attempts = 0;
  let pushed: PublishResult["pushed"];
  while (opts.push && pushed === undefined) {
    attempts++;
    const outcome = pushBranch(git, remote, branch, identity);
    if (outcome !== "rejected") {
      pushed = outcome;
    } else if (attempts >= MAX_PUSH_ATTEMPTS) {
      throw new PublishError(
        `${remote} rejected ${branch} ${attempts} times: it moved again each time we rebuilt on top of it. ` +
          `Nothing was forced; the local ${branch} is ${step.tip.slice(0, 7)}. Run publish --push again.`,
      );
    } else {
      // Someone else published first: same tree, new parent, no force.
      base = fetchBranch(git, remote, branch);
      step = onto(base);
      setLocal(step.tip);
    }
  }

  const warning = repoUrlWarning(git, remote, repoURL);
  return {
    warnings: warning ? [warning] : [],
    branch,
    commit: step.tip,
    source: source.sha,
    created: step.created,
    dirty,
    files: entries.length,
    ...step.diff,
    pushed,
    attempts,
  };
}

function refuseCheckedOut(git: Git, ref: string, branch: string): void {
  const lines = git.run(["worktree", "list", "--porcelain"]).split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== `branch ${ref}`) continue;
    const at = [...lines.slice(0, i)].reverse().find((l) => l.startsWith("worktree "))?.slice("worktree ".length);
    throw new PublishError(
      `the rendered branch '${branch}' is checked out${at ? ` in ${at}` : ""}; publish would change it under that working tree. ` +
        "Switch that working tree to another branch first.",
    );
  }
}

/** True when dirty but allowed; throws when dirty and not allowed. */
function checkClean(git: Git, source: SourceCommit, allowDirty: boolean): boolean {
  // --no-optional-locks: status would otherwise refresh the user's index file.
  const status = git.run(["--no-optional-locks", "status", "--porcelain", "--untracked-files=normal"]);
  const changes = status.split("\n").filter((l) => l !== "");
  if (changes.length === 0) return false;
  if (allowDirty) return true;
  const shown = changes.slice(0, 10).map((l) => `  ${l}`);
  if (changes.length > 10) shown.push(`  ... and ${changes.length - 10} more`);
  throw new PublishError(
    `the working tree has uncommitted changes, so the render cannot be traced to commit ${source.sha.slice(0, 7)}:\n${shown.join("\n")}\n` +
      "Commit them (after npm run synth), or rerun with --allow-dirty.",
  );
}

/** The render's files, hashed but not yet written; refuses a missing, empty or partial render. */
function readRender(git: Git, renderDir: string, platform: Platform, config: string): Entry[] {
  if (!fs.existsSync(renderDir) || !fs.statSync(renderDir).isDirectory()) {
    throw new PublishError(`${RENDER_DIR}/ does not exist; run npm run synth, commit the render, then publish`);
  }
  const entries = hashRender(git, renderDir, RENDER_DIR, false);
  if (entries.length === 0) throw new PublishError(`${RENDER_DIR}/ is empty; run npm run synth, commit the render, then publish`);
  if (entries.some((e) => e.path === METADATA_FILE)) {
    throw new PublishError(`${RENDER_DIR}/${METADATA_FILE} exists, but publish writes that file itself; delete it`);
  }
  const missing = platform.clusters.map((c) => c.name).filter((name) => !entries.some((e) => e.path.startsWith(`clusters/${name}/`)));
  if (missing.length > 0) {
    throw new PublishError(
      `${RENDER_DIR}/ has no files for cluster${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${config} ` +
        `(expected ${RENDER_DIR}/clusters/<name>/); the render is stale or partial. Run npm run synth and commit it, then publish.`,
    );
  }
  return entries;
}

/** Renders the description apart and refuses a gitops-out/ that is not that render, naming what differs. */
function refuseStale(git: Git, config: string, entries: readonly Entry[]): void {
  const { synth } = require("../pipeline/synth") as typeof import("../pipeline/synth");
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-publish-"));
  try {
    synth({ config, out: scratch, capabilities: () => (require("../../capabilities") as typeof import("../../capabilities")).CAPABILITIES });
    const fresh = new Map(hashRender(git, path.join(scratch, RENDER_DIR), RENDER_DIR, false).map((e) => [e.path, e.sha]));
    const have = new Map(entries.map((e) => [e.path, e.sha]));
    const stale = [
      ...[...fresh].filter(([p, sha]) => have.get(p) !== sha).map(([p]) => `${p} ${have.has(p) ? "differs" : "is missing"}`),
      ...[...have.keys()].filter((p) => !fresh.has(p)).map((p) => `${p} is no longer rendered`),
    ];
    if (stale.length === 0) return;
    const shown = stale.slice(0, 5).map((s) => `${RENDER_DIR}/${s}`).join("; ");
    throw new PublishError(
      `${RENDER_DIR}/ is stale against ${config}: ${stale.length} file${stale.length === 1 ? "" : "s"} (${shown}${stale.length > 5 ? "; ..." : ""}). ` +
        `Run npm run synth, commit the render, then publish.`,
    );
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function refuseDeletions(base: readonly Entry[], diff: TreeDiff, branch: string, max: number, allowed: boolean): void {
  const current = base.filter((e) => e.path !== METADATA_FILE).length;
  if (allowed || current === 0 || diff.removed / current <= max) return;
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  throw new PublishError(
    `publishing would delete ${diff.removed} of the ${current} files on ${branch} (${pct(diff.removed / current)}, more than ${pct(max)}); ` +
      `check that ${RENDER_DIR}/ is a complete render, then rerun with --allow-deletions (or a higher --max-deletions)`,
  );
}

/** Stores the blobs the base does not have, then the tree: the render plus hydrator.metadata. */
function buildTree(git: Git, renderDir: string, entries: readonly Entry[], base: readonly Entry[], metadata: string): string {
  const known = new Set(base.map((e) => e.sha));
  const fresh = entries.filter((e) => !known.has(e.sha));
  const written = hashFiles(git, renderDir, fresh.map((e) => e.path), true);
  if (written.some((sha, i) => sha !== fresh[i].sha)) {
    throw new PublishError(`${RENDER_DIR}/ changed while publishing (is synth running?); run publish again`);
  }
  const meta = git.run(["hash-object", "-w", "--stdin"], { input: metadata }).trim();
  return writeTree(git, [...entries, { path: METADATA_FILE, mode: "100644", sha: meta }]);
}
