import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { Environment } from "@marcbachmann/cel-js";
import { CHARTS } from "../constructs/addons/versions";
import { policyGate } from "../lib/checks/policy-gate";
import { dayAfter } from "../constructs/policies/exception";
import { objectsOf } from "../lib/checks/finding";
import { evaluate } from "../lib/policy/engine";
import { ruleNames } from "../lib/policy/rules";
import type { Resource, ValidatingPolicy } from "../lib/policy/types";
import { GUARDRAIL_POLICIES } from "../lib/model/guardrails";
import { synth } from "./helpers/synth";
import { kyvernoTests, runKyvernoTest } from "./helpers/kyverno-test";
import { freshSampleTree, sampleText, sampleTree } from "./helpers/platform";
import { readTree, runSynth, tempDir } from "./helpers/tree";

const DIGEST = `sha256:${"5".repeat(64)}`;

/** The rendered policies of one cluster of the sample. */
function renderedPolicies(tree = sampleTree(), cluster = "aws-a") {
  const objects = objectsOf(tree).filter((x) => x.chart.cluster === cluster).map((x) => x.object as any);
  const policy = (name: string) => objects.find((o) => o.kind === "ValidatingPolicy" && o.metadata.name === name) as ValidatingPolicy;
  return { objects, policy };
}

/** A pod in the team's namespace that every guardrail admits. */
function goodPod(): any {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "oncall", labels: { "app.kubernetes.io/name": "p", "basecamp.dev/team": "oncall" } },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "app",
          image: `ghcr.io/acme/p:1.0@${DIGEST}`,
          resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi" } },
          readinessProbe: { tcpSocket: { port: 1 } },
          livenessProbe: { tcpSocket: { port: 1 } },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        },
      ],
    },
  };
}

const ns = (name: string) => ({ namespaceLabels: { "kubernetes.io/metadata.name": name } });

describe("the guardrails are rendered to every cluster", () => {
  const tree = sampleTree();

  test.each(["aws-a", "gcp-b", "azure-c", "home-d"])("%s enforces every policy with Deny, and its ImageValidatingPolicy", (cluster) => {
    const { objects } = renderedPolicies(tree, cluster);
    const vpols = objects.filter((o) => o.kind === "ValidatingPolicy");
    expect(vpols.map((o) => o.metadata.name).sort()).toEqual([...GUARDRAIL_POLICIES].sort());
    for (const o of vpols) {
      expect(o.apiVersion).toBe("policies.kyverno.io/v1");
      expect(o.spec.validationActions).toEqual(["Deny"]);
      expect(ruleNames(o).length).toBe(o.spec.validations.length);
      expect(ruleNames(o).every((r: string) => !r.startsWith("validation-"))).toBe(true);
    }
    const ivp = objects.find((o) => o.kind === "ImageValidatingPolicy");
    expect(ivp.metadata.name).toBe("verify-images-ci");
    expect(ivp.spec.validationConfigurations).toEqual({ required: true, verifyDigest: true, mutateDigest: false });
    expect(ivp.spec.attestors[0].cosign.keyless.identities).toEqual([
      { issuer: "https://token.actions.githubusercontent.com", subject: "https://github.com/acme/triage/.github/workflows/release.yaml@refs/heads/main" },
    ]);
  });

  test("Kyverno itself is an add-on of every cluster, pinned, honouring exceptions from its own namespace only", () => {
    for (const c of tree.resolved.clusters) expect(tree.addOns(c).map((a) => a.name)).toContain("kyverno");
    const kyverno = tree.addOns(tree.resolved.clusters[0]).find((a) => a.name === "kyverno")!;
    expect(kyverno.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(CHARTS.kyverno.version).toBe("3.9.0");
    expect(kyverno.values(tree.resolved.clusters[0], tree.resolved)).toMatchObject({ features: { policyExceptions: { enabled: true, namespace: "kyverno" } } });
  });

  test("platform namespaces are left alone by name, and only where they must be", () => {
    const { policy } = renderedPolicies(tree);
    const excluded = (name: string) => (policy(name).spec.matchConstraints as any).namespaceSelector.matchExpressions[0];
    // What Pod Security restricted demands holds in every namespace but Kubernetes' own and the two add-ons that read
    // the host: node-exporter (monitoring: host network, PID and /proc) and the log collector (opentelemetry: /var/log/pods).
    // EKS's own add-on namespaces (CloudWatch, GuardDuty) too: no team runs there.
    const hostReaders = ["amazon-cloudwatch", "amazon-guardduty", "kube-node-lease", "kube-public", "kube-system", "monitoring", "opentelemetry"];
    expect(excluded("restrict-privileges")).toEqual({ key: "kubernetes.io/metadata.name", operator: "NotIn", values: hostReaders });
    expect(excluded("disallow-host-access").values).toEqual(hostReaders);
    // The tenant rules leave the add-ons' namespaces alone, each by name; never a label a team could set.
    for (const name of ["require-requests-limits", "restrict-images", "require-labels", "require-probes"]) {
      expect(excluded(name).values).toEqual(expect.arrayContaining(["argocd", "cert-manager", "external-secrets", "kyverno", "kube-system"]));
      expect(excluded(name).values).not.toContain("oncall");
      expect((policy(name).spec.matchConstraints as any).objectSelector).toBeUndefined();
    }
  });

  test("the provider's own namespaces are no team's: GKE's managed components are left alone, and its managed Prometheus is off", () => {
    const { policy } = renderedPolicies(tree, "gcp-b");
    const excluded = (name: string) => (policy(name).spec.matchConstraints as any).namespaceSelector.matchExpressions[0].values;
    for (const name of ["restrict-privileges", "restrict-images", "require-labels"]) expect(excluded(name)).toEqual(expect.arrayContaining(["gke-gmp-system", "gke-managed-system"]));
    expect(renderedPolicies(tree, "azure-c").policy("require-labels").spec.matchConstraints).toMatchObject({ namespaceSelector: { matchExpressions: [{ values: expect.arrayContaining(["gatekeeper-system"]) }] } });
    const gke = tree.stacks.find((s) => s.name === "gcp-b")!.json.resource.google_container_cluster.cluster;
    expect(gke.monitoring_config).toEqual({ managed_prometheus: { enabled: false } });
  });

  test("an exception of the description becomes a PolicyException where its app runs, and the gate honours it", () => {
    const edit = (p: any) => {
      p.apps[0].image = `docker.io/library/nginx:1.29.3@${DIGEST}`;
      p.guardrails.exceptions = [{ policy: "restrict-images", app: "triage", reason: "vendor image until our build ships", expires: "2999-12-31" }];
    };
    const t = sampleTree(edit);
    const ex = objectsOf(t).filter((x) => x.object.kind === "PolicyException" && x.object.metadata.name === "triage.restrict-images");
    expect(ex.map((x) => x.chart.cluster).sort()).toEqual(["aws-a", "azure-c", "gcp-b", "home-d"]);
    expect(ex[0].object).toMatchObject({
      metadata: { namespace: "kyverno", annotations: { "basecamp.dev/reason": "vendor image until our build ships", "basecamp.dev/expires": "2999-12-31" } },
      // Kyverno stops applying it when synth starts refusing it: the start of the day after its last day.
      spec: { policyRefs: [{ name: "restrict-images", kind: "ValidatingPolicy" }], expiresAt: "3000-01-01T00:00:00Z" },
    });
    expect([dayAfter("2028-02-28"), dayAfter("2027-02-28"), dayAfter("2026-12-07")]).toEqual(["2028-02-29T00:00:00Z", "2027-03-01T00:00:00Z", "2026-12-08T00:00:00Z"]);
    expect(policyGate.run(t)).toEqual([]);
    // Without it, the same image is refused.
    const without = sampleTree((p) => (p.apps[0].image = `docker.io/library/nginx:1.29.3@${DIGEST}`));
    expect(policyGate.run(without).map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^policy restrict-images, rule registries: /), expect.stringMatching(/^policy restrict-images, rule signed: /)]),
    );
  });

  test("an exception that lapses within two weeks is a warning naming its line", () => {
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const t = sampleTree((p) => (p.guardrails.exceptions = [{ policy: "require-probes", app: "triage", reason: "the worker has no endpoint yet", expires: soon }]));
    const check = require("../capabilities/guardrails").guardrails.checks.find((c: any) => c.name === "exceptions-stay-current");
    expect(check.run(t)).toEqual([{ severity: "warning", where: "guardrails/exceptions/triage.require-probes", source: "guardrails.exceptions[0].expires", message: `expires in 5 days (${soon}); fix what it excuses, or renew it` }]);
  });
});

describe("the gate evaluates the rendered policies themselves", () => {
  test("the shipped sample passes every guardrail", () => {
    expect(policyGate.run(sampleTree())).toEqual([]);
  });

  test("a change to a rendered policy changes the gate's verdict: there is no second copy of a rule", () => {
    const tree = freshSampleTree();
    const { policy } = renderedPolicies(tree);
    const registries = (policy("restrict-images").spec.variables as any[]).find((v) => v.name === "allowedRegistries");
    registries.expression = "['quay.io/acme']";
    const findings = policyGate.run(tree);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0].message).toMatch(/^policy restrict-images, rule registries: spec\.template\.spec\.containers\[app\]\.image \(ghcr\.io\/acme\/triage:1\.4\.0@sha256:4+\): must come from a listed registry/);
    expect(findings[0].message).toMatch(/\(on aws-a\)$/);
  });

  test("an image without a digest under a signer is refused by its ImageValidatingPolicy", () => {
    const findings = policyGate.run(sampleTree((p) => (p.apps[0].image = "ghcr.io/acme/triage:1.4.0")));
    expect(findings.map((f) => [f.source, f.message])).toEqual([
      ["apps[0].image", expect.stringMatching(/^policy verify-images-ci, rule digest: image ghcr\.io\/acme\/triage:1\.4\.0 does not have a digest; pin it as .*\(on aws-a, gcp-b, azure-c, home-d\)$/)],
    ]);
  });
});

describe("docker.io/library/nginx:latest is refused before anything is written", () => {
  test("synth exits 1 naming the policy, the rules, the object, the field and the line; the outputs stay as they were", () => {
    const out = tempDir();
    const conf = tempDir();
    const file = path.join(conf, "platform.yaml");
    fs.writeFileSync(file, sampleText());
    synth({ config: file, out });
    const before = readTree(out);
    // As YAML, so the line of the image is a line of the file.
    const broken = parse(sampleText());
    broken.apps[0].image = "docker.io/library/nginx:latest";
    const text = require("yaml").stringify(broken);
    fs.writeFileSync(file, text);
    const line = text.split("\n").findIndex((l: string) => l.includes("nginx:latest")) + 1;
    const r = runSynth(["--config", file, "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: the rendered platform fails 3 checks; nothing was written\./);
    for (const rule of ["registries", "no-latest", "signed"]) {
      expect(r.stderr).toContain(
        `${file}:${line}: apps[0].image: [aws-a--app--triage/Deployment/oncall/triage] policy restrict-images, rule ${rule}: spec.template.spec.containers[app].image (docker.io/library/nginx:latest): `,
      );
    }
    const after = readTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [f, bytes] of before) expect({ f, same: after.get(f)!.equals(bytes) }).toEqual({ f, same: true });
  });
});

describe("Kyverno's semantics, on the rendered policies", () => {
  const { policy } = renderedPolicies();

  test("an unset seccomp profile is refused: the gap of Kyverno's own strict policy is closed", () => {
    const pod = goodPod();
    delete pod.spec.securityContext.seccompProfile;
    expect(evaluate(policy("restrict-privileges"), pod, ns("oncall"))).toEqual({
      result: "fail",
      validation: ruleNames(policy("restrict-privileges")).indexOf("seccomp-profile"),
      message: "containers[app].securityContext.seccompProfile.type: must be RuntimeDefault or Localhost, here or in spec.securityContext; unset is refused",
    });
  });

  test("autogen: a CronJob is checked through its job's pod template, a Deployment through its own", () => {
    const pod = goodPod();
    pod.spec.containers[0].securityContext.privileged = true;
    const cron = { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c", namespace: "oncall" }, spec: { schedule: "@daily", jobTemplate: { spec: { template: { metadata: pod.metadata, spec: pod.spec } } } } };
    const deploy = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "oncall" }, spec: { template: { metadata: pod.metadata, spec: pod.spec } } };
    for (const o of [cron, deploy]) expect(evaluate(policy("restrict-privileges"), o as Resource, ns("oncall"))).toMatchObject({ result: "fail", message: "containers[app].securityContext.privileged: must not be true" });
  });

  test("an Argo Rollout, which Kyverno checks through the pods it makes, is checked through its template at synth", () => {
    const pod = goodPod();
    pod.spec.hostNetwork = true;
    const rollout = { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", metadata: { name: "r", namespace: "oncall" }, spec: { template: { metadata: pod.metadata, spec: pod.spec } } };
    expect(evaluate(policy("disallow-host-access"), rollout as Resource, ns("oncall"))).toMatchObject({ result: "fail", message: "spec.hostNetwork: must not be true" });
  });

  test("probes: Jobs and their pods are left alone, long-running workloads are not", () => {
    const pod = goodPod();
    delete pod.spec.containers[0].readinessProbe;
    const job = { apiVersion: "batch/v1", kind: "Job", metadata: { name: "j", namespace: "oncall" }, spec: { template: { metadata: pod.metadata, spec: pod.spec } } };
    expect(evaluate(policy("require-probes"), job as Resource, ns("oncall"))).toMatchObject({ result: "skip" });
    const jobPod = { ...pod, metadata: { ...pod.metadata, ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "j", uid: "1" }] } };
    expect(evaluate(policy("require-probes"), jobPod, ns("oncall"))).toMatchObject({ result: "skip" });
    const sts = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "s", namespace: "oncall" }, spec: { template: { metadata: pod.metadata, spec: pod.spec } } };
    expect(evaluate(policy("require-probes"), sts as Resource, ns("oncall"))).toMatchObject({ result: "fail", message: "containers[app].readinessProbe: must be set" });
  });

  test("a platform namespace is outside the tenant rules, a team's is inside", () => {
    const pod = goodPod();
    pod.spec.containers[0].image = "quay.io/argoproj/argocd:v3.2.0";
    expect(evaluate(policy("restrict-images"), pod, ns("argocd"))).toMatchObject({ result: "skip" });
    expect(evaluate(policy("restrict-images"), pod, ns("oncall"))).toMatchObject({ result: "fail" });
    // Privileges are everyone's business but Kubernetes' own.
    pod.spec.containers[0].securityContext.privileged = true;
    expect(evaluate(policy("restrict-privileges"), pod, ns("argocd"))).toMatchObject({ result: "fail" });
    expect(evaluate(policy("restrict-privileges"), pod, ns("kube-system"))).toMatchObject({ result: "skip" });
  });

  test("every rule names each offending container", () => {
    const pod = goodPod();
    pod.spec.initContainers = [{ name: "init", image: pod.spec.containers[0].image, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }];
    expect(evaluate(policy("require-requests-limits"), pod, ns("oncall"))).toEqual({ result: "fail", validation: 0, message: "containers[init].resources.requests.cpu: must be set" });
  });

  test("the image policy's validation is CEL that parses, with Kyverno's image functions declared", () => {
    const ivp = renderedPolicies().objects.find((o) => o.kind === "ImageValidatingPolicy");
    const env = new Environment({ enableOptionalTypes: true })
      .registerVariable("images", "map<string, list<string>>")
      .registerVariable("attestors", "map<string, dyn>")
      .registerFunction("verifyImageSignatures(string, list): int", () => 1n);
    for (const v of ivp.spec.validations) expect(env.check(v.expression)).toMatchObject({ valid: true });
  });
});

describe("the Kyverno CLI fixtures emitted with the rendered tree", () => {
  const out = tempDir();
  synth({ config: writeSample(), out });
  const root = path.join(out, "gitops-out", "policy-tests");
  const files = kyvernoTests(root);

  function writeSample(): string {
    const file = path.join(tempDir(), "platform.json");
    fs.writeFileSync(file, sampleText());
    return file;
  }

  test("there is one kyverno test per policy", () => {
    expect(files.map((f) => path.basename(path.dirname(f))).sort()).toEqual([...GUARDRAIL_POLICIES, "verify-images-ci"].sort());
  });

  test.each(files.map((f) => [path.basename(path.dirname(f)), f]))("%s: every result holds in the synth-time engine, with its rule", (_name, file) => {
    const cases = runKyvernoTest(file);
    expect(cases.some((c) => c.expected === "pass")).toBe(true);
    expect(cases.some((c) => c.expected === "fail")).toBe(true);
    for (const c of cases) {
      expect({ resource: `${c.kind}/${c.resource}`, result: c.verdict.result }).toEqual({ resource: `${c.kind}/${c.resource}`, result: c.expected });
      if (c.rule) expect({ resource: c.resource, rule: c.failedRule }).toEqual({ resource: c.resource, rule: c.rule });
    }
  });

  test("every result names a policy the test loads and a rule that policy has (kyverno#9379 would pass a misspelling)", () => {
    const problems = files.flatMap((f) => resultNameProblems(f));
    expect(problems).toEqual([]);
    // The same check on a copy with a misspelled rule finds it.
    const copy = path.join(tempDir(), "kyverno-test.yaml");
    const source = files.find((f) => f.includes("require-probes"))!;
    fs.writeFileSync(copy, fs.readFileSync(source, "utf8").replace("rule: readiness", "rule: readyness").replace(/(policies:\n\s+- )(.*)/, (_m, a, p) => a + path.resolve(path.dirname(source), p)));
    fs.copyFileSync(path.join(path.dirname(source), "resources.yaml"), path.join(path.dirname(copy), "resources.yaml"));
    expect(resultNameProblems(copy)).toEqual(["require-probes: no rule 'readyness'; it has readiness, liveness"]);
  });

  test("every rule of every policy has a resource that breaks it alone", () => {
    for (const f of files.filter((x) => !x.includes("verify-images"))) {
      const test = parse(fs.readFileSync(f, "utf8"));
      const policyFile = path.resolve(path.dirname(f), test.policies[0]);
      const policy = parse(fs.readFileSync(policyFile, "utf8"));
      const failing = new Set(test.results.filter((r: any) => r.result === "fail").map((r: any) => r.rule));
      expect({ policy: policy.metadata.name, rules: ruleNames(policy).filter((r) => !failing.has(r)) }).toEqual({ policy: policy.metadata.name, rules: [] });
    }
  });
});

/** Results whose policy the test does not load, or whose rule the policy does not have. */
function resultNameProblems(file: string): string[] {
  const test = parse(fs.readFileSync(file, "utf8"));
  const policies = test.policies.map((p: string) => parse(fs.readFileSync(path.resolve(path.dirname(file), p), "utf8")));
  return test.results.flatMap((r: any) => {
    const policy = policies.find((p: any) => p.metadata.name === r.policy);
    if (!policy) return [`${r.policy}: no such policy in ${test.policies.join(", ")}`];
    if (r.rule === undefined || policy.kind !== "ValidatingPolicy") return [];
    const rules = ruleNames(policy);
    return rules.includes(r.rule) ? [] : [`${r.policy}: no rule '${r.rule}'; it has ${rules.join(", ")}`];
  });
}
