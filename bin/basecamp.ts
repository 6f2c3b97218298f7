import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DescriptionText } from "../lib/cli/edit";
import { changedPaths } from "../lib/diff/paths";
import { ConfigError } from "../lib/model/errors";
import { parseDescription, type Description } from "../lib/model/load";
import { resolve } from "../lib/model/resolve";
import { changeHeadline } from "../lib/pipeline/watch";
import { parseArgs } from "./args";

const USAGE = `usage: npx basecamp <command> [--config FILE] [--dry-run]
Edits the description in place (its comments and layout kept), refuses an edit that makes it invalid, and
says what npm run synth will then change. Run npm run synth afterwards.
  add cluster NAME --provider aws|gcp|azure --region REGION --cidr CIDR --zones Z1,Z2 --budget DOLLARS
                   [--project ID --billing-account ID [--security-group GROUP]]   (gcp)
                   [--subscription ID --admin-group ID]   (azure)
  add team NAME --owners EMAIL[,EMAIL] [--quota CPU,MEMORY,PODS] [--slack CHANNEL] [--pagerduty]
                   (quota default 4,8Gi,50: its namespace's ResourceQuota on each cluster)
  add app NAME --team TEAM --image IMAGE --port PORT [--clusters all|C1,C2] [--replicas N]
  remove cluster|team|app NAME     a cluster or a database goes to retired: (destroy its stack first)
  drain CLUSTER [--undo]           traffic: drain (the entry stops sending users there), or back to active
  --config FILE   the description (default platform.yaml)
  --dry-run       print what would change; write nothing`;

type Args = Record<string, string | boolean>;

const list = (v: string | boolean | undefined) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : []);
function need(args: Args, ...keys: string[]): void {
  const missing = keys.filter((k) => typeof args[k] !== "string");
  if (missing.length > 0) throw new Error(`missing ${missing.map((k) => `--${k}`).join(", ")}`);
}

/** The edit a command makes, and what to tell the user beyond the diff. */
function edit(text: DescriptionText, before: Description, command: string[], args: Args): string[] {
  const [verb, kind, name] = command;
  const notes: string[] = [];
  if (verb === "add" && kind === "cluster" && name) {
    need(args, "provider", "region", "cidr", "zones", "budget");
    const provider = String(args.provider);
    const extra: Record<string, unknown> =
      provider === "gcp" ? { project: args.project, billingAccount: args["billing-account"], securityGroup: args["security-group"] }
      : provider === "azure" ? { subscription: args.subscription, adminGroup: args["admin-group"] }
      : {};
    text.append("clusters", {
      name,
      provider,
      region: args.region,
      ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)),
      network: { cidr: args.cidr, zones: list(args.zones) },
      budget: { monthly: Number(args.budget) },
    });
  } else if (verb === "add" && kind === "team" && name) {
    need(args, "owners");
    const alerts = typeof args.slack === "string" ? { alerts: { slack: args.slack, ...(args.pagerduty ? { pagerduty: true } : {}) } } : {};
    const [cpu, memory, pods] = typeof args.quota === "string" ? list(args.quota) : ["4", "8Gi", "50"];
    text.append("teams", { name, owners: list(args.owners), ...alerts, quota: { cpu, memory, pods: Number(pods) } });
  } else if (verb === "add" && kind === "app" && name) {
    need(args, "team", "image", "port");
    const clusters = typeof args.clusters === "string" && args.clusters !== "all" ? list(args.clusters) : "all";
    text.append("apps", { name, team: args.team, image: args.image, clusters, ...(args.replicas ? { replicas: Number(args.replicas) } : {}), port: Number(args.port) });
  } else if (verb === "remove" && (kind === "cluster" || kind === "team" || kind === "app") && name) {
    const p = before.platform;
    // What the description leans on, said as such (the schema would only say the name is gone).
    if (kind === "cluster" && p.platform.gitops.hub === name) throw new Error(`'${name}' is the hub (platform.gitops.hub): make another cluster the hub first`);
    if (kind === "app" && p.platform.entry?.app === name) throw new Error(`'${name}' is the public entry's app (platform.entry.app): point the entry at another app first`);
    const runs = p.apps.filter((a) => a.team === name).map((a) => a.name);
    if (kind === "team" && runs.length > 0) throw new Error(`team '${name}' still runs ${runs.join(", ")}: remove those apps or give them another team first`);
    text.remove(`${kind}s`, name);
    if (kind === "cluster") {
      p.apps.forEach((a, i) => {
        if (Array.isArray(a.clusters)) text.removeFromList(["apps", i, "clusters"], name);
        if (a.failover?.includes(name)) {
          text.removeFromList(["apps", i, "failover"], name);
          notes.push(`its copy of ${a.name}'s database leaves apps[${i}].failover; if it is the primary, drain it first and wait for the next copy to take the writes (gitops-out/runbooks/failover-${a.name}.md)`);
        }
      });
      text.addToList(["retired", "clusters"], [name]);
      notes.push(`before npm run synth: terraform destroy in cdktf.out/stacks/${name} (synth then lets its folder go; runbooks/remove-a-cluster.md)`);
    }
    if (kind === "app") {
      const app = resolve(p).apps.find((a) => a.name === name);
      if (app?.spec.database) {
        const keys = app.clusters.map((c) => `${c}/${name}`);
        text.addToList(["retired", "databases"], keys);
        notes.push(`its databases go with it (${keys.join(", ")}): take a backup first (runbooks/remove-a-database.md)`);
      }
    }
  } else if (verb === "drain" && kind) {
    // Active is the default: undoing a drain that was never written changes nothing.
    if (args.undo && text.find("clusters", kind) && !text.find("clusters", kind)!.item.has("traffic")) return notes;
    text.setKey("clusters", kind, "traffic", args.undo ? "active" : "drain");
    // A one-writer app's writer moves in two steps: say so, and where the next one is written.
    for (const a of resolve(before.platform).apps) {
      const f = a.failover;
      if (!f) continue;
      // Draining the writer, or bringing back a copy ahead of it in the order, moves the writer.
      const moves = args.undo ? f.order.indexOf(kind) >= 0 && f.order.indexOf(kind) < f.order.indexOf(f.holder) : f.holder === kind;
      if (moves) notes.push(`${a.name}'s writer ${args.undo ? `moves back from ${f.holder}` : "leaves it"}: once this is synced, record the old primary's demotion token as apps[].switchover (gitops-out/runbooks/failover-${a.name}.md, step 2)`);
    }
  } else {
    throw new Error(`unknown command '${command.join(" ")}'`);
  }
  return notes;
}

function withoutDist(files: Map<string, string>): Map<string, string> {
  return new Map([...files].filter(([f]) => !f.startsWith("dist/")));
}

/** Renders a description apart: its files, for what synth will change. */
function files(description: Description, scratch: string): Map<string, string> {
  const { render } = require("../lib/pipeline/render") as typeof import("../lib/pipeline/render");
  const { CAPABILITIES } = require("../capabilities") as typeof import("../capabilities");
  const r = render(description, CAPABILITIES, scratch);
  return new Map(r.outputs.flatMap((set) => set.paths().map((p) => [`${set.root}/${p}`, set.content(p)] as const)));
}

function main(): number {
  const argv = process.argv.slice(2);
  const command = argv.filter((a, i) => !a.startsWith("--") && !(i > 0 && argv[i - 1].startsWith("--") && !["--dry-run", "--pagerduty", "--undo", "--help"].includes(argv[i - 1])));
  let args: Args;
  try {
    args = parseArgs(argv.filter((a) => !command.includes(a) || a.startsWith("--")), {
      values: ["config", "quota", "security-group", "provider", "region", "cidr", "zones", "budget", "project", "billing-account", "subscription", "admin-group", "owners", "slack", "team", "image", "port", "clusters", "replicas"],
      flags: ["dry-run", "pagerduty", "undo", "help"],
    });
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.help || command.length === 0) {
    console.log(USAGE);
    return args.help ? 0 : 1;
  }
  const file = String(args.config ?? "platform.yaml");
  const original = fs.readFileSync(file, "utf8");
  let before: Description;
  try {
    before = parseDescription(original, file);
  } catch (e) {
    console.error(`${(e as ConfigError).headline?.("fix it before editing it with basecamp.") ?? "error"}\n  ${(e as Error).message.split("\n").join("\n  ")}`);
    return 1;
  }
  const text = new DescriptionText(original);
  let notes: string[];
  try {
    notes = edit(text, before, command, args);
  } catch (e) {
    const message = (e as Error).message;
    console.error(`error: ${message}${/^(unknown command|missing )/.test(message) ? `\n${USAGE}` : "; nothing was written."}`);
    return 1;
  }
  const said = [...command, ...(args.undo ? ["--undo"] : [])].join(" ");
  if (text.text === original) {
    console.log(`${file} already says so: nothing to change (${said})`);
    return 0;
  }
  let after: Description;
  try {
    after = parseDescription(text.text, file);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`error: the edit would make ${file} invalid; nothing was written (line numbers are those of the edited text).\n  ${e.message.split("\n").join("\n  ")}`);
    return 1;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "basecamp-cli-"));
  try {
    const old = files(before, path.join(scratch, "before"));
    let now: Map<string, string>;
    try {
      now = files(after, path.join(scratch, "after"));
    } catch (e) {
      const err = e as Error & { findings?: unknown[] };
      if (err.name !== "CheckError") throw e;
      console.error(`error: with this edit the rendered platform fails ${err.findings?.length === 1 ? "a check" : "its checks"}, as npm run synth would say; nothing was written.\n  ${err.message.split("\n").join("\n  ")}`);
      return 1;
    }
    // dist/ holds the same objects as gitops-out/: counted once.
    const { added, changed, removed } = changedPaths(withoutDist(old), withoutDist(now));
    const lines = (s: string) => s.split("\n").length;
    console.log(`${args["dry-run"] ? "would edit" : "edited"} ${file}: ${said} (${lines(text.text) - lines(original) >= 0 ? "+" : ""}${lines(text.text) - lines(original)} lines)`);
    console.log(`npm run synth will add ${added.length} files, change ${changed.length}, remove ${removed.length}: ${changeHeadline([...added, ...changed, ...removed].sort()).replace(/^changed: /, "")}`);
    for (const n of notes) console.log(`note: ${n}`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (!args["dry-run"]) fs.writeFileSync(file, text.text);
  return 0;
}

process.exitCode = main();
