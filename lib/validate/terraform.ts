/**
 * Runs the real terraform CLI on a synthesized stack, offline.
 *
 * Everything runs under `unshare -n` (no network namespace at all), the aws
 * provider comes from a local filesystem mirror named in a CLI config file of
 * our own, HOME is a fresh temp dir and the provider gets mock credentials
 * through an override file that lives only in the test's working copy.
 */
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";

/** The hashicorp/aws version the generated stacks pin (the one @cdktf/provider-aws was generated from). */
export function pinnedAwsProviderVersion(): string {
  // An App makes its outdir's stacks/ folder at once: give it a throwaway one.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-probe-"));
  let version: string | undefined;
  try {
    const app = new App({ outdir, skipValidation: true });
    version = new AwsProvider(new TerraformStack(app, "probe"), "aws", {}).terraformGeneratorMetadata?.providerVersion;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  if (!version) throw new Error("@cdktf/provider-aws does not say which hashicorp/aws version it was generated from");
  return version;
}

/** Terraform's name for this machine's platform, such as linux_amd64. */
export function terraformPlatform(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  return `${process.platform}_${arch[process.arch] ?? process.arch}`;
}

/** Where a machine keeps a provider mirror; a few known roots rather than a walk of /. */
export function mirrorRoots(): string[] {
  return [
    "/opt/tf-plugins",
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
    path.join(os.homedir(), ".terraform.d", "plugins"),
    path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
  ];
}

/**
 * The first root that holds hashicorp/aws at `version` for this platform, in
 * either mirror layout (unpacked directory or packed zip).
 */
export function findMirror(version: string, roots = mirrorRoots()): string | undefined {
  const platform = terraformPlatform();
  return roots.find((root) => {
    const dir = path.join(root, "registry.terraform.io", "hashicorp", "aws");
    return (
      fs.existsSync(path.join(dir, version, platform)) ||
      fs.existsSync(path.join(dir, `terraform-provider-aws_${version}_${platform}.zip`))
    );
  });
}

function works(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
  } catch {
    return undefined;
  }
}

export interface Toolchain {
  readonly terraformVersion: string;
  readonly awsVersion: string;
  readonly mirror: string;
}

/** What the offline terraform run needs, or the reasons it cannot run here. */
export function detectToolchain(): { toolchain?: Toolchain; missing: string[] } {
  const missing: string[] = [];
  const versionJson = works("terraform", ["version", "-json"]);
  const terraformVersion = versionJson ? (JSON.parse(versionJson) as { terraform_version: string }).terraform_version : undefined;
  if (!terraformVersion) missing.push("the terraform CLI is not on PATH (or `terraform version -json` failed)");
  const awsVersion = pinnedAwsProviderVersion();
  const mirror = findMirror(awsVersion);
  if (!mirror) {
    missing.push(
      `no filesystem mirror holds registry.terraform.io/hashicorp/aws ${awsVersion} for ${terraformPlatform()} (looked in ${mirrorRoots().join(", ")})`,
    );
  }
  if (works("unshare", ["-n", "true"]) === undefined) {
    missing.push("`unshare -n` is missing or not permitted here (util-linux unshare and CAP_SYS_ADMIN are needed)");
  }
  return missing.length === 0 ? { toolchain: { terraformVersion: terraformVersion!, awsVersion, mirror: mirror! }, missing } : { missing };
}

/** Mock credentials, and nothing that would call AWS before a plan. */
const MOCK_AWS = {
  access_key: "mock",
  secret_key: "mock",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  // A string in hashicorp/aws 5.x's provider schema, not a bool.
  skip_metadata_api_check: "true",
  skip_region_validation: true,
  // The SDK's default is 25 attempts with backoff: a stray API call would hang for
  // minutes. One attempt fails at once with "network is unreachable" under unshare -n.
  max_retries: 1,
};

/**
 * The test-only override of one stack: mock credentials for each of its aws
 * provider blocks (by alias), state in a local file instead of the bucket,
 * and every remote state it reads pointed at a local state file of fake outputs.
 */
export function awsTestOverride(stackJson: any, remoteStates: Record<string, string> = {}): object {
  const providers = (stackJson.provider?.aws ?? []).map((p: { alias?: string }) => ({ ...(p.alias ? { alias: p.alias } : {}), ...MOCK_AWS }));
  const override: Record<string, unknown> = { provider: { aws: providers } };
  if (stackJson.terraform?.backend && !stackJson.terraform.backend.local) override.terraform = { backend: { local: { path: "test.tfstate" } } };
  const data = Object.keys(stackJson.data?.terraform_remote_state ?? {});
  if (data.length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(
        data.map((name) => {
          if (!remoteStates[name]) throw new Error(`the stack reads remote state '${name}'; give the test a state file for it`);
          return [name, { backend: "local", config: { path: remoteStates[name] } }];
        }),
      ),
    };
  }
  return override;
}

/** A state file with the given outputs, as `terraform apply` writes one. */
export function fakeState(outputs: Record<string, unknown>): string {
  const typed = Object.fromEntries(
    Object.entries(outputs).map(([k, v]) => [k, { value: v, type: Array.isArray(v) ? ["list", "string"] : typeof v === "object" ? ["map", "string"] : "string" }]),
  );
  return JSON.stringify({ version: 4, terraform_version: "1.11.0", serial: 1, lineage: "basecamp-test", outputs: typed, resources: [] });
}

export const OVERRIDE_FILE = "zz_test_override.tf.json";

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** A throwaway terraform sandbox: HOME, CLI config and one working dir per stack. */
export class TerraformSandbox {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly toolchain: Toolchain) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-tf-"));
    const home = path.join(this.root, "home");
    fs.mkdirSync(home);
    const cliConfig = path.join(this.root, "terraform.tfrc");
    // A filesystem mirror and no `direct` block: nothing may be downloaded.
    fs.writeFileSync(
      cliConfig,
      [
        "provider_installation {",
        "  filesystem_mirror {",
        `    path    = ${JSON.stringify(toolchain.mirror)}`,
        '    include = ["registry.terraform.io/hashicorp/*"]',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    // Nothing of the caller's terraform or AWS setup leaks in.
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (!/^(TF_|AWS_|CHECKPOINT_)/.test(k)) env[k] = v;
    }
    this.env = {
      ...env,
      HOME: home,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      AWS_ACCESS_KEY_ID: "mock",
      AWS_SECRET_ACCESS_KEY: "mock",
      AWS_EC2_METADATA_DISABLED: "true",
    };
  }

  /** Copies a synthesized stack folder to its own working dir, with the test override beside it. */
  addStack(stackDir: string, name: string, override: object): string {
    const dir = path.join(this.root, "stacks", name);
    fs.cpSync(stackDir, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, OVERRIDE_FILE), JSON.stringify(override, null, 2));
    return dir;
  }

  /** `unshare -n terraform <args>` in `dir`; never throws, the caller judges the exit code. */
  run(dir: string, args: string[]): Promise<RunResult> {
    return new Promise((resolve) => {
      execFile(
        "unshare",
        ["-n", "terraform", ...args],
        { cwd: dir, env: this.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 200_000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
          resolve({ stdout, stderr: stderr || (err && code !== 0 ? String(err.message) : ""), code });
        },
      );
    });
  }

  /** Like run, but throws with terraform's own messages when it fails. */
  async must(dir: string, args: string[]): Promise<string> {
    const r = await this.run(dir, args);
    if (r.code !== 0) {
      throw new Error(
        `terraform ${args.join(" ")} failed in ${path.basename(dir)} (exit ${r.code}):\n${r.stderr.trim()}\n${r.stdout.trim()}`,
      );
    }
    return r.stdout;
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** The parts of `terraform show -json <plan>` the tests read. */
export interface PlanJson {
  format_version: string;
  terraform_version: string;
  resource_changes?: Array<{
    address: string;
    type: string;
    name: string;
    change: { actions: string[]; after: Record<string, any> | null; after_unknown?: Record<string, any> };
  }>;
  output_changes?: Record<string, { actions: string[]; after?: unknown; after_unknown?: boolean }>;
  planned_values?: { outputs?: Record<string, { value?: unknown; sensitive: boolean }> };
  configuration?: {
    provider_config?: Record<string, { name: string; full_name?: string; expressions?: Record<string, any> }>;
  };
}

export interface ValidateJson {
  valid: boolean;
  error_count: number;
  warning_count: number;
  diagnostics: Array<{ severity: string; summary: string; detail?: string; range?: { filename: string } }>;
}

/** `init`, `validate`, `plan` and `show` for one stack: the results the tests assert on. */
export interface StackRun {
  readonly dir: string;
  readonly lockFile: string;
  readonly validate: ValidateJson;
  readonly plan: PlanJson;
  readonly seconds: number;
}

export async function initValidatePlan(sandbox: TerraformSandbox, dir: string): Promise<StackRun> {
  const started = Date.now();
  await sandbox.must(dir, ["init", "-input=false", "-backend=true", "-no-color"]);
  const lockFile = fs.readFileSync(path.join(dir, ".terraform.lock.hcl"), "utf8");
  // plan validates the configuration first; its machine-readable stream carries every diagnostic, so one run
  // (one load of the provider's schema) gives what `validate -json` would, and the plan.
  const p = await sandbox.run(dir, ["plan", "-json", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=plan.bin"]);
  const diagnostics = p.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l))
    .filter((m) => m.type === "diagnostic")
    .map((m) => m.diagnostic as ValidateJson["diagnostics"][number]);
  if (diagnostics.length === 0 && p.code !== 0) throw new Error(`terraform plan failed in ${path.basename(dir)} (exit ${p.code}) without a diagnostic:\n${p.stderr}\n${p.stdout}`);
  const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  const validate: ValidateJson = { valid: p.code === 0 && count("error") === 0, error_count: count("error"), warning_count: count("warning"), diagnostics };
  if (!validate.valid) return { dir, lockFile, validate, plan: {} as PlanJson, seconds: (Date.now() - started) / 1000 };
  const plan = JSON.parse(await sandbox.must(dir, ["show", "-json", "-no-color", "plan.bin"])) as PlanJson;
  return { dir, lockFile, validate, plan, seconds: (Date.now() - started) / 1000 };
}

/** Human-readable diagnostics, for failure messages. */
export function describeDiagnostics(v: ValidateJson): string {
  return v.diagnostics
    .map((d) => `${d.severity}: ${d.summary}${d.range ? ` (${d.range.filename})` : ""}${d.detail ? `\n  ${d.detail}` : ""}`)
    .join("\n");
}
