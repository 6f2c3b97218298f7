import { bringUpPlan, formatPlan, stackOrder, stateReads } from "../lib/bringup/plan";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { sampleText, sampleTree } from "./helpers/platform";
import { ROOT, tempDir } from "./helpers/tree";

describe("the bring-up plan", () => {
  const tree = sampleTree();
  const steps = bringUpPlan(tree);
  const titles = steps.map((s) => s.title);

  test("every stack comes after the stacks whose state it reads; the stores first, global last", () => {
    const order = stackOrder(tree.stacks);
    expect(order.slice(0, 3)).toEqual(["bootstrap", "bootstrap-gcp", "bootstrap-azure"]);
    expect(order[order.length - 1]).toBe("global");
    for (const s of tree.stacks) for (const read of stateReads(s, order)) expect({ stack: s.name, after: order.indexOf(s.name) > order.indexOf(read) }).toEqual({ stack: s.name, after: true });
    // The spokes read the hub's: it must be the first cluster.
    expect(order.indexOf("aws-a")).toBeLessThan(Math.min(...["gcp-b", "azure-c", "home-d"].map((n) => order.indexOf(n))));
  });

  test("a stack that reads a state that is never applied is a cycle, named", () => {
    const [a, b] = tree.stacks.filter((s) => s.name === "gcp-b" || s.name === "azure-c");
    const cyclic = [
      { ...a, json: { ...a.json, data: { terraform_remote_state: { x: { config: { key: `${b.name}.tfstate` } } } } } },
      { ...b, json: { ...b.json, data: { terraform_remote_state: { x: { config: { prefix: a.name } } } } } },
    ];
    expect(() => stackOrder(cyclic)).toThrow(`the stacks read each other's state in a cycle: ${a.name}, ${b.name}`);
  });

  test("Argo CD's steps follow the stacks: publish, the hub's bootstrap, hub/'s waves in order, then the clusters in rollout order", () => {
    const at = (prefix: string) => titles.findIndex((t) => t.startsWith(prefix));
    expect(at("apply global")).toBeLessThan(at("publish"));
    expect(at("publish")).toBeLessThan(at("install Argo CD on the hub"));
    const waves = steps.find((s) => s.title === "hub/ syncs wave by wave")!.watch.map((w) => Number(/^wave (-?\d+)/.exec(w)![1]));
    expect(waves).toEqual([...waves].sort((x, y) => x - y));
    expect(waves.length).toBeGreaterThan(3);
    // The homelab pulls on its own; the hub's clusters follow the rollout.
    const clusters = titles.filter((t) => /fleet rolls it out|pull mode/.test(t)).map((t) => t.split(":")[0]);
    expect(clusters).toEqual(["home-d", "aws-a", "gcp-b", "azure-c"]);
  });

  test("each push cluster's steps are the fleet's RollingSync steps for it, in the same order", () => {
    const fleet = tree.charts.flatMap((c) => c.objects).find((o) => o.kind === "ApplicationSet" && o.metadata.name === "fleet") as any;
    const label = (w: number) => (w < 0 ? `minus-${-w}` : String(w));
    for (const c of ["aws-a", "gcp-b", "azure-c"]) {
      const printed = steps.find((s) => s.title.startsWith(`${c}:`))!.watch.map((w) => label(Number(/^step at wave (-?\d+)/.exec(w)![1])));
      const rendered = fleet.spec.strategy.rollingSync.steps.filter((s: any) => s.matchExpressions[0].values[0] === c).map((s: any) => s.matchExpressions[1].values[0]);
      expect({ c, printed }).toEqual({ c, printed: rendered });
    }
  });

  test("npm run bringup prints it for the description", () => {
    const config = path.join(tempDir(), "platform.json");
    fs.writeFileSync(config, sampleText());
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "launch.js"), path.join(ROOT, "bin", "bringup.ts"), "--config", config], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^1\. apply bootstrap\n/);
    expect(r.stdout).toContain("kubectl apply -k gitops-out/bootstrap");
    expect(r.stdout).toMatch(/walked: every step comes up\n$/);
    expect(formatPlan(steps).split("\n")[0]).toBe("1. apply bootstrap");
  });
});
