import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PublishError } from "../lib/publish/errors";
import * as remoteModule from "../lib/publish/remote";
import { publish, type PublishOptions } from "../lib/publish/publish";
import { sampleText } from "./helpers/platform";
import { synth } from "./helpers/synth";
import { readTree } from "./helpers/tree";

const BRANCH = "rendered-manifests";
const REPO_URL = "https://git.example/acme/platform.git";
const CLUSTERS = ["aws-a", "gcp-b", "azure-c", "home-d"];

let tmp: string;
/** Like a fresh CI machine: no global or system git config, no identity, no inherited GIT_* variables. */
let env: NodeJS.ProcessEnv;

/** A temp folder with an empty home in it, and the clean environment that uses it. */
function sandbox(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(dir, "home"));
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_") && !k.startsWith("BASECAMP_")));
  Object.assign(env, { HOME: path.join(dir, "home"), GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" });
  return dir;
}

beforeEach(() => (tmp = sandbox("publish-test-")));
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Source commits get a fixed identity and dates through the environment, never through config. */
const AUTHOR = {
  GIT_AUTHOR_NAME: "Ada Lovelace",
  GIT_AUTHOR_EMAIL: "ada@acme.example",
  GIT_AUTHOR_DATE: "2024-05-01T10:00:00+02:00",
  GIT_COMMITTER_NAME: "Grace Hopper",
  GIT_COMMITTER_EMAIL: "grace@acme.example",
  GIT_COMMITTER_DATE: "2024-05-02T09:30:00+02:00",
};

function git(cwd: string, args: string[], input?: string): string {
  const r = spawnSync("git", args, { cwd, env: { ...env, ...AUTHOR }, input, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
const tip = (repo: string, ref = BRANCH) => {
  const r = spawnSync("git", ["rev-parse", "--verify", "--quiet", `refs/heads/${ref}`], { cwd: repo, env, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
};

function write(root: string, rel: string, content: string | Buffer, mode?: number): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
  if (mode) fs.chmodSync(path.join(root, rel), mode);
}

/** A hand-made render: bootstrap/, hub/ and two files per cluster, with bytes git likes to rewrite. */
function writeRender(repo: string): void {
  const out = path.join(repo, "gitops-out");
  write(out, "bootstrap/root.yaml", "kind: Application\nmetadata:\n  name: root\n");
  write(out, "hub/applicationset.yaml", "kind: ApplicationSet\r\nmetadata:\r\n  name: apps\r\n");
  write(out, "hub/odd bytes.json", Buffer.from([0x7b, 0xff, 0x00, 0x0d, 0x0a, 0x7d]));
  write(out, "hub/hook.sh", "#!/bin/sh\necho hi\n", 0o755);
  for (const c of CLUSTERS) {
    write(out, `clusters/${c}/platform/namespace.yaml`, `kind: Namespace\nmetadata:\n  name: ${c}\n`);
    write(out, `clusters/${c}/apps/triage/deployment.yaml`, `kind: Deployment\nmetadata:\n  name: triage-${c}\n`);
  }
}

function commitAll(repo: string, message: string): string {
  git(repo, ["add", "-A"]);
  git(repo, ["commit", "-q", "-m", message]);
  return git(repo, ["rev-parse", "HEAD"]).trim();
}

let templateRoot: string;
let template: string;

/** One source repository, built once and copied per test: git init and commit cost more than a copy. */
beforeAll(() => {
  templateRoot = sandbox("publish-template-");
  template = path.join(templateRoot, "repo");
  fs.mkdirSync(template);
  git(template, ["init", "-q", "-b", "main"]);
  write(template, "platform.yaml", sampleText());
  writeRender(template);
  commitAll(template, "Add the platform\n\nFirst render of acme.\n\nSigned-off-by: Ada Lovelace <ada@acme.example>");
});
afterAll(() => fs.rmSync(templateRoot, { recursive: true, force: true }));

/** A repository with platform.yaml and its render committed on main. */
function sourceRepo(name = "src"): string {
  const repo = path.join(tmp, name);
  fs.cpSync(template, repo, { recursive: true });
  return repo;
}

// The renders here are written by hand, to exercise git; freshness against the description has tests of its own.
const run = (repo: string, opts: PublishOptions = {}) => publish({ dir: repo, env, checkFresh: false, ...opts });

/** Every blob on a branch, as path -> mode and bytes, read back with git. */
function treeOf(repo: string, ref = BRANCH): Map<string, { mode: string; bytes: Buffer }> {
  const entries = git(repo, ["ls-tree", "-r", "-z", "--full-tree", ref])
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, p] = line.split("\t");
      const [mode, , sha] = meta.split(" ");
      return { p, mode, sha };
    });
  // One cat-file for all blobs: `<sha> blob <size>\n<bytes>\n` each.
  const out = spawnSync("git", ["cat-file", "--batch"], { cwd: repo, env, input: entries.map((e) => e.sha).join("\n") + "\n" }).stdout as Buffer;
  const tree = new Map<string, { mode: string; bytes: Buffer }>();
  let at = 0;
  for (const e of entries) {
    const header = out.subarray(at, out.indexOf(10, at)).toString();
    const start = at + header.length + 1;
    const size = Number(header.split(" ")[2]);
    tree.set(e.p, { mode: e.mode, bytes: out.subarray(start, start + size) });
    at = start + size + 1;
  }
  return tree;
}

function expectRefusal(fn: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(PublishError);
  expect((caught as Error).message).toMatch(message);
}

describe("publish", () => {
  test("commits gitops-out/ byte for byte as the whole branch tree, plus hydrator.metadata", () => {
    const repo = sourceRepo();
    git(repo, ["config", "core.autocrlf", "true"]); // must not rewrite the CRLF file
    const head = git(repo, ["rev-parse", "HEAD"]).trim();
    const r = run(repo);

    expect(r).toMatchObject({ branch: BRANCH, source: head, created: true, dirty: false, files: 12, added: 12, changed: 0, removed: 0, attempts: 0 });
    expect(tip(repo)).toBe(r.commit);
    const tree = treeOf(repo);
    const render = readTree(path.join(repo, "gitops-out"));
    expect([...tree.keys()].sort()).toEqual([...render.keys(), "hydrator.metadata"].sort());
    for (const [p, bytes] of render) expect(tree.get(p)!.bytes.equals(bytes)).toBe(true);
    expect(tree.get("hub/hook.sh")!.mode).toBe("100755");
    expect(tree.get("bootstrap/root.yaml")!.mode).toBe("100644");
  });

  test("writes hydrator.metadata in the shape of Argo CD's source hydrator", () => {
    const repo = sourceRepo();
    const r = run(repo);
    const text = git(repo, ["show", `${BRANCH}:hydrator.metadata`]);
    expect(text).toBe(
      JSON.stringify(
        {
          repoURL: REPO_URL,
          drySha: r.source,
          author: "Ada Lovelace <ada@acme.example>",
          date: "2024-05-01T08:00:00Z",
          subject: "Add the platform",
          body: "First render of acme.\n\nSigned-off-by: Ada Lovelace <ada@acme.example>",
        },
        null,
        2,
      ) + "\n",
    );
  });

  test("names the source in the message and trailer; author and dates come from it, committer is fixed", () => {
    const repo = sourceRepo();
    const r = run(repo);
    const [subject, author, authorDate, committer, committerDate] = git(repo, ["show", "-s", "--format=%s%n%an <%ae>%n%aI%n%cn <%ce>%n%cI", r.commit]).split("\n");
    expect(subject).toBe(`render ${r.source.slice(0, 7)}: Add the platform`);
    expect(git(repo, ["show", "-s", "--format=%(trailers:key=Source-Commit,valueonly)", r.commit]).trim()).toBe(r.source);
    expect(author).toBe("Ada Lovelace <ada@acme.example>");
    expect(authorDate).toBe("2024-05-01T10:00:00+02:00");
    expect(committer).toBe("basecamp publish <publish@basecamp.invalid>");
    expect(committerDate).toBe("2024-05-02T09:30:00+02:00");
    expect(git(repo, ["rev-list", "--count", BRANCH]).trim()).toBe("1");
  });

  test("the same source gives the same commit on any machine; the committer can be overridden", () => {
    const repo = sourceRepo();
    const [clone, other] = ["clone", "other"].map((name) => path.join(tmp, name));
    for (const c of [clone, other]) git(tmp, ["clone", "-q", repo, c]);
    expect(run(clone).commit).toBe(run(repo).commit);

    const r = run(other, { env: { ...env, BASECAMP_COMMITTER_NAME: "CI", BASECAMP_COMMITTER_EMAIL: "ci@acme.example" } });
    expect(git(other, ["show", "-s", "--format=%cn <%ce>", r.commit]).trim()).toBe("CI <ci@acme.example>");
  });

  test("leaves the user's HEAD, branch, index and working tree alone", () => {
    const repo = sourceRepo();
    write(repo, "notes.txt", "ignored scratch\n");
    write(repo, ".git/info/exclude", "notes.txt\n");
    const status = git(repo, ["status", "--porcelain", "--ignored"]); // before reading the index: status may refresh it
    const index = fs.readFileSync(path.join(repo, ".git/index"));
    const head = fs.readFileSync(path.join(repo, ".git/HEAD"), "utf8");
    const main = git(repo, ["rev-parse", "main"]);

    run(repo);
    expect(fs.readFileSync(path.join(repo, ".git/index")).equals(index)).toBe(true);
    expect(fs.readFileSync(path.join(repo, ".git/HEAD"), "utf8")).toBe(head);
    expect(git(repo, ["rev-parse", "main"])).toBe(main);
    expect(git(repo, ["diff", "--cached", "--name-only"])).toBe("");
    expect(git(repo, ["status", "--porcelain", "--ignored"])).toBe(status);
  });

  test("makes no commit when nothing but hydrator.metadata would change", () => {
    const repo = sourceRepo();
    const first = run(repo);
    const again = run(repo);
    expect(again).toMatchObject({ created: false, commit: first.commit, added: 0, changed: 0, removed: 0 });

    write(repo, "README.md", "docs only\n");
    commitAll(repo, "Document");
    expect(run(repo)).toMatchObject({ created: false, commit: first.commit });
    expect(tip(repo)).toBe(first.commit);
  });

  test("a changed render gives a new commit on top of the previous one", () => {
    const repo = sourceRepo();
    const first = run(repo);
    write(repo, "gitops-out/clusters/aws-a/platform/namespace.yaml", "kind: Namespace\nmetadata:\n  name: aws-a-v2\n");
    write(repo, "gitops-out/hub/new.yaml", "kind: ConfigMap\n");
    fs.rmSync(path.join(repo, "gitops-out/hub/hook.sh"));
    const source = commitAll(repo, "Rename a namespace");

    const r = run(repo);
    expect(r).toMatchObject({ created: true, source, added: 1, changed: 1, removed: 1, files: 12 });
    expect(git(repo, ["rev-parse", `${r.commit}^`]).trim()).toBe(first.commit);
    expect(JSON.parse(git(repo, ["show", `${BRANCH}:hydrator.metadata`])).drySha).toBe(source);
    expect(treeOf(repo).has("hub/hook.sh")).toBe(false);
  });

  test("refuses a dirty working tree unless --allow-dirty, which the commit message records", () => {
    const repo = sourceRepo();
    write(repo, "gitops-out/hub/applicationset.yaml", "kind: ApplicationSet # edited by hand\n");
    expectRefusal(() => run(repo), /uncommitted changes.*\n.*M gitops-out\/hub\/applicationset\.yaml\n.*--allow-dirty/);
    git(repo, ["checkout", "--", "gitops-out"]);
    write(repo, "stray.txt", "untracked\n");
    expectRefusal(() => run(repo), /\?\? stray\.txt/);
    expect(tip(repo)).toBeUndefined();

    const r = run(repo, { allowDirty: true });
    expect(r).toMatchObject({ created: true, dirty: true, source: git(repo, ["rev-parse", "HEAD"]).trim() });
    const message = git(repo, ["show", "-s", "--format=%B", r.commit]);
    expect(message).toMatch(/--allow-dirty/);
    expect(message).toMatch(/Source-Dirty: true/);
  });

  test("refuses a render that misses a cluster of platform.yaml, naming it", () => {
    const repo = sourceRepo();
    fs.rmSync(path.join(repo, "gitops-out/clusters/gcp-b"), { recursive: true });
    fs.rmSync(path.join(repo, "gitops-out/clusters/home-d"), { recursive: true });
    commitAll(repo, "Lose two clusters");
    expectRefusal(() => run(repo), /no files for clusters gcp-b, home-d of platform\.yaml .*npm run synth/);
    expect(tip(repo)).toBeUndefined();
  });

  test("refuses a missing or empty gitops-out/", () => {
    const repo = sourceRepo();
    git(repo, ["rm", "-r", "-q", "gitops-out"]);
    commitAll(repo, "Drop the render");
    expectRefusal(() => run(repo), /gitops-out\/ does not exist; run npm run synth/);
    fs.mkdirSync(path.join(repo, "gitops-out/clusters"), { recursive: true }); // empty folders: git sees nothing
    expectRefusal(() => run(repo), /gitops-out\/ is empty; run npm run synth/);
    expect(tip(repo)).toBeUndefined();
  });

  test("refuses to write the branch that is checked out", () => {
    const repo = sourceRepo();
    git(repo, ["switch", "-q", "-c", BRANCH]);
    expectRefusal(() => run(repo), new RegExp(`'${BRANCH}' is checked out in .*Switch that working tree to another branch`));
    expect(git(repo, ["rev-list", "--count", BRANCH]).trim()).toBe("1");
  });

  test("refuses to delete more than the allowed share of the branch's files unless told to", () => {
    const repo = sourceRepo();
    const first = run(repo);
    for (const c of CLUSTERS) fs.rmSync(path.join(repo, `gitops-out/clusters/${c}/apps`), { recursive: true });
    commitAll(repo, "Remove the apps");

    expectRefusal(() => run(repo), new RegExp(`would delete 4 of the 12 files on ${BRANCH} \\(33.3%, more than 30%\\).*--allow-deletions`));
    expect(tip(repo)).toBe(first.commit);
    expect(run(repo, { maxDeletions: 0.5 })).toMatchObject({ created: true, removed: 4 });

    for (const c of CLUSTERS.slice(1)) fs.rmSync(path.join(repo, `gitops-out/clusters/${c}/platform`), { recursive: true });
    write(repo, "platform.yaml", sampleText((p) => (p.clusters = p.clusters.slice(0, 1))));
    commitAll(repo, "Keep one cluster");
    expectRefusal(() => run(repo), /--allow-deletions/);
    expect(run(repo, { allowDeletions: true })).toMatchObject({ created: true, removed: 3, files: 5 });
  });

  describe("--push", () => {
    function withRemote(): { repo: string; remote: string } {
      const remote = path.join(tmp, "remote.git");
      git(tmp, ["init", "-q", "--bare", "-b", "main", remote]);
      const repo = sourceRepo();
      git(repo, ["remote", "add", "origin", remote]);
      git(repo, ["push", "-q", "origin", "main"]);
      return { repo, remote };
    }

    test("warns when Argo CD's repoURL is not the remote pushed to, and only then", () => {
      const { repo, remote } = withRemote();
      const r = run(repo, { push: true });
      expect(r.warnings).toEqual([
        `platform.gitops.repoURL is ${REPO_URL}, but remote 'origin' is ${remote}: Argo CD reads ${REPO_URL}, so what you publish to 'origin' is never synced. Set platform.gitops.repoURL to your own repository.`,
      ]);
      git(repo, ["remote", "set-url", "origin", "git@git.example:acme/platform"]);
      expect(run(repo, {}).warnings).toEqual([]);
    });

    test.each([
      ["https://git.example/acme/platform.git", "git@git.example:acme/platform.git", true],
      ["https://git.example/acme/platform", "ssh://git@git.example:22/acme/platform.git", true],
      ["https://GIT.example/acme/platform/", "https://user@git.example/acme/platform.git", true],
      ["https://git.example/acme/platform.git", "https://git.example/acme/other.git", false],
    ])("%s and %s are one repository: %s", (a, b, same) => {
      expect(remoteModule.normalizeGitUrl(a) === remoteModule.normalizeGitUrl(b)).toBe(same);
    });

    test("pushes the branch to the remote", () => {
      const { repo, remote } = withRemote();
      const r = run(repo, { push: true });
      expect(r).toMatchObject({ pushed: "pushed", attempts: 1 });
      expect(tip(remote)).toBe(r.commit);
      expect(run(repo, { push: true })).toMatchObject({ created: false, pushed: "up-to-date" });
    });

    test("a fresh clone starts from the remote branch", () => {
      const { repo, remote } = withRemote();
      const first = run(repo, { push: true });
      const clone = path.join(tmp, "fresh");
      git(tmp, ["clone", "-q", remote, clone]);
      expect(run(clone, { push: true })).toMatchObject({ created: false, commit: first.commit, pushed: "up-to-date" });

      write(clone, "gitops-out/hub/extra.yaml", "kind: ConfigMap\n");
      commitAll(clone, "Add a config map");
      const r = run(clone, { push: true });
      expect(r).toMatchObject({ created: true, pushed: "pushed", attempts: 1 });
      expect(git(clone, ["rev-parse", `${r.commit}^`]).trim()).toBe(first.commit);
    });

    test("after a non-fast-forward rejection, rebuilds on top of the remote and lands without force", () => {
      const { repo, remote } = withRemote();
      const base = run(repo, { push: true });

      const other = path.join(tmp, "other");
      git(tmp, ["clone", "-q", remote, other]);
      write(other, "gitops-out/hub/theirs.yaml", "kind: ConfigMap\nmetadata:\n  name: theirs\n");
      commitAll(other, "Their change");
      const theirs = run(other, { push: true });

      write(repo, "gitops-out/hub/ours.yaml", "kind: ConfigMap\nmetadata:\n  name: ours\n");
      commitAll(repo, "Our change");
      const ours = run(repo, { push: true });

      expect(ours).toMatchObject({ created: true, pushed: "pushed", attempts: 2 });
      expect(tip(remote)).toBe(ours.commit);
      expect(tip(repo)).toBe(ours.commit);
      expect(git(remote, ["rev-parse", `${ours.commit}^`]).trim()).toBe(theirs.commit);
      const isAncestor = (a: string) => spawnSync("git", ["merge-base", "--is-ancestor", a, ours.commit], { cwd: remote, env }).status === 0;
      expect(isAncestor(theirs.commit) && isAncestor(base.commit)).toBe(true);
      // Our render wins as a whole: the tree is ours, theirs.yaml is gone.
      expect(treeOf(remote).has("hub/ours.yaml")).toBe(true);
      expect(treeOf(remote).has("hub/theirs.yaml")).toBe(false);
    });

    test("gives up after three rejections, without force, and says so", () => {
      const { repo, remote } = withRemote();
      run(repo, { push: true });
      write(repo, "gitops-out/hub/ours.yaml", "kind: ConfigMap\n");
      commitAll(repo, "Our change");
      const before = tip(remote);
      const push = jest.spyOn(remoteModule, "pushBranch").mockReturnValue("rejected");
      try {
        expectRefusal(() => run(repo, { push: true }), new RegExp(`origin rejected ${BRANCH} 3 times.*Nothing was forced`));
        expect(push).toHaveBeenCalledTimes(3);
      } finally {
        push.mockRestore();
      }
      expect(tip(remote)).toBe(before);
    });

    test("any other push failure stops at once with git's message", () => {
      const { repo, remote } = withRemote();
      write(remote, "hooks/pre-receive", "#!/bin/sh\necho 'branch is protected' >&2\nexit 1\n", 0o755);
      expect(() => run(repo, { push: true })).toThrow(/branch is protected/);
      expect(tip(remote)).toBeUndefined();
    });
  });

  test("CLI: prints one line, exits 0; refusals print error: without a stack and exit 1", async () => {
    const [clean, dirty] = [sourceRepo("clean"), sourceRepo("dirty")];
    write(dirty, "stray.txt", "untracked\n");
    // Both at once: most of each run is node and sucrase starting.
    const cli = (repo: string) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        // --allow-stale: the renders here are written by hand.
        const child = execFile(process.execPath, ["-r", "sucrase/register/ts", "bin/publish.ts", "--dir", repo, "--allow-stale"], { cwd: path.join(__dirname, ".."), env }, (_, stdout, stderr) =>
          resolve({ status: child.exitCode, stdout, stderr }),
        );
      });
    const [ok, refused] = await Promise.all([cli(clean), cli(dirty)]);

    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^published ${BRANCH} [0-9a-f]{7} \\(source [0-9a-f]{7}\\): 12 files, 12 added, 0 changed, 0 removed\\n$`));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^error: the working tree has uncommitted changes/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(tip(dirty)).toBeUndefined();
  });
});

describe("publish refuses a render that is stale against the description", () => {
  test("a real render publishes; the description changed without synth is refused, naming the files", () => {
    const repo = path.join(tmp, "fresh");
    fs.mkdirSync(repo);
    git(repo, ["init", "-q", "-b", "main"]);
    write(repo, "platform.yaml", sampleText());
    synth({ config: path.join(repo, "platform.yaml"), out: repo });
    commitAll(repo, "Add the platform");
    expect(publish({ dir: repo, env }).created).toBe(true);

    write(repo, "platform.yaml", sampleText((p) => (p.clusters[0].budget.monthly += 1000)));
    commitAll(repo, "A bigger budget, without synth");
    expectRefusal(() => publish({ dir: repo, env }), /^gitops-out\/ is stale against .*platform\.yaml: \d+ files? \(gitops-out\/clusters\/aws-a\/platform\/prometheusrule_monitoring_platform-clusters\.yaml differs.*Run npm run synth, commit the render, then publish\.$/);
  }, 60000);
});
