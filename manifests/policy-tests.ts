import * as path from "path";
import type { ExtraFile } from "../lib/capability";
import { POLICY_TESTS_DIR } from "../lib/layout";
import type { Resolved } from "../lib/model/resolve";
import { HEADER, objectFileName } from "../lib/pipeline/gitops";
import type { ChartOutput } from "../lib/pipeline/kubernetes";
import { PLAIN_STYLE, toYaml } from "../lib/pipeline/yaml";
import type { PolicyDefinition } from "../constructs/policies/definitions";
import { compliantPod, FIXTURE_NAMESPACE, policyCases, asDeployment, type FixtureImages } from "../constructs/policies/fixtures";

const NOTE =
  "# `kyverno test policy-tests/` runs these with the Kyverno CLI (1.18 or later). It ignores `rule` on\n" +
  "# ValidatingPolicy results; basecamp's own tests check that each failing resource breaks that rule.\n";

/**
 * One Kyverno CLI Test per policy, on the hub's rendered copy of it (every
 * cluster's is the same), with its fixture resources beside it.
 */
export function fixtureFiles(p: Resolved, charts: readonly ChartOutput[], defs: Record<string, PolicyDefinition>, images: FixtureImages, teamLabel: string): ExtraFile[] {
  const hub = charts.find((c) => c.id === `${p.hub.name}--policies`);
  if (!hub) return [];
  const files: ExtraFile[] = [];
  const namespaces = { namespaceSelector: [{ name: FIXTURE_NAMESPACE, labels: { "kubernetes.io/metadata.name": FIXTURE_NAMESPACE } }] };
  const write = (name: string, test: Record<string, unknown>, resources: readonly object[]) => {
    const dir = `${POLICY_TESTS_DIR}/${name}`;
    files.push({ path: `${dir}/kyverno-test.yaml`, content: HEADER + NOTE + toYaml(test, PLAIN_STYLE), owner: `policy-tests/${name}` });
    files.push({ path: `${dir}/resources.yaml`, content: HEADER + resources.map((r) => toYaml(r, PLAIN_STYLE)).join("---\n"), owner: `policy-tests/${name}` });
  };
  const policyPath = (o: { metadata: { name?: string } }) => path.posix.relative(`${POLICY_TESTS_DIR}/x`, `${hub.dir}/${objectFileName(o as never)}`);

  for (const o of hub.objects) {
    if (o.kind === "ValidatingPolicy") {
      const def = defs[o.metadata.name];
      const cases = policyCases(def, teamLabel, images);
      const results = cases.flatMap((c) =>
        ["Pod", "Deployment"].map((kind) => ({
          policy: def.name,
          ...(c.rule ? { rule: c.rule } : {}),
          isValidatingPolicy: true,
          kind,
          resources: [c.name],
          result: c.rule ? "fail" : "pass",
        })),
      );
      write(def.name, test(def.name, policyPath(o), namespaces, results), cases.flatMap((c) => c.objects));
    } else if (o.kind === "ImageValidatingPolicy") {
      // Offline, a pod whose images the signer does not cover passes, and a covered image without a digest fails before any signature is fetched.
      const glob = (o as any).spec.matchImageReferences[0].glob as string;
      const outside = compliantPod("pass-not-covered", teamLabel, `registry.invalid/not-covered/${glob.length}:1.0.0`);
      const undigested = compliantPod("fail-digest", teamLabel, images.signed.split("@")[0]);
      const resources = [outside, asDeployment(outside), undigested, asDeployment(undigested)];
      const results = ["Pod", "Deployment"].flatMap((kind) => [
        { policy: o.metadata.name, isImageValidatingPolicy: true, kind, resources: ["pass-not-covered"], result: "pass" },
        { policy: o.metadata.name, rule: "digest", isImageValidatingPolicy: true, kind, resources: ["fail-digest"], result: "fail" },
      ]);
      write(o.metadata.name, test(o.metadata.name, policyPath(o), namespaces, results), resources);
    }
  }
  return files;
}

function test(name: string, policy: string, values: object, results: object[]) {
  return { apiVersion: "cli.kyverno.io/v1alpha1", kind: "Test", metadata: { name }, policies: [policy], resources: ["resources.yaml"], values, results };
}
