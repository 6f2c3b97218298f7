import { spawnSync } from "child_process";

/** git exited non-zero; the message carries the command and git's own stderr. */
export class GitError extends Error {
  constructor(
    public readonly args: readonly string[],
    public readonly status: number | null,
    public readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed (exit ${status ?? "signal"}): ${stderr.trim() || "no output"}`);
    this.name = "GitError";
  }
}

export interface GitResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string | Buffer;
  /** Added to the environment of this one command. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Settings that would change bytes or prompt are pinned per command, so the
 * result does not depend on the user's or the CI machine's git config.
 */
const PINNED = ["-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "core.quotePath=false"];

/** A thin spawnSync wrapper around one repository. */
export class Git {
  constructor(
    public readonly cwd: string,
    public readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** stdout, or a GitError with git's stderr. */
  run(args: readonly string[], opts: RunOptions = {}): string {
    const r = this.tryRun(args, opts);
    if (r.status !== 0) throw new GitError(args, r.status, r.stderr);
    return r.stdout;
  }

  /** Like run, but a non-zero exit is returned, not thrown. */
  tryRun(args: readonly string[], opts: RunOptions = {}): GitResult {
    const r = spawnSync("git", [...PINNED, ...args], {
      cwd: this.cwd,
      env: { ...this.env, ...opts.env },
      input: opts.input,
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
    });
    if (r.error) throw new GitError(args, null, `cannot run git: ${r.error.message}`);
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** The commit a revision names, or undefined when it does not exist. */
  commitOf(rev: string): string | undefined {
    const r = this.tryRun(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
    return r.status === 0 ? r.stdout.trim() : undefined;
  }
}
