import { Chart, Testing } from "cdk8s";
import { TeamNamespace } from "../constructs/k8s/team-namespace";
import { WebApp } from "../constructs/k8s/web-app";

const props = {
  name: "triage-api",
  namespace: "oncall",
  image: "ghcr.io/acme/triage:1.4.0",
  port: 9090,
  replicas: 3,
  health: { liveness: "/live", readiness: "/ready" },
  labels: { "app.kubernetes.io/part-of": "triage" },
};

function synthWebApp() {
  const chart = Testing.chart();
  new WebApp(chart, "api", props);
  const objects = Testing.synth(chart);
  return {
    deployment: objects.find((o) => o.kind === "Deployment"),
    service: objects.find((o) => o.kind === "Service"),
    objects,
  };
}

describe("WebApp", () => {
  test("a Deployment and a Service, named explicitly in the given namespace", () => {
    const { objects } = synthWebApp();
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      "Deployment/oncall/triage-api",
      "Service/oncall/triage-api",
    ]);
  });

  test("the Service selects the pods by an explicit label, never by cdk8s's hashed address label", () => {
    const { deployment, service, objects } = synthWebApp();
    expect(deployment.spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": "triage-api" });
    expect(service.spec.selector).toEqual({ "app.kubernetes.io/name": "triage-api" });
    expect(deployment.spec.template.metadata.labels).toEqual({
      "app.kubernetes.io/name": "triage-api",
      "app.kubernetes.io/part-of": "triage",
    });
    expect(JSON.stringify(objects)).not.toContain("cdk8s.io");
  });

  test("probes hit the health endpoints on the app's port; port 80 forwards to it", () => {
    const { deployment, service } = synthWebApp();
    const c = deployment.spec.template.spec.containers[0];
    expect(c.image).toBe("ghcr.io/acme/triage:1.4.0");
    expect(c.livenessProbe.httpGet).toMatchObject({ path: "/live", port: 9090 });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: "/ready", port: 9090 });
    expect(service.spec.ports).toEqual([{ name: "http", port: 80, targetPort: 9090 }]);
    expect(deployment.spec.replicas).toBe(3);
  });

  test("runs as non-root with bounded resources", () => {
    const c = synthWebApp().deployment.spec.template.spec.containers[0];
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, runAsUser: 10001 });
    expect(c.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } });
  });
});

describe("TeamNamespace", () => {
  test("the namespace carries the team, its owners and the restricted Pod Security level; the quota is the team's", () => {
    const chart = new Chart(Testing.app(), "c", { disableResourceNameHashes: true });
    new TeamNamespace(chart, "t", { team: "oncall", owners: ["a@x.example", "b@x.example"], quota: { cpu: "8", memory: "16Gi", pods: 100 } });
    const [ns, quota] = Testing.synth(chart);
    expect(ns.metadata).toEqual({
      name: "oncall",
      labels: { "basecamp.dev/team": "oncall", "pod-security.kubernetes.io/enforce": "restricted" },
      annotations: { "basecamp.dev/owners": "a@x.example,b@x.example" },
    });
    expect(quota).toMatchObject({
      kind: "ResourceQuota",
      metadata: { name: "team-quota", namespace: "oncall" },
      spec: { hard: { "requests.cpu": "8", "requests.memory": "16Gi", "limits.memory": "16Gi", pods: "100" } },
    });
  });
});
