import { Chart, Testing } from "cdk8s";
import { TeamTenancy } from "../constructs/k8s/tenancy";
import { podSecurityProblems } from "../lib/checks/pod-security";
import { WebApp } from "../constructs/k8s/web-app";
import { PLATFORM_INGRESS } from "../manifests/cluster-platform-chart";

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
      "PodDisruptionBudget/oncall/triage-api",
    ]);
  });

  test("the Service selects the pods by an explicit label, never by cdk8s's hashed address label", () => {
    const { deployment, service, objects } = synthWebApp();
    expect(deployment.spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": "triage-api" });
    expect(service.spec.selector).toEqual({ "app.kubernetes.io/name": "triage-api" });
    expect(deployment.spec.template.metadata.labels).toEqual({ "app.kubernetes.io/name": "triage-api", "app.kubernetes.io/part-of": "triage" });
    expect(JSON.stringify(objects)).not.toContain("cdk8s.io");
  });

  test("probes hit the health endpoints on the app's port; port 80 forwards to it", () => {
    const { deployment, service } = synthWebApp();
    const c = deployment.spec.template.spec.containers[0];
    expect(c.image).toBe("ghcr.io/acme/triage:1.4.0");
    expect(c.livenessProbe.httpGet).toMatchObject({ path: "/live", port: 9090 });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: "/ready", port: 9090 });
    // A start of up to 150 s holds liveness back: 30 failures, 5 s apart, on the liveness path.
    expect(c.startupProbe).toMatchObject({ httpGet: { path: "/live", port: 9090 }, periodSeconds: 5, failureThreshold: 30 });
    expect(service.spec.ports).toEqual([{ name: "http", port: 80, targetPort: 9090 }]);
    expect(deployment.spec.replicas).toBe(3);
  });

  test("runs as non-root with bounded resources, dropping every capability, under the runtime's seccomp profile", () => {
    const { deployment } = synthWebApp();
    const c = deployment.spec.template.spec.containers[0];
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, runAsUser: 10001, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
    expect(deployment.spec.template.spec.securityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expect(c.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } });
    expect(c.volumeMounts).toEqual([{ mountPath: "/tmp", name: "tmp" }]);
  });

  test("Pod Security restricted admits it", () => {
    expect(podSecurityProblems(synthWebApp().deployment, "restricted")).toEqual([]);
  });

  test("replicas spread over zones and nodes, and a disruption budget keeps all but one", () => {
    const { deployment, objects } = synthWebApp();
    expect(deployment.spec.template.spec.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(["topology.kubernetes.io/zone", "kubernetes.io/hostname"]);
    expect(objects.find((o) => o.kind === "PodDisruptionBudget").spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "triage-api" } } });
  });
  test("an autoscaled workload leaves its count to a CPU autoscaler that starts at the replicas, Deployment or Rollout alike", () => {
    for (const rollout of [undefined, { strategy: { canary: { steps: [{ setWeight: 25 }] } } }]) {
      const chart = Testing.chart();
      new WebApp(chart, "api", { ...props, autoscale: { max: 8, cpu: 60 }, rollout });
      const objects = Testing.synth(chart);
      const workload = objects.find((o) => o.kind === (rollout ? "Rollout" : "Deployment"));
      expect(workload.spec.replicas).toBeUndefined();
      const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler");
      expect(hpa.apiVersion).toBe("autoscaling/v2");
      expect(hpa.metadata).toMatchObject({ name: "triage-api", namespace: "oncall" });
      expect(hpa.spec.scaleTargetRef).toEqual(rollout ? { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: "triage-api" } : { apiVersion: "apps/v1", kind: "Deployment", name: "triage-api" });
      expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 8, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } }] });
      // CPU utilisation is a share of the requests: without them the autoscaler has nothing to divide by.
      expect(workload.spec.template.spec.containers[0].resources.requests.cpu).toBe("100m");
    }
    // Without autoscale, the count is the workload's and there is no autoscaler.
    const { deployment, objects } = synthWebApp();
    expect(deployment.spec.replicas).toBe(3);
    expect(objects.some((o) => o.kind === "HorizontalPodAutoscaler")).toBe(false);
  });
});

describe("TeamTenancy", () => {
  const tenancy = () => {
    const chart = new Chart(Testing.app(), "c", { disableResourceNameHashes: true });
    new TeamTenancy(chart, "t", {
      team: "oncall",
      owners: ["a@x.example", "b@x.example"],
      group: "oncall-engineers",
      quota: { cpu: "8", memory: "16Gi", pods: 100 },
      podSecurity: "restricted",
      labels: { "basecamp.dev/environment": "production" },
      ingressFrom: PLATFORM_INGRESS,
    });
    return Testing.synth(chart);
  };
  const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  test("the namespace enforces its Pod Security level, names its owners and survives a prune", () => {
    const ns = find(tenancy(), "Namespace", "oncall");
    expect(ns.metadata.labels).toMatchObject({ "basecamp.dev/team": "oncall", "pod-security.kubernetes.io/enforce": "restricted", "basecamp.dev/environment": "production" });
    expect(ns.metadata.annotations).toMatchObject({ "basecamp.dev/owners": "a@x.example,b@x.example", "argocd.argoproj.io/sync-options": "Prune=confirm,Delete=false" });
  });

  test("a quota, default requests, and a read-mostly Role bound to the team's group", () => {
    const objects = tenancy();
    expect(find(objects, "ResourceQuota", "team-quota").spec.hard).toEqual({ "requests.cpu": "8", "requests.memory": "16Gi", "limits.memory": "16Gi", pods: "100" });
    expect(find(objects, "LimitRange", "team-defaults").spec.limits[0].defaultRequest).toEqual({ cpu: "100m", memory: "128Mi" });
    expect(find(objects, "RoleBinding", "team").subjects).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "oncall-engineers" }]);
    const rules = find(objects, "Role", "team").rules;
    expect(rules.flatMap((r: any) => r.verbs).sort()).toEqual(["create", "delete", "get", "get", "list", "watch"]);
  });

  test("network policies deny all but DNS and the scrapers, even within the namespace: each app opens its own paths", () => {
    const policies = tenancy().filter((o) => o.kind === "NetworkPolicy");
    expect(policies.map((p) => p.metadata.name).sort()).toEqual(["allow-dns", "allow-from-platform", "default-deny"]);
    expect(find(policies, "NetworkPolicy", "default-deny").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(find(policies, "NetworkPolicy", "allow-from-platform").spec.ingress[0].from.map((f: any) => f.namespaceSelector.matchLabels["kubernetes.io/metadata.name"])).toEqual(["monitoring"]);
  });

});
