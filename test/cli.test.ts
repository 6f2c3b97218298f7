import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DescriptionText } from "../lib/cli/edit";
import { parsePlatform } from "../lib/model/load";
import { ROOT, SHIPPED, tempDir } from "./helpers/tree";

/** `npx basecamp ...` on a copy of the shipped description. */
function basecamp(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "basecamp.js"), ...args], { cwd: dir, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The lines of `after` that are not `before`'s, when `before`'s lines all stay, in order: what an insertion added. */
function inserted(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const added: string[] = [];
  let i = 0;
  for (const line of b) {
    if (i < a.length && line === a[i]) i++;
    else added.push(line);
  }
  expect(i).toBe(a.length);
  return added;
}

describe("npx basecamp: the golden path edits platform.yaml", () => {
  const shipped = fs.readFileSync(SHIPPED, "utf8");
  let dir: string;
  beforeEach(() => {
    dir = tempDir("basecamp-cli-");
    fs.writeFileSync(path.join(dir, "platform.yaml"), shipped);
  });
  const current = () => fs.readFileSync(path.join(dir, "platform.yaml"), "utf8");

  test("add team: only its lines are added, every other line (comments, flow maps, blank lines) stays; valid; says what synth will change", () => {
    const r = basecamp(dir, ["add", "team", "search", "--owners", "search@example.com", "--slack", "#search-alerts"]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    expect(r.stdout).toMatch(/^edited platform\.yaml: add team search \(\+8 lines\)\nnpm run synth will add \d+ files, change \d+, remove 0: .*cluster aws-euw1 \(\d+ files?\)/m);
    expect(inserted(shipped, current())).toEqual([
      "  - name: search",
      "    owners: [search@example.com]",
      "    alerts:",
      '      slack: "#search-alerts"',
      "    quota:",
      '      cpu: "4"',
      "      memory: 8Gi",
      "      pods: 50",
    ]);
    expect(parsePlatform(current()).teams.map((t) => t.name)).toContain("search");
  }, 30000);

  test("drain: one line after the cluster's name, and --undo sets it back in place", () => {
    // A standby's drain moves no writer; the writer's own drain says what comes next.
    const standby = basecamp(dir, ["drain", "gcp-euw4", "--dry-run"]);
    expect(standby.stdout + standby.stderr).not.toContain("switchover");
    const writer = basecamp(dir, ["drain", "aws-euw1", "--dry-run"]);
    expect(writer.stdout + writer.stderr).toContain("triage's writer leaves it: once this is synced, record the old primary's demotion token as apps[].switchover");
    expect(basecamp(dir, ["drain", "gcp-euw4"]).status).toBe(0);
    expect(inserted(shipped, current())).toEqual(["    traffic: drain"]);
    expect(parsePlatform(current()).clusters.find((c) => c.name === "gcp-euw4")!.traffic).toBe("drain");
    // --undo sets it back in place (the edit the command makes, without a second render).
    const drained = current();
    const undo = new DescriptionText(drained);
    undo.setKey("clusters", "gcp-euw4", "traffic", "active");
    expect(undo.text).toBe(drained.replace("    traffic: drain\n", "    traffic: active\n"));
  }, 30000);

  test("an edit that makes the description invalid is refused with synth's message, and nothing is written", () => {
    const r = basecamp(dir, ["add", "team", "oncall", "--owners", "x@example.com"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: the edit would make platform\.yaml invalid; nothing was written \(line numbers are those of the edited text\)\.\n {2}platform\.yaml:\d+: teams\[\d\]\.name: duplicate team name 'oncall'/);
    expect(current()).toBe(shipped);
    expect(basecamp(dir, ["add", "cluster", "x"]).stderr).toMatch(/^error: missing --provider, --region, --cidr, --zones, --budget/);
    expect(current()).toBe(shipped);
  });

  test("remove: a cluster leaves its list and the apps' lists and goes to retired.clusters; an app's databases to retired.databases", () => {
    const before = parsePlatform(shipped);
    const text = new DescriptionText(shipped.replace("    clusters: all\n", "    clusters: [aws-euw1, gcp-euw4, azure-weu, home-lab]\n"));
    text.remove("clusters", "gcp-euw4");
    text.removeFromList(["apps", 0, "clusters"], "gcp-euw4");
    text.removeFromList(["apps", 0, "failover"], "gcp-euw4");
    text.addToList(["retired", "clusters"], ["gcp-euw4"]);
    const after = parsePlatform(text.text);
    expect(after.clusters.map((c) => c.name)).toEqual(before.clusters.map((c) => c.name).filter((n) => n !== "gcp-euw4"));
    expect(after.apps[0].clusters).toEqual(["aws-euw1", "azure-weu", "home-lab"]);
    expect(after.apps[0].failover).toEqual(["aws-euw1", "azure-weu"]);
    expect(text.text).toContain("    failover: [aws-euw1, azure-weu] # one writer");
    expect(after.retired.clusters).toEqual(["gcp-euw4"]);
    expect(text.text).toMatch(/\nretired:\n {2}clusters: \[gcp-euw4\]\n$/);
  });
});
