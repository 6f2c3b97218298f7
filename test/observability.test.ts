import { ApiObject, type App } from "cdk8s";
import { execFile, spawnSync, type SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ALERT_AREAS, RUNBOOKS } from "../constructs/observability/platform-alerts";
import { PLATFORM_TEST_INTERVALS } from "../constructs/observability/platform-alert-tests";
import { CLOUDS } from "../lib/cost/prices";
import { MACHINE_TYPES } from "../lib/model/node-sizes";
import { leValue } from "../constructs/observability/rules";
import { latencySlo, sloRuleGroup } from "../constructs/observability/slo";
import { RESOLVE, sloTests } from "../constructs/observability/rule-tests";
import { RenderedChart } from "../constructs/k8s/rendered-chart";
import type { Capability } from "../lib/capability";
import { costLabels } from "../lib/checks/cost-labels";
import { prometheusFits } from "../lib/checks/prometheus-fits";
import { objectsOf } from "../lib/checks/finding";
import { RULE_TESTS_DIR } from "../lib/layout";
import { PLAIN_STYLE, toYaml } from "../lib/pipeline/yaml";
import { describeWith } from "./helpers/skip";
import { sampleTree } from "./helpers/platform";
import { sampleStacks } from "./helpers/stacks";
import { ROOT, SHIPPED, tempDir } from "./helpers/tree";

// A second team, paged in Slack only, so routing by team shows.
const tree = sampleTree((p) => p.teams.push({ name: "payments", owners: ["payments@acme.example"], quota: { cpu: "2", memory: "4Gi", pods: 20 }, alerts: { slack: "#payments" } }));
const all = objectsOf(tree).map((x) => ({ ...x, o: x.object as any }));
const of = (cluster: string, kind: string) => all.filter((x) => x.chart.cluster === cluster && x.o.kind === kind).map((x) => x.o);
const one = (cluster: string, kind: string, name: string) => {
  const o = of(cluster, kind).find((x) => x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} on ${cluster}`);
  return o;
};
const values = (cluster: string, addOn: string) => parse(tree.gitops.content(`clusters/${cluster}/values/${addOn}.yaml`));
const HUB = "aws-a";
const SPOKES = ["gcp-b", "azure-c", "home-d"];
const hubZone = tree.resolved.hub.zone;

describe("signals: every cluster observed from the hub", () => {
  test("every series carries cluster, provider, region and environment: at scrape, and on the way out", () => {
    for (const c of tree.resolved.clusters) {
      const spec = values(c.name, "kube-prometheus-stack").prometheus.prometheusSpec;
      const expected = { cluster: c.name, provider: c.provider, region: c.spec.region, environment: "production" };
      expect(spec.externalLabels).toEqual(expected);
      // External labels only reach what leaves Prometheus; the hub's rules read the hub's own series by cluster too.
      expect(spec.scrapeClasses).toEqual([{ name: "cluster-labels", default: true, relabelings: expect.any(Array) }]);
      const relabelled = Object.fromEntries(spec.scrapeClasses[0].relabelings.map((r: any) => [r.targetLabel, r.action === "replace" && !r.sourceLabels ? r.replacement : "?"]));
      expect(relabelled).toEqual(expected);
    }
  });

  test("spokes remote-write to the hub's ingest name with their own token; the hub receives, keeps 30 days, alerts and shows", () => {
    const hub = values(HUB, "kube-prometheus-stack");
    expect(hub.prometheus.prometheusSpec).toMatchObject({ enableRemoteWriteReceiver: true, remoteWrite: [], retention: "30d" });
    expect(hub.alertmanager.enabled).toBe(true);
    expect(hub.grafana).toMatchObject({ enabled: true, admin: { existingSecret: "grafana-admin" } });
    // The mixin's rules on the hub, which holds every cluster's series, without what basecamp renders itself and
    // the groups of components nobody scrapes; none on the spokes (no Alertmanager there).
    expect(hub.defaultRules).toEqual({
      create: true,
      rules: { etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false, windows: false },
      disabled: { Watchdog: true, KubePodCrashLooping: true, InfoInhibitor: true },
    });
    for (const c of [HUB, ...SPOKES]) {
      const v = values(c, "kube-prometheus-stack");
      expect([v.kubeEtcd, v.kubeControllerManager, v.kubeScheduler, v.kubeProxy]).toEqual([{ enabled: false }, { enabled: false }, { enabled: false }, { enabled: false }]);
      if (c !== HUB) expect(v.defaultRules).toEqual({ create: false });
    }
    expect(values("gcp-b", "kube-prometheus-stack").coreDns).toEqual({ enabled: false });
    for (const name of SPOKES) {
      const spoke = values(name, "kube-prometheus-stack");
      expect(spoke.prometheus.prometheusSpec).toMatchObject({ enableRemoteWriteReceiver: false, retention: "2d" });
      expect(spoke.prometheus.prometheusSpec.remoteWrite).toEqual([
        expect.objectContaining({ url: `https://ingest.${hubZone}/api/v1/write`, authorization: { type: "Bearer", credentials: { name: "ingest-token", key: "token" } } }),
      ]);
      expect(spoke.alertmanager.enabled).toBe(false);
      expect(spoke.grafana.enabled).toBe(false);
    }
    // The hub's Prometheus holds every cluster's series: its memory grows with the spokes.
    const mem = (v: any) => parseInt(v.prometheus.prometheusSpec.resources.requests.memory, 10);
    expect(mem(hub)).toBe(mem(values("gcp-b", "kube-prometheus-stack")) * (1 + SPOKES.length));
  });

  test("a collector on every node; Loki and Tempo on the hub only", () => {
    for (const c of tree.resolved.clusters) {
      const names = tree.addOns(c).map((a) => a.name);
      expect(names).toEqual(expect.arrayContaining(["kube-prometheus-stack", "opentelemetry-collector", "opencost"]));
      expect(names.includes("loki") && names.includes("tempo")).toBe(c.isHub);
    }
    const hub = values(HUB, "opentelemetry-collector");
    expect(hub.mode).toBe("daemonset");
    expect(hub.presets.logsCollection.enabled).toBe(true);
    expect(Object.values<any>(hub.config.exporters).filter(Boolean).map((e) => e.endpoint).sort()).toEqual(["http://loki-gateway.logging.svc/otlp", "tempo.tracing.svc:4317"]);
    expect(hub.extraEnvs).toBeUndefined();
    const spoke = values("azure-c", "opentelemetry-collector");
    expect(spoke.extraEnvs).toEqual([{ name: "INGEST_TOKEN", valueFrom: { secretKeyRef: { name: "ingest-token", key: "token" } } }]);
    const exporters = Object.values<any>(spoke.config.exporters).filter(Boolean);
    expect(exporters.map((e) => e.traces_endpoint ?? e.logs_endpoint).sort()).toEqual([`https://ingest.${hubZone}/otlp/v1/logs`, `https://ingest.${hubZone}/v1/traces`]);
    for (const e of exporters) expect(e.headers).toEqual({ Authorization: "Bearer ${env:INGEST_TOKEN}" });
    // Every span and log line names its cluster.
    expect(spoke.config.processors["resource/cluster"].attributes).toContainEqual({ key: "k8s.cluster.name", value: "azure-c", action: "upsert" });
    for (const p of Object.values<any>(spoke.config.service.pipelines).filter(Boolean)) expect(p.processors).toContain("resource/cluster");
  });

  test("what the rules read is scraped: Argo CD's application metrics, OpenCost at our prices (cert-manager's below)", () => {
    expect(values(HUB, "argo-cd").controller.metrics).toEqual({ enabled: true, serviceMonitor: { enabled: true } });
    expect(values("home-d", "argo-cd").controller.metrics.serviceMonitor.enabled).toBe(true);
    for (const c of [HUB, ...SPOKES]) {
      const opencost = values(c, "opencost").opencost;
      // Without it OpenCost on a cloud node prices with the cloud's downloaded list, not ours.
      expect(opencost.exporter.extraEnv).toEqual({ USE_CUSTOM_PROVIDER: "true" });
      expect(opencost.customPricing).toMatchObject({ enabled: true, provider: "custom" });
      expect(opencost.metrics.serviceMonitor.enabled).toBe(true);
    }
  });

  test("the charts that leave their security contexts empty get ones their restricted namespaces admit", () => {
    const restricted = (pod: any, container: any) => {
      expect(pod).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(pod.runAsUser).toBeGreaterThan(0);
      expect(container).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    };
    const tempo = values(HUB, "tempo");
    restricted(tempo.securityContext, tempo.tempo.securityContext);
    const opencost = values("gcp-b", "opencost");
    restricted(opencost.podSecurityContext, opencost.opencost.exporter.securityContext);
    expect(tree.addOns(tree.resolved.clusters[0]).filter((a) => ["tempo", "opencost"].includes(a.name)).map((a) => a.podSecurity)).toEqual(["restricted", "restricted"]);
    // OTLP only: the chart's Jaeger receivers are removed.
    expect(tempo.tempo.receivers.jaeger).toBeNull();
  });

  test("triage is trace-ready: OTLP to the node's collector, a service name, and a network path to it", () => {
    const deployments = of("gcp-b", "Deployment").filter((d) => d.metadata.namespace === "oncall");
    expect(deployments.length).toBeGreaterThan(0);
    for (const d of deployments) {
      const env = Object.fromEntries(d.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe("http://opentelemetry-collector.opentelemetry.svc:4318");
      expect(env.OTEL_SERVICE_NAME).toMatch(/^triage/);
      expect(env.OTEL_RESOURCE_ATTRIBUTES).toContain("k8s.cluster.name=gcp-b");
    }
    const allow = one("gcp-b", "NetworkPolicy", "allow-telemetry");
    expect(allow.metadata.namespace).toBe("oncall");
    expect(JSON.stringify(allow.spec.egress)).toContain('"kubernetes.io/metadata.name":"opentelemetry"');
    expect(allow.spec.policyTypes).toEqual(["Egress"]);
    expect(allow.spec.egress[0].ports.map((p: any) => p.port)).toEqual([4317, 4318]);
    // Prometheus scrapes the app from monitoring.
    expect(JSON.stringify(one("gcp-b", "NetworkPolicy", "allow-from-platform").spec.ingress)).toContain('"kubernetes.io/metadata.name":"monitoring"');
  });

  test("the apps' metrics and the Gateway's proxies are scraped on every cluster, labelled with app and team", () => {
    for (const name of [HUB, ...SPOKES]) {
      const monitor = one(name, "PodMonitor", "triage");
      expect(monitor.metadata.namespace).toBe("oncall");
      expect(monitor.spec.selector.matchLabels).toEqual({ "basecamp.dev/app": "triage" });
      expect(monitor.spec.podMetricsEndpoints[0].relabelings.map((r: any) => r.targetLabel)).toEqual(["app", "team", "component"]);
      expect(one(name, "PodMonitor", "envoy-proxies").metadata.namespace).toBe("envoy-gateway-system");
    }
  });
});

describe("ingest: the hub accepts the spokes' tokens and nothing else", () => {
  test("each spoke reads its token from its own backend, into the namespaces that send", () => {
    for (const name of SPOKES) {
      const secrets = of(name, "ExternalSecret").filter((e) => e.metadata.name === "ingest-token");
      expect(secrets.map((e) => e.metadata.namespace).sort()).toEqual(["monitoring", "opentelemetry"]);
      for (const e of secrets) expect(e.spec.data).toEqual([{ secretKey: "token", remoteRef: expect.objectContaining({ property: "token" }) }]);
    }
    expect(of(HUB, "ExternalSecret").filter((e) => e.metadata.name === "ingest-token")).toEqual([]);
  });

  test("the hub's route needs a token of a spoke (Envoy Gateway API key auth), which it reads from its registry", () => {
    const clients = one(HUB, "ExternalSecret", "ingest-clients");
    expect(clients.spec.secretStoreRef).toEqual({ kind: "ClusterSecretStore", name: "hub-registry" });
    expect(clients.spec.data.map((d: any) => [d.secretKey, d.remoteRef.key])).toEqual(SPOKES.map((s) => [s, `acme/${s}/ingest-token`]));
    const route = one(HUB, "HTTPRoute", "ingest");
    expect(route.spec.hostnames).toEqual([`ingest.${hubZone}`]);
    expect(route.spec.rules.map((r: any) => [r.matches[0].path.value, r.backendRefs[0].name])).toEqual([
      ["/api/v1/write", "kube-prometheus-stack-prometheus"],
      ["/otlp/v1/logs", "loki-gateway"],
      ["/v1/traces", "tempo"],
    ]);
    // Fields as Envoy Gateway v1.9's SecurityPolicy (apiKeyAuth) defines them; the shared catalog has no schema for it.
    // Envoy's api_key_auth strips a "Bearer " prefix, so the collectors' and Prometheus' Authorization header carries the key.
    const policy = one(HUB, "SecurityPolicy", "ingest");
    expect(policy.apiVersion).toBe("gateway.envoyproxy.io/v1alpha1");
    expect(policy.metadata.namespace).toBe(route.metadata.namespace);
    expect(policy.spec).toEqual({
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "ingest" }],
      apiKeyAuth: {
        credentialRefs: [{ group: "", kind: "Secret", name: "ingest-clients" }],
        extractFrom: [{ headers: ["authorization"] }],
        forwardClientIDHeader: "x-basecamp-cluster",
        sanitize: true,
      },
    });
    // Loki and Tempo live in their own namespaces: each grants the route, and only the route, its Service.
    for (const [ns, service] of [["logging", "loki-gateway"], ["tracing", "tempo"]]) {
      const grant = all.find((x) => x.chart.cluster === HUB && x.o.kind === "ReferenceGrant" && x.o.metadata.namespace === ns)!.o;
      expect(grant.spec).toEqual({ from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "monitoring" }], to: [{ group: "", kind: "Service", name: service }] });
    }
  });

  test("the token is made at apply and sent write-only: no stack's JSON holds it, and only spokes make one", () => {
    const stacks = sampleStacks();
    for (const [name, json] of Object.entries<any>(stacks)) {
      const refs: string[] = [];
      const walk = (v: any, at: string) => {
        if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
        else if (typeof v === "string" && v.includes("local.ingest_token")) refs.push(at);
      };
      walk(json.resource ?? {}, "resource");
      walk(json.output ?? {}, "output");
      if (!SPOKES.includes(name)) {
        expect({ name, refs }).toEqual({ name, refs: [] });
        continue;
      }
      expect(json.locals.ingest_token).toBe('${jsonencode({"token" = uuid()})}');
      // Its own backend and the hub's registry; every use is a write-only argument, sent once (a fixed version).
      expect(refs.length).toBe(2);
      for (const r of refs) {
        expect(r).toMatch(/_wo$/);
        const resource = r.split(".").slice(0, -1).reduce((o: any, k) => o[k], json);
        expect(resource[`${r.split(".").pop()}_version`]).toBe(1);
      }
    }
  });
});

/** The areas of platform alerts the sample has: all but the managed databases (it has no app database). */
const SAMPLE_AREAS = ALERT_AREAS.filter((a) => a !== "managed-databases");

/** The platform's alerts: the rules of every `platform-<area>` PrometheusRule, each of one group. */
function platformRules(objects: readonly any[]): any[] {
  const platform = objects.filter((o) => o.kind === "PrometheusRule" && o.metadata.name.startsWith("platform-"));
  for (const o of platform) expect({ name: o.metadata.name, groups: o.spec.groups.map((g: any) => g.name) }).toEqual({ name: o.metadata.name, groups: [o.metadata.name] });
  return platform.flatMap((o) => o.spec.groups[0].rules);
}

describe("SLOs become recording rules and burn-rate alerts", () => {
  const rules = of(HUB, "PrometheusRule");
  const byName = (n: string) => rules.find((r) => r.metadata.name === n)!;

  test("one PrometheusRule per SLO (triage's availability and latency, the platform's sync) and per area of the platform's alerts, on the hub only", () => {
    // The sample has no app database, so no managed database to alert on.
    expect(rules.map((r) => r.metadata.name).sort()).toEqual([...SAMPLE_AREAS.map((a) => `platform-${a}`), "slo-platform-sync", "slo-triage-availability", "slo-triage-latency"].sort());
    // A spoke evaluates its heartbeat only; the hub evaluates everything else.
    for (const name of SPOKES) expect(of(name, "PrometheusRule").map((r) => r.metadata.name)).toEqual(["heartbeat"]);
  });

  test("the deliberate factor set: 14.4x over 1h/5m and 6x over 6h/30m page; 3x over 1d/2h and 1x over 3d/6h open a ticket", () => {
    const group = byName("slo-triage-availability").spec.groups[0];
    const alert = (name: string) => group.rules.find((r: any) => r.alert === name);
    // 99.9%: a budget of 0.001 of requests.
    expect(alert("SLOBudgetBurnPage").expr).toBe(
      '(slo:error_ratio:rate1h{slo="triage-availability"} > 0.0144 and slo:error_ratio:rate5m{slo="triage-availability"} > 0.0144) or ' +
        '(slo:error_ratio:rate6h{slo="triage-availability"} > 0.006 and slo:error_ratio:rate30m{slo="triage-availability"} > 0.006)',
    );
    expect(alert("SLOBudgetBurnTicket").expr).toBe(
      '(slo:error_ratio:rate1d{slo="triage-availability"} > 0.003 and slo:error_ratio:rate2h{slo="triage-availability"} > 0.003) or ' +
        '(slo:error_ratio:rate3d{slo="triage-availability"} > 0.001 and slo:error_ratio:rate6h{slo="triage-availability"} > 0.001)',
    );
    expect(alert("SLOBudgetBurnPage").labels).toEqual({ severity: "page", slo: "triage-availability", team: "oncall", app: "triage", cluster: "all" });
    const records = group.rules.filter((r: any) => r.record).map((r: any) => r.record);
    expect(records).toEqual([...["5m", "30m", "1h", "2h", "6h", "1d", "3d"].map((r) => `slo:error_ratio:rate${r}`), "slo:bad_events:rate5m", "slo:events:rate5m", "slo:error_ratio:rate30d"]);
    const expr = (record: string) => group.rules.find((r: any) => r.record === record).expr;
    // No 5xx series before the first 5xx: counted as none, so the ratio is 0 from the first request.
    expect(expr("slo:error_ratio:rate5m")).toBe('(sum(rate(http_requests_total{app="triage",component="triage",code=~"5.."}[5m])) or vector(0)) / sum(rate(http_requests_total{app="triage",component="triage"}[5m]))');
    // The window from events, not from averaged ratios.
    expect(expr("slo:error_ratio:rate30d")).toBe('sum_over_time(slo:bad_events:rate5m{slo="triage-availability"}[30d]) / sum_over_time(slo:events:rate5m{slo="triage-availability"}[30d])');
    expect(alert("SLIMissing")).toMatchObject({ expr: 'absent(slo:error_ratio:rate5m{slo="triage-availability"})', for: "15m", labels: { severity: "ticket", slo: "triage-availability" } });
  });

  test("latency counts requests slower than the threshold from the histogram's bucket; the sync SLO reads Argo CD's metric", () => {
    const latency = byName("slo-triage-latency").spec.groups[0].rules.find((r: any) => r.record === "slo:error_ratio:rate1h").expr;
    expect(latency).toBe(
      '(sum(rate(http_request_duration_seconds_count{app="triage",component="triage"}[1h])) - (sum(rate(http_request_duration_seconds_bucket{app="triage",component="triage",le="0.25"}[1h])) or vector(0))) / sum(rate(http_request_duration_seconds_count{app="triage",component="triage"}[1h]))',
    );
    // le as Prometheus 3 stores it: Go's shortest float, with .0 on whole numbers.
    expect([1, 0.25, 10, 0.00005, 2.5, 1e6].map(leValue)).toEqual(["1.0", "0.25", "10.0", "5e-05", "2.5", "1e+06"]);
    const sync = byName("slo-platform-sync").spec.groups;
    expect(sync[0].rules[0].expr).toContain('argocd_app_info{sync_status="OutOfSync"}');
    // 99%: a budget of 0.01.
    expect(sync[1].rules.find((r: any) => r.alert === "SLOBudgetBurnPage").expr).toContain("> 0.144");
  });

  test("the promtool fixtures beside the tree test exactly the rules the hub runs", () => {
    for (const r of rules) {
      const file = parse(tree.gitops.content(`${RULE_TESTS_DIR}/${r.metadata.name}.rules.yaml`));
      expect(file).toEqual({ groups: r.spec.groups });
    }
    const tests = tree.gitops.paths().filter((p) => p.startsWith(`${RULE_TESTS_DIR}/`) && p.endsWith(".test.yaml"));
    // Each group's tests load that group's rules alone; the cases over a day are in a file of their own.
    expect(tests.sort()).toEqual([...SAMPLE_AREAS.map((a) => `platform-${a}`), "platform-clusters-daily", "slo-platform-sync", "slo-triage-availability", "slo-triage-latency"].map((n) => `${RULE_TESTS_DIR}/${n}.test.yaml`).sort());
    for (const t of tests.filter((x) => x.includes("/platform-"))) {
      expect(parse(tree.gitops.content(t)).rule_files).toEqual([`${path.basename(t).replace(/(-daily)?\.test\.yaml$/, "")}.rules.yaml`]);
    }
  });
});

describe("platform alerts", () => {
  const group = { rules: platformRules(of(HUB, "PrometheusRule")) };
  const sloAlerts = of(HUB, "PrometheusRule").flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules)).filter((r: any) => r.alert);

  test("at least eight distinct alerts, each with a severity, summary, description and runbook", () => {
    const names = new Set(sloAlerts.map((r: any) => r.alert));
    expect(names.size).toBeGreaterThanOrEqual(8);
    expect([...names].sort()).toEqual(
      expect.arrayContaining(["ArgoCDAppDegraded", "ArgoCDAppOutOfSync", "ClusterUnreachable", "NodeNotReady", "PodCrashLooping", "VolumeFilling", "CertificateExpiring", "BudgetBurn", "IngressErrors"]),
    );
    for (const r of sloAlerts) {
      expect({ alert: r.alert, severity: ["Watchdog", "InfoInhibitor"].includes(r.alert) ? r.labels.severity === "none" : ["page", "ticket"].includes(r.labels.severity) }).toEqual({ alert: r.alert, severity: true });
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description.length).toBeGreaterThan(r.annotations.summary.length);
      expect(r.annotations.runbook_url).toMatch(/^https:\/\/git\.example\/acme\/platform\/blob\/main\/runbooks\/[a-z0-9-]+\.md$/);
    }
  });

  test("every runbook_url points at a file in runbooks/ that says what to look at and what to do", () => {
    const files = new Set(sloAlerts.map((r: any) => r.annotations.runbook_url.split("/runbooks/")[1]));
    expect(files.size).toBeGreaterThanOrEqual(8);
    // Every runbook an alert can name, rendered here or only where it applies (databases, backups).
    for (const f of new Set(Object.values(RUNBOOKS))) {
      const file = path.join(ROOT, "runbooks", f as string);
      expect({ f, exists: fs.existsSync(file) }).toEqual({ f, exists: true });
      const text = fs.readFileSync(file, "utf8");
      // What to look at and what to do: numbered steps from Diagnosis to Verification.
      const todo = /^## Diagnosis$([\s\S]*)^## Verification$/m.exec(text)?.[1];
      expect({ f, steps: (todo ?? "").split("\n").filter((l) => /^\d+\. /.test(l)).length >= 3 }).toEqual({ f, steps: true });
    }
    for (const f of files) expect(Object.values(RUNBOOKS)).toContain(f);
  });

  test("cluster-level alerts name their cluster: budgets from the description, unreachable for every spoke and not the hub", () => {
    const per = (name: string) => group.rules.filter((r: any) => r.alert === name).map((r: any) => r.labels.cluster);
    expect(per("ClusterUnreachable")).toEqual(SPOKES);
    expect(per("BudgetBurn")).toEqual([HUB, ...SPOKES]);
    const budget = group.rules.find((r: any) => r.alert === "BudgetBurn" && r.labels.cluster === "gcp-b");
    expect(budget.expr).toBe('sum by (cluster) (node_total_hourly_cost{cluster="gcp-b"}) * 730 > 1000');
  });

  test("the hub's node size fits its Prometheus (a gigabyte per cluster, twice over): a small node is flagged, naming the field", () => {
    expect(prometheusFits.run(tree)).toEqual([]);
    const small = sampleTree((p) => (p.clusters.find((c: any) => c.name === HUB).nodes = { system: { count: 2, size: "small" }, workload: { min: 2, max: 4, size: "small" } }));
    expect(prometheusFits.run(small)).toEqual([
      { severity: "warning", where: `${HUB}/values/kube-prometheus-stack.yaml`, source: "clusters[0].nodes.workload.size", message: "Prometheus may take 8Gi, more than a small node's 8 GB leaves for pods (6 GB): choose a larger size" },
    ]);
  });

  test("a spoke is unreachable when its own heartbeat stops arriving, and a drained one opens a ticket, not a page", () => {
    const unreachable = group.rules.find((r: any) => r.alert === "ClusterUnreachable" && r.labels.cluster === "gcp-b");
    expect(unreachable.expr).toBe('absent_over_time(basecamp:heartbeat{cluster="gcp-b"}[10m])');
    for (const c of SPOKES) {
      const heartbeat = one(c, "PrometheusRule", "heartbeat");
      expect(heartbeat.spec.groups[0].rules).toEqual([{ record: "basecamp:heartbeat", expr: "vector(1)" }]);
    }
    expect(of(HUB, "PrometheusRule").some((r) => r.metadata.name === "heartbeat")).toBe(false);
    const drained = sampleTree((p) => (p.clusters.find((c: any) => c.name === "azure-c").traffic = "drain"));
    const rules = platformRules(objectsOf(drained).map((x) => x.object));
    const severity = (c: string) => rules.find((r: any) => r.alert === "ClusterUnreachable" && r.labels.cluster === c).labels.severity;
    expect([severity("gcp-b"), severity("azure-c")]).toEqual(["page", "ticket"]);
  });

  test("managed databases are read into Prometheus by an exporter with a read-only identity of their cloud, and alerted on per instance", () => {
    const withDb = sampleTree((p) => (p.apps[0].database = {}));
    const gcpStack = withDb.stacks.find((s) => s.name === "gcp-b")!.json.resource;
    const account = gcpStack.google_service_account.stackdriver_exporter_account;
    expect(Object.values<any>(gcpStack.google_project_iam_member).find((m) => m.role === "roles/monitoring.viewer").member).toBe("serviceAccount:${google_service_account.stackdriver_exporter_account.email}");
    const sd = parse(withDb.gitops.content("clusters/gcp-b/values/stackdriver-exporter.yaml"));
    expect(sd.serviceAccount.annotations["iam.gke.io/gcp-service-account"]).toBe(`${account.account_id}@acme-prod-1.iam.gserviceaccount.com`);
    expect(sd.stackdriver).toMatchObject({ projectId: "acme-prod-1", metrics: { typePrefixes: "cloudsql.googleapis.com/database/" } });
    const cw = parse(withDb.gitops.content("clusters/aws-a/values/cloudwatch-exporter.yaml"));
    expect(parse(cw.config).discovery.jobs[0]).toMatchObject({ type: "AWS/RDS", regions: ["eu-west-1"] });
    // Azure: a managed identity federated with the exporter's service account, reading monitoring data of the cluster's resource group.
    const azJson = withDb.stacks.find((s) => s.name === "azure-c")!.json;
    const azStack = azJson.resource;
    const azSubscription = azJson.provider.azurerm[0].subscription_id;
    const identity = azStack.azurerm_user_assigned_identity.azure_metrics_exporter_identity;
    expect(Object.values<any>(azStack.azurerm_federated_identity_credential).filter((f) => f.parent_id === "${azurerm_user_assigned_identity.azure_metrics_exporter_identity.id}").map((f) => f.subject)).toEqual([
      "system:serviceaccount:azure-metrics-exporter:azure-metrics-exporter",
    ]);
    expect(identity.resource_group_name).toBe("${azurerm_kubernetes_cluster.cluster.resource_group_name}");
    expect(azStack.azurerm_role_assignment.azure_metrics_exporter_reader).toMatchObject({
      role_definition_name: "Monitoring Reader",
      scope: `/subscriptions/${azSubscription}/resourceGroups/rg-azure-c`,
      principal_id: "${azurerm_user_assigned_identity.azure_metrics_exporter_identity.principal_id}",
    });
    const server = azStack.azurerm_postgresql_flexible_server.database_triage;
    const az = parse(withDb.gitops.content("clusters/azure-c/values/azure-metrics-exporter.yaml"));
    const probe = az.prometheus.metricProbes.probes[0];
    // The probe names the server Terraform creates, by the id Azure gives it.
    expect(probe.params.target).toEqual([`/subscriptions/${azSubscription}/resourceGroups/rg-azure-c/providers/Microsoft.DBforPostgreSQL/flexibleServers/${server.name}`]);
    expect(probe).toMatchObject({ path: "/probe/metrics/resource", params: { subscription: [azSubscription], name: ["azure_postgresql"], interval: ["PT5M"] } });
    // Backup storage in a request of its own: Azure fits one grain to every metric of a request.
    expect(az.prometheus.metricProbes.probes.map((x: any) => [x.name, x.params.metric.includes("backup_storage_used"), x.params.interval[0]])).toEqual([
      ["postgresql", false, "PT5M"],
      ["postgresql-backups", true, "PT1H"],
    ]);
    expect(az.podLabels).toEqual({ "azure.workload.identity/use": "true" });
    // Its client id comes from the registration, as External Secrets' does.
    const secret = objectsOf(withDb).find((x) => x.object.kind === "ExternalSecret" && x.object.metadata.name === "cluster-azure-c")!.object as any;
    expect(secret.spec.target.template.templateFrom[0].literal).toContain(`basecamp.dev/identity-azure-metrics-exporter: '{{ index (.identities | fromJson) "azure-metrics-exporter" }}'`);
    // Without a database, no exporter and no identity.
    expect(tree.gitops.paths().some((f) => /\/(cloudwatch|stackdriver|azure-metrics)-exporter\.yaml$/.test(f))).toBe(false);
    expect(tree.stacks.find((s) => s.name === "azure-c")!.json.resource.azurerm_role_assignment.azure_metrics_exporter_reader).toBeUndefined();
    const rules = platformRules(objectsOf(withDb).map((x) => x.object));
    const exprs = (alert: string) => rules.filter((r: any) => r.alert === alert).map((r: any) => `${r.labels.cluster} ${r.expr}`);
    expect(exprs("ManagedDatabaseStorageLow")).toEqual([
      'aws-a min(aws_rds_free_storage_space_minimum{cluster="aws-a",dimension_DBInstanceIdentifier="aws-a-triage"}) < 2147483648',
      'gcp-b max(stackdriver_cloudsql_database_cloudsql_googleapis_com_database_disk_utilization{cluster="gcp-b",database_id="acme-prod-1:gcp-b-triage"}) > 0.9',
      `azure-c max(azure_postgresql{cluster="azure-c",resourceName="${server.name}",metric="storage_percent",aggregation="maximum"}) / 100 > 0.9`,
    ]);
    // Connections against the size's default max_connections (small): 80% of it.
    expect(exprs("ManagedDatabaseConnectionsHigh").map((e: string) => e.split(" > ")[1])).toEqual(["360", "320", "687.2"]);
    // What each cloud publishes: WAL size on RDS and Azure, the standby on Cloud SQL (HA), backup storage on Azure.
    expect(exprs("ManagedDatabaseWALPilingUp").map((e: string) => e.split(" ")[0])).toEqual(["aws-a", "azure-c"]);
    expect(exprs("ManagedDatabaseBackupsMissing").map((e: string) => e.split(" ")[0])).toEqual(["azure-c"]);
    expect(exprs("ManagedDatabaseMetricsMissing")).toHaveLength(3);
  });

  test("the platform's dependencies are scraped from the platform folder, each label as its exporter means it", () => {
    for (const c of [HUB, ...SPOKES]) {
      const monitors = Object.fromEntries(of(c, "PodMonitor").map((m) => [`${m.metadata.namespace}/${m.metadata.name}`, m.spec.podMetricsEndpoints[0]]));
      expect(monitors["kyverno/kyverno"]).toMatchObject({ port: "metrics-port" });
      // These exporters name the object's own namespace: honoured, or Prometheus would rename it exported_namespace.
      expect(monitors["external-secrets/external-secrets"]).toMatchObject({ port: "metrics", honorLabels: true });
      expect(monitors["cert-manager/cert-manager"]).toMatchObject({ port: "http-metrics", honorLabels: true });
      // The charts' own monitors would sync before the monitoring CRDs exist.
      expect(values(c, "cert-manager").prometheus).toEqual({ enabled: true, servicemonitor: { enabled: false } });
    }
  });
});

const promtoolMissing = spawnSync("promtool", ["--version"]).status === 0 ? undefined : "promtool is not installed (apt-get install prometheus)";

/** The promtool test files of the platform alerts, one or two per area. */
function platformTestFiles(): string[] {
  return tree.gitops.paths().filter((p) => p.startsWith(`${RULE_TESTS_DIR}/platform-`) && p.endsWith(".test.yaml"));
}

describeWith("promtool", promtoolMissing, "the real promtool", () => {
  const dir = tempDir("basecamp-promtool-");
  const promtool = (...args: string[]) => spawnSync("promtool", args, { cwd: dir, encoding: "utf8" });
  /** A promtool test file with only the tests whose names match: the tampering tests need no more than the cases that catch it. */
  const only = (text: string, names: RegExp) => {
    const spec = parse(text);
    return toYaml({ ...spec, tests: spec.tests.filter((t: any) => names.test(t.name)) }, PLAIN_STYLE);
  };
  beforeAll(() => {
    for (const p of tree.gitops.paths().filter((x) => x.startsWith(`${RULE_TESTS_DIR}/`))) fs.writeFileSync(path.join(dir, path.basename(p)), tree.gitops.content(p));
  });

  test("check rules accepts every rendered PrometheusRule", () => {
    const rules = of(HUB, "PrometheusRule");
    expect(rules.length).toBe(SAMPLE_AREAS.length + 3);
    for (const r of rules) {
      const file = path.join(dir, `object-${r.metadata.name}.yaml`);
      fs.writeFileSync(file, toYaml({ groups: r.spec.groups }, PLAIN_STYLE));
      const run = promtool("check", "rules", file);
      expect({ name: r.metadata.name, status: run.status, out: run.status === 0 ? "" : run.stdout + run.stderr }).toEqual({ name: r.metadata.name, status: 0, out: "" });
    }
  });

  test("the hub's alert relabelling is valid Prometheus configuration, and gives each cluster's alerts its place", () => {
    const relabel = values(HUB, "kube-prometheus-stack").prometheus.prometheusSpec.additionalAlertRelabelConfigs;
    fs.writeFileSync(path.join(dir, "prometheus.yml"), toYaml({ alerting: { alert_relabel_configs: relabel } }, PLAIN_STYLE));
    const run = promtool("check", "config", "prometheus.yml");
    expect({ status: run.status, out: run.status === 0 ? "" : run.stdout + run.stderr }).toEqual({ status: 0, out: "" });
    const place = (cluster: string) => Object.fromEntries(relabel.filter((r: any) => r.regex === cluster).map((r: any) => [r.target_label, r.replacement]));
    expect(place("gcp-b")).toEqual({ provider: "gcp", region: "europe-west4" });
    expect(place("home-d")).toMatchObject({ provider: "proxmox" });
    expect(place("all")).toEqual({ provider: "", region: "" });
    expect(values("gcp-b", "kube-prometheus-stack").prometheus.prometheusSpec.additionalAlertRelabelConfigs).toBeUndefined();
    expect(values(HUB, "kube-prometheus-stack").prometheus.prometheusSpec.tsdb).toEqual({ outOfOrderTimeWindow: "2h" });
  });

  test("check rules refuses a broken expression (the check is real)", () => {
    fs.writeFileSync(path.join(dir, "broken.yaml"), toYaml({ groups: [{ name: "x", rules: [{ record: "a:b", expr: "sum(rate(x[5m])" }] }] }, PLAIN_STYLE));
    const run = promtool("check", "rules", "broken.yaml");
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/unclosed|parse error/);
  });

  test("test rules: each burn-rate alert fires on a synthetic outage, stays quiet on healthy series, and the slow burn does not page", async () => {
    const files = ["slo-triage-availability", "slo-triage-latency", "slo-platform-sync"];
    for (const t of files) {
      const spec = parse(fs.readFileSync(path.join(dir, `${t}.test.yaml`), "utf8"));
      const names = spec.tests.map((x: any) => x.name).join("\n");
      expect(names).toMatch(/pages and opens a ticket/);
      expect(names).toMatch(/stays quiet/);
      expect(names).toMatch(/does not page/);
    }
    // The three files at once: each promtool run is one core's work.
    const runs = await Promise.all(
      files.map(
        (t) => new Promise<{ t: string; status: number | null; out: string }>((done) => {
          const child = execFile("promtool", ["test", "rules", `${t}.test.yaml`], { cwd: dir, encoding: "utf8" }, (_e, stdout, stderr) => done({ t, status: child.exitCode, out: child.exitCode === 0 ? "" : stdout + stderr }));
        }),
      ),
    );
    for (const r of runs) expect(r).toEqual({ t: r.t, status: 0, out: "" });
  });

  test("the tests catch a wrong threshold: pages set ten times too high miss the outage, a ticket too low fires on health", () => {
    const rules = fs.readFileSync(path.join(dir, "slo-triage-availability.rules.yaml"), "utf8");
    const tamper = (...swaps: [RegExp, string][]) => {
      const sub = tempDir("basecamp-promtool-tampered-");
      let text = rules;
      for (const [from, to] of swaps) {
        expect(text).toMatch(from);
        text = text.replace(from, to);
      }
      fs.writeFileSync(path.join(sub, "slo-triage-availability.rules.yaml"), text);
      fs.writeFileSync(path.join(sub, "slo-triage-availability.test.yaml"), only(fs.readFileSync(path.join(dir, "slo-triage-availability.test.yaml"), "utf8"), /pages and opens|stays quiet|slow burn/));
      return spawnSync("promtool", ["test", "rules", "slo-triage-availability.test.yaml"], { cwd: sub, encoding: "utf8" });
    };
    const high = tamper([/> 0\.0144\b/g, "> 0.144"], [/> 0\.006\b/g, "> 0.06"]);
    expect(high.status).not.toBe(0);
    expect(high.stdout + high.stderr).toMatch(/alertname: SLOBudgetBurnPage/);
    const low = tamper([/> 0\.001\b/g, "> 0.0001"]);
    expect(low.status).not.toBe(0);
    expect(low.stdout + low.stderr).toMatch(/alertname: SLOBudgetBurnTicket/);
  });

  test("the SLI tests catch each old mistake: a ratio absent before the first 5xx, a window averaged into NaN by an idle spell, no ticket for a vanished SLI", () => {
    const run = (file: string, rules: string) => {
      const sub = tempDir("basecamp-promtool-sli-");
      fs.writeFileSync(path.join(sub, `${file}.rules.yaml`), rules);
      fs.writeFileSync(path.join(sub, `${file}.test.yaml`), only(fs.readFileSync(path.join(dir, `${file}.test.yaml`), "utf8"), /only good events|idle spell|vanishes/));
      const r = spawnSync("promtool", ["test", "rules", `${file}.test.yaml`], { cwd: sub, encoding: "utf8" });
      return { status: r.status, out: r.stdout + r.stderr };
    };
    const rules = fs.readFileSync(path.join(dir, "slo-triage-availability.rules.yaml"), "utf8");
    const swap = (from: string | RegExp, to: string) => {
      expect(rules).toMatch(from);
      return rules.replace(from, to);
    };
    expect(run("slo-triage-availability", rules)).toEqual({ status: 0, out: expect.any(String) });
    // The old ratio: no 5xx series, no ratio.
    const absentBeforeFirstError = run("slo-triage-availability", rules.replaceAll('(sum(rate(http_requests_total{app="triage",component="triage",code=~"5.."}[5m])) or vector(0))', 'sum(rate(http_requests_total{app="triage",component="triage",code=~"5.."}[5m]))'));
    expect(absentBeforeFirstError.status).not.toBe(0);
    expect(absentBeforeFirstError.out).toMatch(/slo:error_ratio:rate5m[\s\S]*time: 30m[\s\S]*got: nil/);
    // The old window: the average of 5-minute ratios, NaN after five idle minutes.
    const averaged = run("slo-triage-availability", swap(/sum_over_time\(slo:bad_events:rate5m\{slo="triage-availability"\}\[30d\]\) \/ sum_over_time\(slo:events:rate5m\{slo="triage-availability"\}\[30d\]\)/, 'avg_over_time(slo:error_ratio:rate5m{slo="triage-availability"}[30d])'));
    expect(averaged.status).not.toBe(0);
    expect(averaged.out).toMatch(/rate30d[\s\S]*time: 4h[\s\S]*got: nil/);
    // No absent() ticket: the vanished SLI goes unnoticed.
    const silent = run("slo-triage-availability", swap(/expr: absent\(slo:error_ratio:rate5m\{slo="triage-availability"\}\)/, "expr: vector(0) == 1"));
    expect(silent.status).not.toBe(0);
    expect(silent.out).toMatch(/alertname: SLIMissing/);
  });

  test("the SLI counts the front door once and leaves out health checks: the tests catch an SLI that counts the API behind it, or the probes", () => {
    const withRoute = sampleTree((p) => (p.apps[0].metrics.route = "handler"));
    const sub = tempDir("basecamp-promtool-scope-");
    fs.writeFileSync(path.join(sub, "slo-triage-availability.rules.yaml"), withRoute.gitops.content(`${RULE_TESTS_DIR}/slo-triage-availability.rules.yaml`));
    fs.writeFileSync(path.join(sub, "slo-triage-availability.test.yaml"), only(withRoute.gitops.content(`${RULE_TESTS_DIR}/slo-triage-availability.test.yaml`), /stays quiet|pages and opens/));
    const rules = fs.readFileSync(path.join(sub, "slo-triage-availability.rules.yaml"), "utf8");
    // The sample's app has one component, so its front door is the app's workload itself.
    expect(rules).toContain('http_requests_total{app="triage",component="triage",handler!~"/healthz|/readyz",code=~"5.."}');
    const run = () => spawnSync("promtool", ["test", "rules", "slo-triage-availability.test.yaml"], { cwd: sub, encoding: "utf8" });
    expect(run().status).toBe(0);
    fs.writeFileSync(path.join(sub, "slo-triage-availability.rules.yaml"), rules.replaceAll('component="triage",', ""));
    expect(run().status).not.toBe(0);
    fs.writeFileSync(path.join(sub, "slo-triage-availability.rules.yaml"), rules.replaceAll(',handler!~"/healthz|/readyz"', ""));
    expect(run().status).not.toBe(0);
  });

  test("the runbook's resolve times are the ones promtool shows", () => {
    const runbook = fs.readFileSync(path.join(ROOT, "runbooks", "slo-budget-burn.md"), "utf8").replace(/\s+/g, " ");
    expect(runbook).toContain(`After an outage of an hour (only the 1h/5m pair fired) it is gone within ${RESOLVE.short.quietAt} minutes of recovery`);
    expect(runbook).toContain(`it stays about ${RESOLVE.long.firingAt} minutes and is gone within ${RESOLVE.long.quietAt}.`);
    expect([RESOLVE.short.outage, RESOLVE.long.outage]).toEqual([60, 180]);
    const spec = parse(tree.gitops.content(`${RULE_TESTS_DIR}/slo-triage-availability.test.yaml`));
    expect(spec.tests.map((t: any) => t.name)).toEqual(expect.arrayContaining([expect.stringMatching(/after 60 minutes at 20x the page/), expect.stringMatching(/after 180 minutes at 20x the page/)]));
  });

  test("a threshold of 1 s matches the bucket Prometheus 3 stores as le=\"1.0\"; the old le=\"1\" matches nothing and the SLI goes blank", () => {
    const slo = latencySlo({ app: "api", component: "api" }, "oncall", "http_request_duration_seconds", 1, 99, "30d");
    const group = sloRuleGroup(slo, "https://runbooks.example/slo");
    const sub = tempDir("basecamp-promtool-le-");
    const write = (rules: object) => {
      fs.writeFileSync(path.join(sub, "api.rules.yaml"), toYaml(rules, PLAIN_STYLE));
      fs.writeFileSync(path.join(sub, "api.test.yaml"), only(toYaml(sloTests(slo, group, "api.rules.yaml"), PLAIN_STYLE), /only good events|stays quiet|pages and opens/));
      const r = spawnSync("promtool", ["test", "rules", "api.test.yaml"], { cwd: sub, encoding: "utf8" });
      return { status: r.status, out: r.stdout + r.stderr };
    };
    const tests = parse(toYaml(sloTests(slo, group, "api.rules.yaml"), PLAIN_STYLE));
    expect(JSON.stringify(tests)).toContain('le=\\"1.0\\"');
    expect(write({ groups: [group] })).toEqual({ status: 0, out: expect.any(String) });
    const old = write({ groups: [JSON.parse(JSON.stringify(group).replaceAll('le=\\"1.0\\"', 'le=\\"1\\"'))] });
    expect(old.status).not.toBe(0);
    expect(old.out).toMatch(/alertname: SLOBudgetBurnPage|got: nil/);
  });

  test("every platform alert has an emitted promtool case: it fires, a neighbour stays quiet, and it resolves", () => {
    const files = platformTestFiles();
    const specs = files.map((f) => parse(tree.gitops.content(f)));
    const spec = { tests: specs.flatMap((x) => x.tests) };
    // The cases over a day are evaluated every 10 minutes, the others every minute.
    expect(files.map((f, i) => [f.endsWith("-daily.test.yaml"), specs[i].evaluation_interval])).toEqual(files.map((f) => [f.endsWith("-daily.test.yaml"), PLATFORM_TEST_INTERVALS[f.endsWith("-daily.test.yaml") ? "daily" : "minutes"]]));
    const alerts = [...new Set(platformRules(of(HUB, "PrometheusRule")).map((r: any) => r.alert))] as string[];
    expect(alerts.length).toBeGreaterThanOrEqual(11);
    for (const a of alerts) {
      const checks = spec.tests.flatMap((t: any) => t.alert_rule_test).filter((c: any) => c.alertname === a);
      const firing = checks.findIndex((c: any) => c.exp_alerts.length > 0);
      const quietBefore = checks.slice(0, Math.max(firing, 0)).some((c: any) => c.exp_alerts.length === 0);
      const resolves = checks.slice(firing + 1).some((c: any) => c.exp_alerts.length === 0);
      expect({ a, fires: firing >= 0, quietBefore: a === "Watchdog" || quietBefore, resolves: a === "Watchdog" || resolves }).toEqual({ a, fires: true, quietBefore: true, resolves: true });
    }
    // Realistic series: stale scrapes, gaps and series that end are among them.
    const values = JSON.stringify(spec.tests.map((t: any) => t.input_series));
    expect(values).toMatch(/stale/);
    expect(values).toMatch(/_x\d+/);
  });

  test("the emitted platform-alert tests pass with the real promtool, and the crash-loop case catches the old unwindowed rule", () => {
    const files = platformTestFiles().map((f) => path.basename(f));
    const run = promtool("test", "rules", ...files);
    expect({ status: run.status, out: run.status === 0 ? "" : run.stdout + run.stderr }).toEqual({ status: 0, out: "" });

    // Without the window the stale scrapes reset `for`, and the crash loop never pages: the test sees it.
    const sub = tempDir("basecamp-promtool-crashloop-");
    const rules = fs.readFileSync(path.join(dir, "platform-workloads.rules.yaml"), "utf8");
    const unwindowed = rules.replace(/max_over_time\((kube_pod_container_status_waiting_reason\{[^}]*\})\[5m\]\)/, "$1");
    expect(unwindowed).not.toBe(rules);
    fs.writeFileSync(path.join(sub, "platform-workloads.rules.yaml"), unwindowed);
    fs.writeFileSync(path.join(sub, "platform-workloads.test.yaml"), only(fs.readFileSync(path.join(dir, "platform-workloads.test.yaml"), "utf8"), /PodCrashLooping/));
    const broken = spawnSync("promtool", ["test", "rules", "platform-workloads.test.yaml"], { cwd: sub, encoding: "utf8" });
    expect(broken.status).not.toBe(0);
    expect(broken.stdout + broken.stderr).toMatch(/alertname: PodCrashLooping/);
  });

  test("the volumes' cost panel joins one capacity per volume, though OpenCost and kube-state-metrics both export it", () => {
    const expr = dashboards().flatMap((d) => d.panels).find((p: any) => /Persistent volumes/.test(p.title)).targets[0].expr;
    fs.writeFileSync(path.join(dir, "pv-cost.rules.yaml"), toYaml({ groups: [{ name: "pv", rules: [{ record: "pv:monthly", expr }] }] }, PLAIN_STYLE));
    const series = (job: string) => ({ series: `kube_persistentvolume_capacity_bytes{cluster="aws-a",persistentvolume="pv-1",job="${job}"}`, values: "107374182400x5" });
    const spec = {
      rule_files: ["pv-cost.rules.yaml"],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: [series("kube-state-metrics"), series("opencost"), { series: `pv_hourly_cost{cluster="aws-a",persistentvolume="pv-1"}`, values: "0.0001x5" }],
          // 100 GiB at $0.0001 a GiB-hour, for 730 hours.
          promql_expr_test: [{ expr: "pv:monthly", eval_time: "2m", exp_samples: [{ labels: 'pv:monthly{cluster="aws-a"}', value: 7.3 }] }],
        },
      ],
    };
    fs.writeFileSync(path.join(dir, "pv-cost.test.yaml"), toYaml(spec, PLAIN_STYLE));
    const run = promtool("test", "rules", "pv-cost.test.yaml");
    expect({ status: run.status, out: run.status === 0 ? "" : run.stdout + run.stderr }).toEqual({ status: 0, out: "" });
  });

  test("every dashboard query is valid PromQL", () => {
    const exprs = dashboards().flatMap((d) => d.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr)));
    expect(exprs.length).toBeGreaterThan(10);
    fs.writeFileSync(path.join(dir, "dashboards.yaml"), toYaml({ groups: [{ name: "dashboards", rules: exprs.map((expr, i) => ({ record: `dashboard:query:${i}`, expr })) }] }, PLAIN_STYLE));
    const run = promtool("check", "rules", "dashboards.yaml");
    expect({ status: run.status, out: run.status === 0 ? "" : run.stdout + run.stderr }).toEqual({ status: 0, out: "" });
  });
});

/** The dashboards as Grafana's sidecar reads them: the JSON in each labelled ConfigMap. */
function dashboards(): any[] {
  return of(HUB, "ConfigMap")
    .filter((c) => c.metadata.labels?.grafana_dashboard === "1")
    .flatMap((c) => Object.values<string>(c.data).map((json) => JSON.parse(json)));
}

describe("dashboards", () => {
  test("SLOs and error budgets per app, the platform, and cost by cluster, team and app: ConfigMaps for Grafana's sidecar", () => {
    const maps = of(HUB, "ConfigMap").filter((c) => c.metadata.labels?.grafana_dashboard === "1");
    expect(maps.map((m) => m.metadata.namespace)).toEqual(["monitoring", "monitoring", "monitoring"]);
    const sidecar = values(HUB, "kube-prometheus-stack").grafana.sidecar.dashboards;
    expect(sidecar).toMatchObject({ enabled: true, label: "grafana_dashboard", labelValue: "1" });
    const titles = (uid: string) => dashboards().find((d) => d.uid === uid)!.panels.map((p: any) => p.title).join("\n");
    expect(titles("basecamp-slos")).toMatch(/triage-availability: error budget left/);
    expect(titles("basecamp-slos")).toMatch(/triage-latency: error budget left/);
    expect(titles("basecamp-platform")).toMatch(/sync/i);
    expect(titles("basecamp-platform")).toMatch(/Clusters reporting/);
    for (const by of ["cluster", "team", "app"]) expect(titles("basecamp-cost")).toMatch(new RegExp(`by ${by}`));
    for (const spoke of SPOKES) expect(of(spoke, "ConfigMap").filter((c) => c.metadata.labels?.grafana_dashboard)).toEqual([]);
  });

  test("valid dashboard JSON: unique uids and panel ids, panels on the grid without overlap, Prometheus by the uid Grafana provisions", () => {
    const ds = dashboards();
    expect(new Set(ds.map((d) => d.uid)).size).toBe(ds.length);
    for (const d of ds) {
      expect(typeof d.title).toBe("string");
      expect(d.schemaVersion).toBeGreaterThanOrEqual(36);
      expect(new Set(d.panels.map((p: any) => p.id)).size).toBe(d.panels.length);
      const cells = new Set<string>();
      for (const p of d.panels) {
        expect(["timeseries", "stat"]).toContain(p.type);
        expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
        for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
          for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
            expect(cells.has(`${x},${y}`)).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
        expect(p.datasource).toEqual({ type: "prometheus", uid: "prometheus" });
        expect(p.targets.length).toBeGreaterThan(0);
      }
    }
  });

  test("the SLO panels read only series the rules record", () => {
    const recorded = new Set(of(HUB, "PrometheusRule").flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules.map((x: any) => x.record).filter(Boolean))));
    const slos = dashboards().find((d) => d.uid === "basecamp-slos")!;
    const read = slos.panels.flatMap((p: any) => p.targets.map((t: any) => /slo:error_ratio:rate\w+/.exec(t.expr)?.[0]));
    expect(read.length).toBeGreaterThan(0);
    for (const r of read) expect(recorded.has(r)).toBe(true);
  });
});

const amtoolMissing = spawnSync("amtool", ["--version"]).status === 0 ? undefined : "amtool is not installed (apt-get install prometheus-alertmanager)";

describe("Alertmanager's routing", () => {
  const config = values(HUB, "kube-prometheus-stack").alertmanager.config;

  test("credentials are read from the mounted Secret's files, which the hub's backend fills; none is in the config", () => {
    const text = JSON.stringify(config);
    expect(text).not.toMatch(/hooks\.slack\.com|routing_key"|api_url"/);
    const receivers = one(HUB, "ExternalSecret", "alertmanager-receivers");
    expect(receivers.spec.data.map((d: any) => d.secretKey)).toEqual(["oncall-slack-webhook-url", "oncall-pagerduty-routing-key", "payments-slack-webhook-url", "deadmansswitch-url"]);
    expect(receivers.spec.data[3].remoteRef).toEqual({ key: "acme/aws-a/alerting/heartbeat", property: "url" });
    // Which keys still hold the stack's placeholder: an annotation ESO templates from the data, which kube-state-metrics exports.
    expect(receivers.spec.target.template.metadata.annotations["basecamp.dev/unset-receivers"]).toBe(
      ["oncall-slack-webhook-url", "oncall-pagerduty-routing-key", "payments-slack-webhook-url", "deadmansswitch-url"].map((k) => `{{ if contains "SET-ME" (index . "${k}") }}${k} {{ end }}`).join(""),
    );
    expect(receivers.spec.target.template.data).toBeUndefined();
    expect(values(HUB, "kube-prometheus-stack")["kube-state-metrics"].metricAnnotationsAllowList).toEqual(["secrets=[basecamp.dev/unset-receivers]"]);
    expect(values(HUB, "kube-prometheus-stack").alertmanager.alertmanagerSpec.secrets).toEqual(["alertmanager-receivers"]);
    const files = [...text.matchAll(/"(?:api_url_file|routing_key_file|url_file)":"([^"]+)"/g)].map((m) => path.basename(m[1]));
    expect(new Set(files)).toEqual(new Set(receivers.spec.data.map((d: any) => d.secretKey)));
  });

  describeWith("amtool", amtoolMissing, "with the real amtool", () => {
    const dir = tempDir("basecamp-amtool-");
    const file = path.join(dir, "alertmanager.yaml");
    // Debian's amtool is 0.25, older than the webhook's url_file (Alertmanager 0.27; the chart runs v0.34.0, whose
    // notify/webhook/config.go reads it): for amtool alone, the heartbeat's file becomes a URL. Routing is unchanged.
    const forAmtool = (c: any) => JSON.parse(JSON.stringify(c).replace(/"url_file":"[^"]+"/g, '"url":"https://heartbeat.invalid/"'));
    beforeAll(() => fs.writeFileSync(file, toYaml(forAmtool(config), PLAIN_STYLE)));
    const route = (...labels: string[]) => {
      const r = spawnSync("amtool", ["config", "routes", "test", `--config.file=${file}`, ...labels], { encoding: "utf8" });
      // amtool warns that a config file wins over a server URL it was never given.
      expect(r.stderr.replace("Warning: --config.file flag overrides the --alertmanager.url.\n", "")).toBe("");
      return r.stdout.trim();
    };

    test("check-config accepts the rendered configuration, and refuses a route to a receiver that does not exist", () => {
      const ok = spawnSync("amtool", ["check-config", file], { encoding: "utf8" });
      expect({ status: ok.status, out: ok.status === 0 ? "" : ok.stdout + ok.stderr }).toEqual({ status: 0, out: "" });
      const broken = path.join(dir, "broken.yaml");
      fs.writeFileSync(broken, toYaml(forAmtool({ ...config, route: { ...config.route, receiver: "nobody" } }), PLAIN_STYLE));
      expect(spawnSync("amtool", ["check-config", broken], { encoding: "utf8" }).status).not.toBe(0);
    });

    test("by team, then by severity: pages to PagerDuty where the team has it, to Slack otherwise; no team goes to the owner", () => {
      expect(route("team=payments", "severity=page")).toBe("payments-page");
      expect(route("team=payments", "severity=ticket")).toBe("payments-ticket");
      expect(route("team=oncall", "severity=page")).toBe("oncall-page");
      expect(route("alertname=NodeNotReady", "severity=ticket")).toBe("oncall-ticket");
      expect(route("alertname=ClusterUnreachable", "severity=page", "cluster=gcp-b")).toBe("oncall-page");
      // The mixin's severities: critical pages, warning and info open tickets.
      expect(route("alertname=KubePodNotReady", "severity=warning", "namespace=oncall")).toBe("oncall-ticket");
      expect(route("alertname=PrometheusRuleFailures", "severity=critical")).toBe("oncall-page");
      expect(route("team=payments", "severity=critical")).toBe("payments-page");
      expect(route("alertname=KubeQuotaAlmostFull", "severity=info")).toBe("oncall-ticket");
      expect(route("alertname=InfoInhibitor", "severity=none")).toBe("null");
      // Placeholders in the receivers: the owner's page receiver hears of it too, and the ticket one as ever.
      expect(route("alertname=ReceiversUnset", "severity=ticket")).toBe("oncall-page,oncall-ticket");
      const receivers = Object.fromEntries(config.receivers.map((r: any) => [r.name, Object.keys(r).filter((k) => k !== "name")]));
      expect(receivers).toEqual({
        "oncall-page": ["pagerduty_configs"],
        "oncall-ticket": ["slack_configs"],
        "payments-page": ["slack_configs"],
        "payments-ticket": ["slack_configs"],
        deadmansswitch: ["webhook_configs"],
        null: [],
      });
    });

    test("one page per outage: an SLO page silences its ticket and the Gateway's IngressErrors page", () => {
      expect(config.inhibit_rules).toEqual(
        expect.arrayContaining([
          { source_matchers: ['alertname="SLOBudgetBurnPage"'], target_matchers: ['alertname="SLOBudgetBurnTicket"'], equal: ["slo"] },
          { source_matchers: ['alertname="SLOBudgetBurnPage"'], target_matchers: ['alertname="IngressErrors"'] },
        ]),
      );
    });

    test("the Watchdog reaches the dead man's switch every minute, whatever its labels, and nothing else does", () => {
      expect(route("alertname=Watchdog", "severity=none", "team=oncall")).toBe("deadmansswitch");
      expect(route("alertname=Watchdog", "severity=page")).toBe("deadmansswitch");
      expect(route("alertname=NodeNotReady", "severity=none")).not.toBe("deadmansswitch");
      const watchdog = config.route.routes[0];
      expect(watchdog).toMatchObject({ receiver: "deadmansswitch", repeat_interval: "1m", group_wait: "0s" });
      // The URL comes from the mounted Secret, which the hub's backend fills; never from the config.
      expect(config.receivers.find((r: any) => r.name === "deadmansswitch").webhook_configs).toEqual([{ url_file: "/etc/alertmanager/secrets/alertmanager-receivers/deadmansswitch-url", send_resolved: false }]);
    });
  });
});

describe("cost labels", () => {
  test("every rendered workload and namespace carries team and environment; workloads also their app", () => {
    expect(costLabels.run(tree)).toEqual([]);
    const triage = one("gcp-b", "Deployment", all.find((x) => x.chart.cluster === "gcp-b" && x.o.kind === "Deployment" && x.o.metadata.namespace === "oncall")!.o.metadata.name);
    expect(triage.spec.template.metadata.labels).toMatchObject({ "basecamp.dev/team": "oncall", "basecamp.dev/app": "triage", "basecamp.dev/environment": "production" });
    expect(one("gcp-b", "Namespace", "oncall").metadata.labels).toMatchObject({ "basecamp.dev/team": "oncall", "basecamp.dev/environment": "production" });
  });

  test("a workload without them is an error naming the object and the field", () => {
    const rogue: Capability = {
      name: "rogue",
      charts(app: App) {
        const chart = new RenderedChart(app, "rogue", "rogue", "gcp-b");
        new ApiObject(chart, "d", {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "rogue", namespace: "oncall" },
          spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b", "basecamp.dev/team": "oncall" } }, spec: { containers: [{ name: "c", image: "x" }] } } },
        });
      },
    };
    const findings = costLabels.run(sampleTree(() => {}, [rogue])).map((f) => `[${f.where}] ${f.message}`);
    expect(findings).toEqual(["[rogue/Deployment/oncall/rogue] spec.template.metadata.labels lacks basecamp.dev/app, basecamp.dev/environment, which cost and alerts are grouped by"]);
  });
});

describe("npm run cost", () => {
  const SHIPPED_RELATIVE = path.relative(ROOT, SHIPPED);
  const runs = new Map<string, SpawnSyncReturns<string>>();
  const cost = (config: string) => {
    if (!runs.has(config)) runs.set(config, spawnSync(process.execPath, [path.join(ROOT, "bin", "launch.js"), path.join(ROOT, "bin", "cost.ts"), "--config", config], { cwd: ROOT, encoding: "utf8" }));
    return runs.get(config)!;
  };
  const row = (out: string, name: string) => out.split("\n").find((l) => l.startsWith(`${name} `))?.split(/\s{2,}/);
  const dollars = (s: string) => Number(s.replace(/[$,]/g, ""));

  test("the shipped platform: every cluster beside its budget, each team's share, exit 0", () => {
    const r = cost(SHIPPED_RELATIVE);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    expect(r.stdout).toMatch(/^basecamp cost estimate of test\/fixtures\/platform\.yaml: list prices of \d{4}-\d{2}-\d{2}, US dollars a month$/m);
    for (const c of ["aws-euw1", "gcp-euw4", "azure-weu", "home-lab"]) {
      const cells = row(r.stdout, c)!;
      expect(dollars(cells[2])).toBeGreaterThan(0);
      expect(dollars(cells[2])).toBeLessThanOrEqual(dollars(cells[4]));
    }
    const teams = r.stdout.split(/^team\s+floor$/m)[1];
    expect(teams).toMatch(/^platform\s+\$[\d,]+$/m);
    expect(teams).toMatch(/^oncall\s+\$[\d,]+$/m);
    const total = dollars(row(r.stdout, "total")![1]);
    const byTeam = [...teams.matchAll(/^\w+\s+\$([\d,]+)$/gm)].reduce((n, m) => n + dollars(m[1]), 0);
    expect(Math.abs(byTeam - total)).toBeLessThanOrEqual(2);
  });

  test("figures a reader can check against public list prices", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "launch.js"), path.join(ROOT, "bin", "cost.ts"), "--config", SHIPPED_RELATIVE, "--detail"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    const item = (name: string) => {
      const line = r.stdout.split("\n").find((l) => l.trim().startsWith(name));
      if (!line) throw new Error(`no line '${name}' in:\n${r.stdout}`);
      return dollars(/\$[\d,]+/.exec(line.slice(name.length + 4))![0]);
    };
    // One EKS control plane: $0.10 an hour, 730 hours: $73. GKE's cluster fee and AKS's Standard tier are the same.
    expect([item("EKS control plane"), item("GKE cluster fee"), item("AKS Standard tier")]).toEqual([73, 73, 73]);
    // Two m6i.xlarge in eu-west-1 ($0.214 an hour) with 50 GB of gp3 each ($0.088 per GB-month): 2 x (156.22 + 4.40).
    expect(item("system: 2 x 4 vCPU / 16 GB, 50 GB disk")).toBe(321);
    // Cloud NAT by the VM: four nodes at $0.0014 a VM-hour: $4.09.
    expect(item("Cloud NAT, per VM (4-8 VMs)")).toBe(4);
    // GKE's 100 GB boot disks and AKS's 128 GB OS disks are priced with the nodes.
    expect(r.stdout).toMatch(/system: 2 x 4 vCPU \/ 16 GB, 100 GB disk/);
    expect(r.stdout).toMatch(/system: 2 x 4 vCPU \/ 16 GB, 128 GB disk/);
  });

  test("a size means the same machine everywhere, and a region without a price table is named, not priced silently", () => {
    for (const size of ["small", "medium", "large"] as const) {
      const shapes = (["aws", "gcp", "azure"] as const).map((c) => {
        const m = CLOUDS[c].machines[MACHINE_TYPES[c][size]];
        return `${m.vcpus} vCPU / ${m.memoryGb} GB`;
      });
      expect({ size, shapes: new Set(shapes).size }).toEqual({ size, shapes: 1 });
    }
    const dir = tempDir("basecamp-cost-region-");
    const file = path.join(dir, "us.yaml");
    const text = fs.readFileSync(SHIPPED, "utf8");
    expect(text).toMatch(/region: europe-west4/);
    fs.writeFileSync(file, text.replace(/region: europe-west4/, "region: us-central1").replace(/europe-west4-([a-c])/g, "us-central1-$1"));
    const r = cost(file);
    expect(r.stdout).toContain("warning: gcp-euw4 is in us-central1, but lib/cost/prices.ts lists europe-west4's prices only: its estimate is at europe-west4's rates");
    expect(cost(SHIPPED_RELATIVE).stdout).not.toContain("warning:");
  });

  test("the budget profile fits the startup seed: under $500 a month", () => {
    const r = cost("profiles/budget.yaml");
    expect(r.status).toBe(0);
    expect(dollars(row(r.stdout, "total")![1])).toBeLessThan(500);
  });

  test("a cluster whose estimate is over its budget exits 1 and says so", () => {
    const dir = tempDir("basecamp-cost-");
    const file = path.join(dir, "tight.yaml");
    const text = fs.readFileSync(path.join(ROOT, "profiles", "budget.yaml"), "utf8");
    expect(text).toMatch(/budget: \{ monthly: 75\b/);
    fs.writeFileSync(file, text.replace(/budget: \{ monthly: 75\b/, "budget: { monthly: 20"));
    const r = cost(file);
    expect(r.status).toBe(1);
    expect(row(r.stdout, "home-lab")!.at(-1)).toMatch(/^OVER \(\d+%\)$/);
    expect(r.stdout).toMatch(/^over budget: home-lab$/m);
  });

  test("more nodes cost more: the estimate follows the stacks, not a constant", () => {
    const dir = tempDir("basecamp-cost-");
    const file = path.join(dir, "bigger.yaml");
    const text = fs.readFileSync(path.join(ROOT, "profiles", "budget.yaml"), "utf8");
    expect(text).toMatch(/workload: \{ min: 1, max: 3, size: small \}/);
    fs.writeFileSync(file, text.replace(/workload: \{ min: 1, max: 3, size: small \}/, "workload: { min: 2, max: 3, size: small }"));
    const floor = (out: string) => dollars(row(out, "aws-euw1")![2]);
    const before = floor(cost("profiles/budget.yaml").stdout);
    const after = floor(cost(file).stdout);
    // One more t3.large (or the small size's machine): tens of dollars a month.
    expect(after - before).toBeGreaterThan(30);
    expect(after - before).toBeLessThan(120);
  });
});
