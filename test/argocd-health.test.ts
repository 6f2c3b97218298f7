/**
 * The health checks basecamp gives the hub's Argo CD, run by a real Lua 5.1
 * (Argo CD runs them in gopher-lua, a Lua 5.1) on the objects Argo CD would
 * hand them: hub/'s waves must not wait on a rollout, and must on an error.
 */
import { execFileSync, spawnSync } from "child_process";
import { parse } from "yaml";
import { describeWith } from "./helpers/skip";
import { sampleTree } from "./helpers/platform";

const lua = spawnSync("lua5.1", ["-v"]).error ? "lua5.1 is not installed (apt-get install lua5.1)" : undefined;

/** Runs an Argo CD health script on `obj` (a Lua table literal made from JSON) and returns its status and message. */
function health(script: string, obj: unknown): { status: string; message: string } {
  const table = (v: unknown): string =>
    Array.isArray(v) ? `{${v.map(table).join(", ")}}` : v && typeof v === "object" ? `{${Object.entries(v).map(([k, x]) => `[${JSON.stringify(k)}] = ${table(x)}`).join(", ")}}` : JSON.stringify(v);
  const program = `obj = ${table(obj)}\nlocal function run()\n${script}\nend\nlocal hs = run()\nio.write(hs.status .. "\\n" .. (hs.message or ""))`;
  const [status, message] = execFileSync("lua5.1", ["-"], { input: program, encoding: "utf8" }).split("\n");
  return { status, message };
}

describeWith("lua5.1", lua, "the hub's Argo CD health checks, in Lua 5.1", () => {
  const values = parse(sampleTree().gitops.content("clusters/aws-a/values/argo-cd.yaml"));
  const cm = values.configs.cm;

  test("an ApplicationSet rolling out is Healthy, so hub/'s later waves go on; one with an error is Degraded", () => {
    const script = cm["resource.customizations.health.argoproj.io_ApplicationSet"];
    const set = (conditions: object[]) => ({ kind: "ApplicationSet", status: { conditions } });
    expect(health(script, set([{ type: "RolloutProgressing", status: "True", message: "ApplicationSet is performing rollout of step 2" }])).status).toBe("Healthy");
    expect(health(script, set([{ type: "ErrorOccurred", status: "True", message: "cluster generator failed" }]))).toEqual({ status: "Degraded", message: "cluster generator failed" });
    expect(health(script, { kind: "ApplicationSet" }).status).toBe("Healthy");
  });

  test("an Application reports its own health, so app-of-apps waves wait for it", () => {
    const script = cm["resource.customizations.health.argoproj.io_Application"];
    expect(health(script, { status: { health: { status: "Degraded", message: "pod crash" } } })).toEqual({ status: "Degraded", message: "pod crash" });
    expect(health(script, {}).status).toBe("Progressing");
  });
});
