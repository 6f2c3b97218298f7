import * as fs from "fs";
import * as path from "path";
import { ARGOCD_IMAGE, CHARTS, GIT_RELEASES } from "../constructs/addons/versions";
import { RANDOM_PROVIDER_VERSION } from "../constructs/bindings/random-password";
import { VAULT_PROVIDER_VERSION } from "../constructs/bindings/vault-kv-secret";
import { TIME_PROVIDER_VERSION } from "../constructs/bindings/time-sleep";
import { KUBERNETES_PROVIDER_VERSION } from "../constructs/bindings/kubernetes";
import { K3S_RELEASES, KUBE_VIP_IMAGE } from "../constructs/proxmox/k3s-images";
import { PROXMOX_PROVIDER_VERSION } from "../constructs/proxmox/provider/proxmox-provider";
import { loadPlatform } from "../lib/model/load";
import { re2 } from "../lib/policy/re2";
import { ROOT, SHIPPED } from "./helpers/tree";

/**
 * Renovate keeps every pin current. Its regex managers are run here the way
 * Renovate runs them (RE2, named groups, over the files their patterns
 * select), and must find every version basecamp pins outside package.json.
 */
const config = JSON.parse(fs.readFileSync(path.join(ROOT, "renovate.json"), "utf8"));

interface Dep {
  datasource?: string;
  depName?: string;
  currentValue?: string;
  currentDigest?: string;
  registryUrl?: string;
}

function repoFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!["node_modules", ".git", "cdktf.out", "dist", "gitops-out"].includes(e.name)) walk(r);
      } else out.push(r);
    }
  };
  walk("");
  return out;
}

function extract(): Dep[] {
  const files = repoFiles();
  return (config.customManagers as any[]).flatMap((m) => {
    const patterns = (m.managerFilePatterns as string[]).map((p) => re2(p.slice(1, -1)));
    return files
      .filter((f) => patterns.some((p) => p.test(f)))
      .flatMap((f) => {
        // The description as shipped (its copy), not the user's own: what Renovate finds there is theirs to see.
        const text = fs.readFileSync(f === "platform.yaml" ? SHIPPED : path.join(ROOT, f), "utf8");
        return (m.matchStrings as string[]).flatMap((s) =>
          [...text.matchAll(new RegExp(re2(s).source, "gu"))].map((x) => ({
            datasource: x.groups?.datasource ?? m.datasourceTemplate,
            depName: x.groups?.depName ?? m.depNameTemplate,
            currentValue: x.groups?.currentValue,
            currentDigest: x.groups?.currentDigest,
            registryUrl: x.groups?.registryUrl,
          })),
        );
      });
  });
}

describe("renovate.json", () => {
  const deps = extract();

  test("every custom manager is an RE2 regex manager with what Renovate needs", () => {
    for (const m of config.customManagers) {
      expect(m.customType).toBe("regex");
      expect(m.managerFilePatterns.every((p: string) => /^\/.+\/$/.test(p))).toBe(true);
      for (const s of m.matchStrings) {
        expect(() => re2(s)).not.toThrow();
        expect(s.includes("(?<currentValue>")).toBe(true);
        expect(s.includes("(?<depName>") || m.depNameTemplate).toBeTruthy();
        expect(s.includes("(?<datasource>") || m.datasourceTemplate).toBeTruthy();
      }
    }
    expect(config.rangeStrategy).toBe("pin");
  });

  test("finds every Helm chart of the add-ons at its pinned version", () => {
    for (const c of Object.values(CHARTS)) {
      const found = "chart" in c
        ? deps.find((d) => d.datasource === "helm" && d.depName === c.chart && d.registryUrl === c.repoURL)
        : deps.find((d) => d.datasource === "docker" && `oci://${d.depName}` === c.repoURL);
      expect({ chart: c.repoURL, version: found?.currentValue }).toEqual({ chart: c.repoURL, version: c.version });
    }
  });

  test("finds every add-on installed from a git release tag", () => {
    for (const r of Object.values(GIT_RELEASES)) {
      const name = r.repoURL.replace(/^https:\/\/github\.com\//, "").replace(/\.git$/, "");
      expect(deps.find((d) => d.datasource === "github-tags" && d.depName === name)?.currentValue).toBe(r.version);
    }
  });

  test("finds the Terraform providers of the hand-written bindings, K3s and kube-vip", () => {
    const version = (name: string) => deps.find((d) => d.depName === name)?.currentValue;
    expect(version("hashicorp/random")).toBe(RANDOM_PROVIDER_VERSION);
    expect(version("hashicorp/vault")).toBe(VAULT_PROVIDER_VERSION);
    expect(version("hashicorp/time")).toBe(TIME_PROVIDER_VERSION);
    expect(version("hashicorp/kubernetes")).toBe(KUBERNETES_PROVIDER_VERSION);
    expect(`quay.io/argoproj/argocd:${version("quay.io/argoproj/argocd")}`).toBe(ARGOCD_IMAGE);
    expect(version("bpg/proxmox")).toBe(PROXMOX_PROVIDER_VERSION);
    expect(deps.filter((d) => d.depName === "k3s-io/k3s").map((d) => d.currentValue).sort()).toEqual(Object.values(K3S_RELEASES).sort());
    expect(`${deps.find((d) => d.depName?.endsWith("/kube-vip"))?.depName}:${version("ghcr.io/kube-vip/kube-vip")}`).toBe(KUBE_VIP_IMAGE);
  });

  test("finds every image platform.yaml pins, with its digest", () => {
    const p = loadPlatform(SHIPPED);
    const images = p.apps.flatMap((a) => [a.image, ...(a.components ?? []).flatMap((c) => (c.image ? [c.image] : []))]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      const found = deps.find((d) => d.datasource === "docker" && image.startsWith(`${d.depName}:${d.currentValue}@`));
      expect({ image, digest: found?.currentDigest }).toEqual({ image, digest: image.split("@")[1] });
    }
  });
});
