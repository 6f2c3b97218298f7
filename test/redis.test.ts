import { objectsOf } from "../lib/checks/finding";
import { podSecurityProblems } from "../lib/checks/pod-security";
import { TRAITS } from "../constructs/cluster/traits";
import { issuesOf, sampleText, sampleTree } from "./helpers/platform";
import { connects, type End } from "./helpers/network";

/** The sample's app as a web front door and an API, with Redis. */
const edit = (p: any) => {
  p.apps[0].components = [{ name: "api" }, { name: "web" }];
  p.apps[0].redis = { memory: "512Mi", storage: 2 };
  p.guardrails.registries.push("docker.io/library");
  p.platform.entry = { host: "triage", app: "triage", component: "web" };
};
const tree = sampleTree(edit);
const on = (cluster: string, kind: string, name: string) => objectsOf(tree).find((x) => x.chart.cluster === cluster && x.object.kind === kind && x.object.metadata.name === name)?.object as any;

describe("an app's Redis", () => {
  test.each(["aws-a", "gcp-b", "azure-c", "home-d"])("on %s: one append-only instance on a volume of the cluster's class, a password, and Pod Security restricted", (cluster) => {
    const set = on(cluster, "StatefulSet", "triage-redis");
    expect(set.metadata.namespace).toBe("oncall");
    expect(set.spec.replicas).toBe(1);
    const c = set.spec.template.spec.containers[0];
    expect(c.image).toBe("docker.io/library/redis:7.4.6-alpine");
    // Three quarters of 512Mi for data, nothing evicted; the password from the generated Secret.
    expect(c.args).toEqual(["--appendonly", "yes", "--dir", "/data", "--maxmemory", String(384 * 1024 * 1024), "--maxmemory-policy", "noeviction", "--requirepass", "$(REDIS_PASSWORD)"]);
    expect(c.env).toEqual([{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "triage-redis", key: "password" } } }]);
    expect(c.resources).toEqual({ requests: { cpu: "50m", memory: "512Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
    expect(set.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: TRAITS[tree.resolved.cluster(cluster).provider].storageClass, resources: { requests: { storage: "2Gi" } } });
    expect(podSecurityProblems(set, "restricted")).toEqual([]);
    const loose = JSON.parse(JSON.stringify(set));
    loose.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
    expect(podSecurityProblems(loose, "restricted")).not.toEqual([]);
    expect(on(cluster, "ExternalSecret", "triage-redis").spec).toMatchObject({ refreshPolicy: "CreatedOnce", dataFrom: [{ sourceRef: { generatorRef: { kind: "Password", name: "triage-redis" } } }] });
    expect(on(cluster, "Service", "triage-redis").spec.ports).toEqual([{ name: "redis", port: 6379, targetPort: 6379 }]);
  });

  test("only the API knows where it is and its password, and only the API reaches it", () => {
    const api = on("aws-a", "Deployment", "triage-api").spec.template.spec.containers[0];
    const web = on("aws-a", "Deployment", "triage-web").spec.template.spec.containers[0];
    expect(api.env.filter((e: any) => e.name.startsWith("REDIS_"))).toEqual([
      { name: "REDIS_HOST", value: "triage-redis" },
      { name: "REDIS_PORT", value: "6379" },
      { name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "triage-redis", key: "password" } } },
    ]);
    expect(web.env.some((e: any) => e.name.startsWith("REDIS_"))).toBe(false);
    const policies = objectsOf(tree).filter((x) => x.chart.cluster === "aws-a" && x.object.kind === "NetworkPolicy").map((x) => x.object);
    // Each end as rendered: the pod template's labels of the workload.
    const pod = (name: string): End => {
      const w = objectsOf(tree).find((x) => x.chart.cluster === "aws-a" && ["Deployment", "StatefulSet"].includes(x.object.kind) && x.object.metadata.name === name)!.object as any;
      return { ns: w.metadata.namespace, labels: w.spec.template.metadata.labels };
    };
    expect(connects(policies, pod("triage-api"), pod("triage-redis"), 6379)).toBe(true);
    expect(connects(policies, pod("triage-web"), pod("triage-redis"), 6379)).toBe(false);
    expect(connects(policies, { ns: "envoy-gateway-system", labels: {} }, pod("triage-redis"), 6379)).toBe(false);
    expect(connects(policies, { ns: "monitoring", labels: {} }, pod("triage-redis"), 6379)).toBe(true);
  });

  test("its image is waived from the signature rule for its own pods and that image only", () => {
    const exception = on("gcp-b", "PolicyException", "triage-redis.restrict-images");
    expect(exception.spec.images).toEqual(["docker.io/library/redis:7.4.6-alpine"]);
    expect(JSON.stringify(exception.spec.matchConditions)).toContain("triage-redis");
    expect(exception.metadata.annotations["argocd.argoproj.io/sync-wave"]).toBe("-5");
  });

  test.each([
    ["without its registry listed", (p: any) => (p.apps[0].redis = {}), "apps[0].redis: runs docker.io/library/redis:7.4.6-alpine: add docker.io/library to guardrails.registries (its signature is waived for it alone)"],
    ["with memory in another unit", (p: any) => (edit(p), (p.apps[0].redis = { memory: "1G" })), expect.stringMatching(/^apps\[0\]\.redis\.memory: must be a Kubernetes memory quantity such as 256Mi/)],
    ["with too large a volume", (p: any) => (edit(p), (p.apps[0].redis = { storage: 500 })), expect.stringMatching(/^apps\[0\]\.redis\.storage: must be a whole number from 1 to 100/)],
    ["with an unknown key", (p: any) => (edit(p), (p.apps[0].redis = { replicas: 3 })), expect.stringMatching(/^apps\[0\]\.redis: unknown key 'replicas'/)],
  ])("is refused %s", (_, change, expected) => {
    expect(issuesOf(sampleText(change))).toEqual(expect.arrayContaining([expected]));
  });
});
