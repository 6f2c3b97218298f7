/**
 * The homelab's secrets come up: what Terraform writes to Vault is where
 * External Secrets reads it (ESO's own path rules replayed below), and
 * the Vault side it logs in with is in the stack.
 */
import { vaultLocation } from "../constructs/cluster/secret-keys";
import { etcdOnOneNode } from "../lib/checks/proxmox-etcd";
import { renderSample, sampleTree } from "./helpers/platform";
import { resources } from "./helpers/stacks";

/** ESO's Vault provider (providers/v1/vault/client_get.go, KV v2, the store's `path` set): where a key is read and written. */
function esoDataPath(mount: string, key: string): string {
  let out = key;
  if (out.startsWith(`${mount}/`)) {
    out = out.slice(mount.length + 1);
    if (out.startsWith("data/")) out = out.slice("data/".length);
  }
  return `${mount}/data/${out}`;
}
/** Its metadata path, before the release that mirrors buildPath (it never cut the mount), and after. */
const esoMetadataPaths = (mount: string, key: string) => [`${mount}/metadata/${key}`, esoDataPath(mount, key).replace(`${mount}/data/`, `${mount}/metadata/`)];

describe("a secret's location in Vault", () => {
  test("ESO reads, and PushSecrets write, exactly where Terraform writes, with the mount named like the platform", () => {
    const json = renderSample((p) => (p.clusters[3].secrets.vault.path = "acme")).stacks.find((s) => s.name === "home-d")!.json;
    const written = Object.values<any>(resources(json, "vault_kv_secret_v2")).map((s) => `${s.mount}/data/${s.name}`).sort();
    expect(written).toEqual(["acme/data/home-d/ingest-token", "acme/data/home-d/registration"]);
    const tree = sampleTree((p) => ((p.clusters[3].secrets.vault.path = "acme"), (p.apps[0].database = {})));
    const objects = tree.charts.filter((c) => c.cluster === "home-d").flatMap((c) => c.objects) as any[];
    const reads = objects.filter((o) => o.kind === "ExternalSecret").flatMap((o) => o.spec.data.map((d: any) => d.remoteRef.key));
    expect(reads.map((k: string) => esoDataPath("acme", k))).toContain("acme/data/home-d/ingest-token");
    const pushes = objects.filter((o) => o.kind === "PushSecret").flatMap((o) => o.spec.data.map((d: any) => d.match.remoteRef.remoteKey));
    for (const k of pushes) {
      expect(esoDataPath("acme", k)).toBe("acme/data/home-d/triage/database");
      expect(esoMetadataPaths("acme", k)).toEqual(["acme/metadata/home-d/triage/database", "acme/metadata/home-d/triage/database"]);
    }
  });

  test("a path that starts with its mount's name is refused: ESO would cut it and read elsewhere", () => {
    expect(esoDataPath("basecamp", "basecamp/home-lab/x")).toBe("basecamp/data/home-lab/x");
    expect(() => vaultLocation("basecamp", "basecamp/home-lab/x")).toThrow("Vault path 'basecamp/home-lab/x' starts with its mount 'basecamp' or data/");
  });
});

describe("the Vault side of the homelab", () => {
  const json = renderSample((p) => (p.clusters[3].secrets.vault.ca = "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----\n")).stacks.find((s) => s.name === "home-d")!.json;

  test("a Kubernetes auth mount of its own, configured with the cluster's API and the CA K3s serves once up", () => {
    expect(resources(json, "vault_auth_backend").kubernetes_auth).toMatchObject({ type: "kubernetes", path: "kubernetes-home-d" });
    expect(resources(json, "vault_kubernetes_auth_backend_config").kubernetes_auth_config).toMatchObject({ kubernetes_host: "https://10.40.0.5:6443", kubernetes_ca_cert: "${data.http.k3s_ca.response_body}", disable_local_ca_jwt: true });
    expect(json.data.http.k3s_ca).toMatchObject({ url: "https://10.40.0.5:6443/cacerts", depends_on: expect.arrayContaining(["proxmox_virtual_environment_vm.server_1"]), retry: [{ attempts: 90 }] });
  });

  test("a role for External Secrets' account and audience, with a policy on the cluster's own paths only", () => {
    const role = resources(json, "vault_kubernetes_auth_backend_role").external_secrets_role;
    // The cluster's own issuer: Vault reviews the login with the caller's token, which the API server accepts only for its own audience.
    expect(role).toMatchObject({ role_name: "home-d", bound_service_account_names: ["external-secrets"], bound_service_account_namespaces: ["external-secrets"], audience: "https://kubernetes.default.svc.cluster.local" });
    const policy: string = resources(json, "vault_policy").external_secrets_policy.policy;
    expect(policy.match(/path "([^"]+)"/g)).toEqual(['path "acme/data/home-d/*"', 'path "acme/metadata/home-d/*"']);
  });

  test("the store logs in there, with that audience and the private CA; the account may have its token reviewed", () => {
    const tree = sampleTree((p) => (p.clusters[3].secrets.vault.ca = "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----\n"));
    const objects = tree.charts.filter((c) => c.cluster === "home-d").flatMap((c) => c.objects) as any[];
    const vault = objects.find((o) => o.kind === "ClusterSecretStore").spec.provider.vault;
    expect(vault.auth.kubernetes).toEqual({ mountPath: "kubernetes-home-d", role: "home-d", serviceAccountRef: { name: "external-secrets", namespace: "external-secrets", audiences: ["https://kubernetes.default.svc.cluster.local"] } });
    expect(Buffer.from(vault.caBundle, "base64").toString()).toContain("BEGIN CERTIFICATE");
    expect(objects.find((o) => o.kind === "ClusterRoleBinding" && o.roleRef.name === "system:auth-delegator").subjects).toEqual([{ kind: "ServiceAccount", name: "external-secrets", namespace: "external-secrets" }]);
  });

  test("the plan stops, naming the fix, when the datastore allows no snippets or imports", () => {
    const pre = (type: string, id: string) => resources(json, type)[id].lifecycle.precondition[0];
    expect(pre("proxmox_download_file", "image").condition).toContain('"import"');
    expect(pre("proxmox_virtual_environment_file", "server_1_user_data").error_message).toContain("does not allow the content type 'snippets'");
    expect(json.data.proxmox_virtual_environment_datastores.datastores.node_name).toBe("pve1");
  });

  test("three etcd servers on the one node the description names are warned about", () => {
    expect(etcdOnOneNode.run(sampleTree((p) => (p.clusters[3].nodes = { system: { count: 3 } })))).toEqual([expect.objectContaining({ severity: "warning", source: "clusters[3].node" })]);
    expect(etcdOnOneNode.run(sampleTree((p) => (p.clusters[3].nodes = { system: { count: 1 } })))).toEqual([]);
    expect(etcdOnOneNode.run(sampleTree((p) => (p.clusters[3].singleHost = true)))).toEqual([]);
  });
});

describe("a private platform repository on a pull-mode cluster", () => {
  const r = renderSample((p) => (p.platform.gitops.private = true));

  test("External Secrets keeps Argo CD's repository Secret from the cluster's Vault; the stack sends a placeholder once", () => {
    const objects = r.charts.filter((c) => c.cluster === "home-d").flatMap((c) => c.objects) as any[];
    const es = objects.find((o) => o.kind === "ExternalSecret" && o.metadata.name === "repo-platform");
    expect(es.metadata.namespace).toBe("argocd");
    expect(es.spec.target).toMatchObject({ creationPolicy: "Merge", template: { metadata: { labels: { "argocd.argoproj.io/secret-type": "repository" } }, data: { url: "https://git.example/acme/platform.git" } } });
    expect(es.spec.data.map((d: any) => d.remoteRef.key)).toEqual(["home-d/git-credentials", "home-d/git-credentials"]);
    expect(objects.find((o) => o.kind === "ClusterSecretStore").spec.conditions[0].namespaces).toContain("argocd");
    const json = r.stacks.find((s) => s.name === "home-d")!.json;
    expect(resources(json, "vault_kv_secret_v2").git_credentials_secret).toMatchObject({ name: "home-d/git-credentials", data_json_wo_version: 1 });
  });

  test("a public repository needs none", () => {
    const plain = renderSample();
    expect(plain.charts.flatMap((c) => c.objects).some((o: any) => o.metadata.name === "repo-platform")).toBe(false);
  });
});
