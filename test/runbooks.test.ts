import * as fs from "fs";
import * as path from "path";
import { dashboards } from "../constructs/observability/dashboards";
import { slos } from "../capabilities/observability";
import { objectsOf } from "../lib/checks/finding";
import { sampleTree } from "./helpers/platform";
import { ROOT } from "./helpers/tree";

/**
 * Every command in runbooks/ names what basecamp renders: each kubectl
 * command's literal namespace exists, each literal object is rendered or
 * made by a pinned chart under the name that chart gives it, each
 * port-forward goes to a port the Service has, and every dashboard and panel
 * a runbook points at exists.
 */
// With a database, so what only databases bring (the cloudwatch exporter, CloudNativePG's objects) is rendered too.
const tree = sampleTree((p) => (p.apps[0].database = {}));
const RUNBOOKS = path.join(ROOT, "runbooks");

/**
 * Objects the pinned charts make, at basecamp's release names (each add-on's release is its name), read from
 * each chart's templates: argo-cd 10.1.1 (nameOverride argocd: fullname argo-cd-argocd, _common.tpl),
 * kube-prometheus-stack 88.5.3 (the operator names StatefulSets prometheus-<cr> and alertmanager-<cr>),
 * opencost 2.5.17 (service.yaml: port http = apiPort 9003; http-ui only with the UI, which is off),
 * kyverno 3.9.0 (admission-controller/_helpers.tpl), external-secrets 2.9.0 (fullname external-secrets),
 * prometheus-yet-another-cloudwatch-exporter 0.47.0 (_helpers.tpl fullname, overridden).
 */
const CHART_OBJECTS: readonly { kind: string; namespace: string; name: string; ports?: number[] }[] = [
  ...["repo-server", "server", "application-controller", "applicationset-controller"].map((c) => ({ kind: c === "application-controller" ? "StatefulSet" : "Deployment", namespace: "argocd", name: `argo-cd-argocd-${c}` })),
  { kind: "Pod", namespace: "monitoring", name: "prometheus-kube-prometheus-stack-prometheus-0" },
  { kind: "Pod", namespace: "monitoring", name: "alertmanager-kube-prometheus-stack-alertmanager-0" },
  { kind: "Service", namespace: "monitoring", name: "kube-prometheus-stack-prometheus", ports: [9090] },
  { kind: "Service", namespace: "opencost", name: "opencost", ports: [9003] },
  { kind: "Deployment", namespace: "kyverno", name: "kyverno-admission-controller" },
  { kind: "Deployment", namespace: "external-secrets", name: "external-secrets" },
  // prometheus-yet-another-cloudwatch-exporter 0.47.0 with fullnameOverride cloudwatch-exporter (constructs/addons/cloudwatch-exporter.ts).
  { kind: "Deployment", namespace: "cloudwatch-exporter", name: "cloudwatch-exporter" },
  // prometheus-stackdriver-exporter 4.13.0, fullnameOverride stackdriver-exporter (constructs/addons/stackdriver-exporter.ts).
  { kind: "Deployment", namespace: "stackdriver-exporter", name: "stackdriver-exporter" },
  // external-dns 1.21.1: _helpers.tpl's fullname is the release name when it contains the chart's (release external-dns).
  { kind: "Deployment", namespace: "external-dns", name: "external-dns" },
  // metrics-server 3.13.1, fullnameOverride metrics-server (constructs/addons/metrics-server.ts), EKS only.
  { kind: "Deployment", namespace: "kube-system", name: "metrics-server" },
  // webdevops' azure-metrics-exporter 1.2.11, fullnameOverride azure-metrics-exporter (constructs/addons/azure-metrics-exporter.ts).
  { kind: "Deployment", namespace: "azure-metrics-exporter", name: "azure-metrics-exporter" },
];

const KINDS: Record<string, string> = { deploy: "Deployment", deployment: "Deployment", svc: "Service", service: "Service", sts: "StatefulSet", statefulset: "StatefulSet", pod: "Pod", clustersecretstore: "ClusterSecretStore", externalsecret: "ExternalSecret", secret: "Secret" };

/** Every kubectl command of every runbook, with the file it is in. */
function commands(): { file: string; command: string }[] {
  return fs
    .readdirSync(RUNBOOKS)
    .filter((f) => f.endsWith(".md"))
    .flatMap((file) => {
      const text = fs.readFileSync(path.join(RUNBOOKS, file), "utf8");
      const spans = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
      const blocks = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].flatMap((m) => m[1].split("\n"));
      return [...spans, ...blocks].filter((c) => /^kubectl\b/.test(c.trim())).map((command) => ({ file, command: command.trim() }));
    });
}

/** The namespaces of the sample, as rendered and as the add-ons make them. */
function namespaces(): Set<string> {
  const out = new Set(["argocd", "kube-system", "default"]);
  for (const { object } of objectsOf(tree)) {
    if (object.kind === "Namespace") out.add(object.metadata.name);
    if (object.metadata.namespace) out.add(object.metadata.namespace);
  }
  for (const c of tree.resolved.clusters) for (const a of tree.addOns(c)) out.add(a.namespace);
  return out;
}

/** Whether an object of this kind and name is rendered in the namespace, or made there by a chart. */
function exists(kind: string, namespace: string | undefined, name: string): boolean {
  const here = (o: { metadata: { namespace?: string } }) => namespace === undefined || o.metadata.namespace === undefined || o.metadata.namespace === namespace;
  const rendered = objectsOf(tree).some(
    ({ object }) =>
      here(object) &&
      ((object.kind === kind && object.metadata.name === name) ||
        // A Secret an ExternalSecret makes.
        (kind === "Secret" && object.kind === "ExternalSecret" && ((object.spec as any)?.target?.name ?? object.metadata.name) === name)),
  );
  return rendered || CHART_OBJECTS.some((o) => o.kind === kind && o.name === name && (namespace === undefined || o.namespace === namespace));
}

const literal = (s: string) => !s.includes("<") && !s.includes("$");

describe("runbooks name what basecamp renders", () => {
  const all = commands();
  const known = namespaces();

  test("there are kubectl commands to check", () => {
    expect(all.length).toBeGreaterThan(40);
  });

  test("every literal namespace exists; an app is never a namespace (apps run in their team's)", () => {
    const problems = all.flatMap(({ file, command }) => {
      const ns = /(?:-n|--namespace)[ =](\S+)/.exec(command)?.[1];
      if (!ns) return [];
      if (ns === "<app>") return [`${file}: '${command}' uses the app as a namespace; apps run in their team's (<team>)`];
      return literal(ns) && !known.has(ns) ? [`${file}: '${command}' names namespace ${ns}, which nothing renders`] : [];
    });
    expect(problems).toEqual([]);
  });

  test("every literal object is rendered or made by its pinned chart under that name, and every port-forward hits a port it has", () => {
    const problems: string[] = [];
    for (const { file, command } of all) {
      const ns = /(?:-n|--namespace)[ =](\S+)/.exec(command)?.[1];
      const namespace = ns && literal(ns) ? ns : undefined;
      // kind/name references: deploy/x, svc/x, ...
      for (const m of command.matchAll(/\b(deploy|deployment|svc|service|sts|statefulset|pod)\/([a-z0-9-]+)\b/g)) {
        const kind = KINDS[m[1]];
        if (!exists(kind, namespace, m[2])) problems.push(`${file}: '${command}' names ${kind} ${m[2]}, which neither the tree nor its chart makes`);
        const forward = /port-forward \S+\/\S+ (\d+)/.exec(command);
        const svc = CHART_OBJECTS.find((o) => o.kind === kind && o.name === m[2] && o.ports);
        if (forward && svc && !svc.ports!.includes(Number(forward[1]))) problems.push(`${file}: '${command}' forwards port ${forward[1]}; ${m[2]} serves ${svc.ports!.join(", ")}`);
      }
      // get|describe|annotate <kind> <name>, and logs <pod>.
      const verb = /kubectl(?: --context \S+)?(?: -n \S+)? (?:get|describe|annotate) ([a-z]+) ([a-z0-9-]+)(?:\s|$)/.exec(command);
      if (verb && KINDS[verb[1]] && !exists(KINDS[verb[1]], namespace, verb[2]) && !/^(cluster|repo)-/.test(verb[2])) {
        problems.push(`${file}: '${command}' names ${KINDS[verb[1]]} ${verb[2]}, which nothing renders`);
      }
      const logs = /\blogs ([a-z0-9-]+)(?:\s|$)/.exec(command);
      if (logs && !exists("Pod", namespace, logs[1])) problems.push(`${file}: '${command}' reads the logs of pod ${logs[1]}, which no chart names so`);
    }
    expect(problems).toEqual([]);
  });

  test("the dashboards and panels a runbook points at exist in Grafana's basecamp folder", () => {
    const boards = dashboards(slos(tree.resolved));
    const problems: string[] = [];
    for (const file of fs.readdirSync(RUNBOOKS).filter((f) => f.endsWith(".md"))) {
      const text = fs.readFileSync(path.join(RUNBOOKS, file), "utf8");
      for (const m of text.matchAll(/\*\*basecamp \/ ([^*]+)\*\*/g)) if (!boards.some((d) => d.title === m[1])) problems.push(`${file}: dashboard '${m[1]}' does not exist`);
      for (const m of text.matchAll(/panel "([^"]+)"/g)) if (!boards.some((d) => d.panels.some((p) => p.title === m[1]))) problems.push(`${file}: panel '${m[1]}' does not exist`);
    }
    expect(problems).toEqual([]);
    expect(boards.map((d) => d.title)).toEqual(expect.arrayContaining(["SLOs and error budgets", "Platform", "Cost"]));
  });

  test("the checks are real: a wrong chart name, a wrong port and an app as namespace would each be caught", () => {
    expect(exists("Deployment", "argocd", "argo-cd-repo-server")).toBe(false);
    expect(exists("Deployment", "argocd", "argo-cd-argocd-repo-server")).toBe(true);
    expect(CHART_OBJECTS.find((o) => o.name === "opencost")!.ports).not.toContain(9090);
    expect(known.has("triage")).toBe(false);
  });
});

describe("runbooks are complete", () => {
  const files = fs.readdirSync(RUNBOOKS).filter((f) => f.endsWith(".md"));

  test("each has symptoms, diagnosis, remediation, verification and escalation, in that order (the postmortem template aside)", () => {
    const sections = ["Symptoms", "Diagnosis", "Remediation", "Verification", "Escalation"];
    const problems = files
      .filter((f) => f !== "postmortem-template.md")
      .flatMap((file) => {
        const headings = [...fs.readFileSync(path.join(RUNBOOKS, file), "utf8").matchAll(/^## (\w+)/gm)].map((m) => m[1]);
        return JSON.stringify(headings.filter((h) => sections.includes(h))) === JSON.stringify(sections) ? [] : [`${file}: ${headings.join(", ")}`];
      });
    expect(problems).toEqual([]);
  });

  test("the operations and drills a platform is run by each have one", () => {
    const required = [
      "bootstrap-hub", "add-a-cluster", "add-a-team", "add-an-app", "argocd-recovery", "argocd-app-out-of-sync", "pending-pods",
      "service-without-endpoints", "gateway-503", "dns-failure", "secret-rotation", "policy-violation",
      "dr-cloud-lost", "dr-hub-lost", "dr-database-lost", "cost-emergency", "postmortem-template",
    ];
    expect(required.filter((r) => !files.includes(`${r}.md`))).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(12);
  });
});

