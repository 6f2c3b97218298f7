import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PLAIN_STYLE, toYaml } from "../lib/pipeline/yaml";
import { parsePlatform } from "../lib/model/load";
import { objectsOf } from "../lib/checks/finding";
import { RULE_TESTS_DIR } from "../lib/layout";
import { issuesOf, sampleText, sampleTree } from "./helpers/platform";
import { describeWith } from "./helpers/skip";
import { tempDir } from "./helpers/tree";

/** The sample's app as two components, its API a canary. */
const withCanary = (canary: object = {}) => (p: any) => (p.apps[0].components = [{ name: "web" }, { name: "api", canary }]);

describe("a canary in the description", () => {
  test("defaults to 25% then 50% of the replicas, five minutes each", () => {
    const c = parsePlatform(sampleText(withCanary())).apps[0].components![1];
    expect(c.canary).toEqual({ steps: [25, 50], pause: "5m" });
  });

  test.each([
    ["without an SLO to judge it", (p: any) => (withCanary()(p), delete p.apps[0].slo), "apps[0].components[1].canary: a canary is judged by the app's SLO: set apps[0].slo.availability or apps[0].slo.latency (and the metrics it reads)"],
    ["with shares that fall", withCanary({ steps: [50, 25] }), "apps[0].components[1].canary.steps: the percentages must rise, each below 100 (the last step is the whole): 50, 25"],
    ["with the whole as a step", withCanary({ steps: [50, 100] }), expect.stringMatching(/^apps\[0\]\.components\[1\]\.canary\.steps\[1\]: must be a whole number from 1 to 99/)],
    ["with a pause in seconds", withCanary({ pause: "30s" }), "apps[0].components[1].canary.pause: must be minutes or hours, such as 5m or 1h"],
    ["with a field it does not have", withCanary({ weight: 10 }), expect.stringMatching(/^apps\[0\]\.components\[1\]\.canary: unknown key 'weight'; allowed: steps, pause$/)],
  ])("is refused %s", (_, edit, expected) => {
    expect(issuesOf(sampleText(edit))).toEqual(expect.arrayContaining([expected]));
  });
});

describe("a canary as rendered", () => {
  const tree = sampleTree(withCanary({ steps: [20, 40, 80], pause: "10m" }));
  const plain = sampleTree((p) => (p.apps[0].components = [{ name: "web" }, { name: "api" }]));
  const on = (t: typeof tree, kind: string, name: string) => objectsOf(t).filter((x) => x.chart.cluster === "aws-a" && x.object.kind === kind && x.object.metadata.name === name).map((x) => x.object as any);

  test("the API is a Rollout with the Deployment's pod template, stepping through the described shares", () => {
    expect(on(tree, "Deployment", "triage-api")).toEqual([]);
    const [rollout] = on(tree, "Rollout", "triage-api");
    const [deployment] = on(plain, "Deployment", "triage-api");
    expect(rollout.apiVersion).toBe("argoproj.io/v1alpha1");
    // The same pods (so the same guardrails hold), selected the same way.
    expect(rollout.spec.template).toEqual(deployment.spec.template);
    expect(rollout.spec.selector).toEqual(deployment.spec.selector);
    expect(rollout.spec.replicas).toBe(deployment.spec.replicas);
    expect(rollout.spec.strategy.canary.steps).toEqual([20, 40, 80].flatMap((w) => [{ setWeight: w }, { pause: { duration: "10m" } }]));
    expect(rollout.spec.strategy.canary.analysis).toEqual({
      templates: [{ templateName: "triage-api-slo" }],
      startingStep: 1,
      args: [{ name: "canary-hash", valueFrom: { podTemplateHashValue: "Latest" } }],
    });
    // The front door stays a Deployment.
    expect(on(tree, "Deployment", "triage-web")).toHaveLength(1);
    // A canary that never becomes ready is rolled back at the deadline, not left running.
    expect(rollout.spec).toMatchObject({ progressDeadlineSeconds: 600, progressDeadlineAbort: true });
  });

  test("the analysis reads each SLO over the canary's own pods and fails it where the canary alone would page", () => {
    const [template] = on(tree, "AnalysisTemplate", "triage-api-slo");
    expect(template.metadata.namespace).toBe("oncall");
    const metrics = Object.fromEntries(template.spec.metrics.map((m: any) => [m.name, m]));
    // 99.9% available: a budget of 0.1%, at the 14.4x that pages; 99% within 0.25 s: 1%, at 14.4x.
    expect(metrics.availability.successCondition).toBe("len(result) == 0 || result[0] <= 0.0144");
    expect(metrics.latency.successCondition).toBe("len(result) == 0 || result[0] <= 0.144");
    for (const m of template.spec.metrics) {
      // Three failed minutes: one burst of errors stays in the two-minute range for two measurements.
      expect(m).toMatchObject({ interval: "1m", failureLimit: 2, provider: { prometheus: { address: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090" } } });
      // This cluster's pods only (the hub's Prometheus holds the spokes' series too), and a verdict only past 0.5 requests a second.
      expect(m.provider.prometheus.query).toContain('component="api",cluster="aws-a",rollouts_pod_template_hash="{{args.canary-hash}}"');
      expect(m.provider.prometheus.query).toMatch(/\) and on \(\) \(.+ >= 0\.5\)$/);
    }
    expect(metrics.latency.provider.prometheus.query).toContain('le="0.25"');
  });

  test("the app's PodMonitor keeps each pod's template hash, only where a canary needs it", () => {
    const relabel = (t: typeof tree) => on(t, "PodMonitor", "triage")[0].spec.podMetricsEndpoints[0].relabelings.map((r: any) => r.targetLabel);
    expect(relabel(tree)).toContain("rollouts_pod_template_hash");
    expect(relabel(plain)).not.toContain("rollouts_pod_template_hash");
    expect(on(tree, "PodMonitor", "triage")[0].spec.podMetricsEndpoints[0].relabelings).toContainEqual({ sourceLabels: ["__meta_kubernetes_pod_label_rollouts_pod_template_hash"], targetLabel: "rollouts_pod_template_hash" });
  });
});

const promtoolMissing = spawnSync("promtool", ["--version"]).status === 0 ? undefined : "promtool is not installed (apt-get install prometheus)";

describeWith("promtool", promtoolMissing, "the canary's analysis queries, with the real promtool", () => {
  const tree = sampleTree(withCanary());
  const file = `${RULE_TESTS_DIR}/canary-triage-api.test.yaml`;
  const run = (text: string) => {
    const dir = tempDir("basecamp-canary-");
    fs.writeFileSync(path.join(dir, "canary.test.yaml"), text);
    const r = spawnSync("promtool", ["test", "rules", "canary.test.yaml"], { cwd: dir, encoding: "utf8" });
    return { status: r.status, out: r.stdout + r.stderr };
  };

  test("a bad canary fails the measurement, a good one passes while the old pods fail, a silent one passes the minute", () => {
    const text = tree.gitops.content(file);
    const names = parse(text).tests.map((t: any) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([/availability: a canary at twice/, /latency: a canary at half the threshold passes, though the old pods fail/, /served nothing/, /gone idle/, /below 30 requests a minute/].map((r) => expect.stringMatching(r))),
    );
    expect(run(text)).toEqual({ status: 0, out: expect.any(String) });
  });

  test("the tests catch a wrong query: a threshold ten times too high, the old pods' requests counted, or no floor under the traffic", () => {
    const text = tree.gitops.content(file);
    const high = run(text.replaceAll("> 0.0144)", "> 0.144)"));
    expect(high.status).not.toBe(0);
    // promtool names the expression, not the case: the bad canary's measurement no longer fails.
    expect(high.out).toMatch(/> 0\.144\)", time: 14m,\s+exp: \{\} 1E\+00\s+got: nil/);
    const everyone = run(text.replaceAll(',rollouts_pod_template_hash="canary"', ""));
    expect(everyone.status).not.toBe(0);
    // The good canary now fails with the old pods' errors.
    expect(everyone.out).toMatch(/> 0\.0144\)", time: 14m,\s+exp: nil\s+got: \{\} 1E\+00/);
    // Without the floor an idle canary's 0/0 is NaN, which fails its successCondition.
    const spec = parse(text);
    for (const t of spec.tests) for (const e of t.promql_expr_test) e.expr = e.expr.replace(/ and on \(\) \(.*?>= 0\.5\)/g, "");
    expect(JSON.stringify(spec)).not.toContain(">= 0.5");
    const noFloor = run(toYaml(spec, PLAIN_STYLE));
    expect(noFloor.status).not.toBe(0);
    expect(noFloor.out).toMatch(/got: \{\} NaN/);
  });
});
