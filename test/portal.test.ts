import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  type Entity,
} from "@backstage/catalog-model";
import { templateEntityV1beta3Validator } from "@backstage/plugin-scaffolder-common";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CATALOG_DIR } from "../lib/layout";
import { sampleTree } from "./helpers/platform";
import { ROOT } from "./helpers/tree";

/** What Backstage's catalog does with an entity it reads: the envelope's policies, then its kind's own schema. */
const policies = EntityPolicies.allOf([new DefaultNamespaceEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy(), new SchemaValidEntityPolicy()]);
const KINDS = [componentEntityV1alpha1Validator, groupEntityV1alpha1Validator, systemEntityV1alpha1Validator, locationEntityV1alpha1Validator, templateEntityV1beta3Validator];
async function valid(entity: Entity): Promise<boolean> {
  await policies.enforce(JSON.parse(JSON.stringify(entity)));
  for (const k of KINDS) if (await k.check(entity)) return true;
  throw new Error(`no validator takes ${entity.apiVersion} ${entity.kind}`);
}

describe("the developer portal's catalog", () => {
  const tree = sampleTree();
  const files = tree.gitops.paths().filter((p) => p.startsWith(`${CATALOG_DIR}/`));
  const entity = (file: string) => parse(tree.gitops.content(file)) as Entity;

  test("every entity passes Backstage's own validators (@backstage/catalog-model, the scaffolder's for the template), which refuse a broken one", async () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) await expect(valid(entity(f))).resolves.toBe(true);
    const component = entity(`${CATALOG_DIR}/components/triage.yaml`);
    await expect(valid({ ...component, spec: { ...component.spec, owner: undefined } } as Entity)).rejects.toThrow(/owner/);
    await expect(valid({ ...component, metadata: { ...component.metadata, name: "Not A Name!" } })).rejects.toThrow(/name/);
  });

  test("a Component per app: its owner team, the system, the clusters it runs on, and how the Argo CD and Kubernetes plugins find it", () => {
    for (const a of tree.resolved.apps) {
      const c = entity(`${CATALOG_DIR}/components/${a.name}.yaml`);
      expect(c.spec).toMatchObject({ type: "service", owner: `group:${a.team}`, system: tree.resolved.name });
      expect(c.metadata.annotations).toMatchObject({
        "argocd/app-selector": `basecamp.dev/app=${a.name}`,
        "backstage.io/kubernetes-label-selector": `basecamp.dev/app=${a.name}`,
        "backstage.io/kubernetes-namespace": a.namespace,
        "basecamp.dev/clusters": a.clusters.join(","),
      });
    }
    // The selectors are the labels basecamp gives: the fleet's Applications and the workloads carry them.
    const fleet = tree.gitops.content("hub/applicationset_argocd_fleet.yaml");
    expect(fleet).toContain("basecamp.dev/app: triage");
    const deployment = tree.gitops.paths().find((p) => /clusters\/[^/]+\/apps\/triage\/deployment_/.test(p))!;
    expect(parse(tree.gitops.content(deployment)).metadata.labels["basecamp.dev/app"]).toBe("triage");
  });

  test("a Group per team, the Location lists every file, and the template's teams are the description's", () => {
    for (const t of tree.resolved.teams) expect(entity(`${CATALOG_DIR}/groups/${t.name}.yaml`).spec).toMatchObject({ type: "team" });
    const location = entity(`${CATALOG_DIR}/catalog-info.yaml`);
    expect((location.spec!.targets as string[]).map((t) => `${CATALOG_DIR}/${t.slice(2)}`).sort()).toEqual(files.filter((f) => !f.endsWith("catalog-info.yaml")).sort());
    const template = entity(`${CATALOG_DIR}/templates/new-app.yaml`) as any;
    expect(template.spec.parameters[0].properties.team.enum).toEqual(tree.resolved.teams.map((t) => t.name));
    // The golden path: the workflow it dispatches adds the app with the CLI and opens a pull request.
    expect(template.spec.steps[0]).toMatchObject({ action: "github:actions:dispatch", input: { workflowId: "add-app.yaml" } });
    const workflow = fs.readFileSync(path.join(ROOT, ".github", "workflows", "add-app.yaml"), "utf8");
    expect(workflow).toMatch(/npx basecamp add app "\$NAME" --team "\$TEAM"[\s\S]*npm run synth[\s\S]*gh pr create/);
    expect(Object.keys(parse(workflow).on.workflow_dispatch.inputs)).toEqual(Object.keys(template.spec.steps[0].input.workflowInputs));
  });
});
