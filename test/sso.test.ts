import { parse } from "yaml";
import { renderSample, sampleTree } from "./helpers/platform";
import { resources } from "./helpers/stacks";

const withSso = (p: any) => (p.platform.gitops.sso = { issuer: "https://login.acme.example", clientID: "argocd" });

describe("people reach the hub's Argo CD", () => {
  const tree = sampleTree(withSso);
  const hub = tree.charts.filter((c) => c.cluster === "aws-a").flatMap((c) => c.objects) as any[];
  const values = parse(tree.gitops.content("clusters/aws-a/values/argo-cd.yaml"));

  test("through the hub's Gateway: its own listener and route, TLS ending at the Gateway; the webhook path with it", () => {
    const gateway = hub.find((o) => o.kind === "Gateway");
    expect(gateway.spec.listeners).toContainEqual(expect.objectContaining({ name: "argocd", hostname: "argocd.aws-a.acme.example", allowedRoutes: { namespaces: { from: "Selector", selector: { matchLabels: { "kubernetes.io/metadata.name": "argocd" } } } } }));
    const route = hub.find((o) => o.kind === "HTTPRoute" && o.metadata.name === "argocd");
    expect(route.spec).toMatchObject({ hostnames: ["argocd.aws-a.acme.example"], rules: [{ backendRefs: [{ name: "argo-cd-argocd-server", port: 80 }] }] });
    expect(values.configs.params["server.insecure"]).toBe("true");
    expect(values.configs.cm.url).toBe("https://argocd.aws-a.acme.example");
  });

  test("with SSO from the description: OIDC with the secret by reference, the owner team admin, each team its own apps", () => {
    expect(parse(values.configs.cm["oidc.config"])).toEqual({ name: "SSO", issuer: "https://login.acme.example", clientID: "argocd", clientSecret: "$argocd-oidc:client-secret", requestedScopes: ["openid", "profile", "email", "groups"] });
    expect(values.configs.rbac).toEqual({ "policy.default": "", scopes: "[groups]", "policy.csv": "g, oncall, role:admin\n" });
    const es = hub.find((o) => o.kind === "ExternalSecret" && o.metadata.name === "argocd-oidc");
    expect(es.spec.target.template.metadata.labels).toEqual({ "app.kubernetes.io/part-of": "argocd" });
    expect(es.spec.data[0].remoteRef).toEqual({ key: "acme/aws-a/argocd-oidc", property: "client-secret" });
    const project = tree.charts.flatMap((c) => c.objects).find((o: any) => o.kind === "AppProject" && o.metadata.name === "team-oncall") as any;
    expect(project.spec.roles).toEqual([
      {
        name: "team",
        description: "the team's SSO group (oncall)",
        groups: ["oncall"],
        policies: ["p, proj:team-oncall:team, applications, get, team-oncall/*, allow", "p, proj:team-oncall:team, applications, sync, team-oncall/*, allow", "p, proj:team-oncall:team, logs, get, team-oncall/*, allow"],
      },
    ]);
    const json = renderSample(withSso).stacks.find((s) => s.name === "aws-a")!.json;
    expect(Object.values<any>(resources(json, "aws_secretsmanager_secret")).map((s) => s.name)).toContain("acme/aws-a/argocd-oidc");
  });

  test("without SSO: no OIDC, no roles, the admin login only", () => {
    const plain = parse(sampleTree().gitops.content("clusters/aws-a/values/argo-cd.yaml"));
    expect(plain.configs.cm["oidc.config"]).toBeUndefined();
    expect(plain.configs.rbac).toBeUndefined();
  });
});
