import type { Resolved } from "../../lib/model/resolve";

/** A Backstage entity, as the catalog reads it. */
export interface Entity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; description?: string; annotations?: Record<string, string>; tags?: string[]; links?: { url: string; title: string }[] };
  readonly spec: Record<string, unknown>;
}

const V1 = "backstage.io/v1alpha1";

/** The repository's owner/name on GitHub, for the catalog's source links; undefined elsewhere. */
function githubSlug(repoURL: string): string | undefined {
  return /github\.com[/:]([^/]+\/[^/.]+)(\.git)?$/.exec(repoURL)?.[1];
}

/**
 * The platform as Backstage sees it: one System, a Group per team, a
 * Component per app with its owner, the clusters it runs on, and the
 * annotations the Argo CD and Kubernetes plugins find it by (the labels
 * basecamp gives its Applications and workloads).
 */
export function catalogEntities(p: Resolved): { path: string; entity: Entity }[] {
  const { repoURL, sourceBranch } = p.platform.platform.gitops;
  const slug = githubSlug(repoURL);
  const source: Record<string, string> = slug ? { "github.com/project-slug": slug, "backstage.io/source-location": `url:https://github.com/${slug}/tree/${sourceBranch}/` } : {};
  const system: Entity = {
    apiVersion: V1,
    kind: "System",
    metadata: { name: p.name, description: `The ${p.name} platform: its clusters and the apps on them, rendered by basecamp`, annotations: { ...source } },
    spec: { owner: `group:${p.platform.platform.owner}` },
  };
  const groups = p.teams.map((t): { path: string; entity: Entity } => ({
    path: `groups/${t.name}.yaml`,
    entity: {
      apiVersion: V1,
      kind: "Group",
      metadata: { name: t.name, description: `Team ${t.name}: namespace ${t.name} on every cluster that runs its apps` },
      spec: { type: "team", profile: { email: t.owners[0] }, children: [] },
    },
  }));
  const components = p.apps.map((a): { path: string; entity: Entity } => {
    const entry = p.platform.platform.entry?.app === a.name ? [{ url: `https://${p.entryFqdn}`, title: "Public entry" }] : [];
    return {
      path: `components/${a.name}.yaml`,
      entity: {
        apiVersion: V1,
        kind: "Component",
        metadata: {
          name: a.name,
          description: `${a.name}, run by team ${a.team} on ${a.clusters.join(", ")}`,
          annotations: {
            ...source,
            // The Argo CD plugin: the fleet's Applications of this app, one per cluster.
            "argocd/app-selector": `basecamp.dev/app=${a.name}`,
            // The Kubernetes plugin: its workloads, in the team's namespace on each cluster.
            "backstage.io/kubernetes-label-selector": `basecamp.dev/app=${a.name}`,
            "backstage.io/kubernetes-namespace": a.namespace,
            "basecamp.dev/clusters": a.clusters.join(","),
          },
          tags: a.clusters.map((c) => `cluster-${c}`),
          ...(entry.length > 0 ? { links: entry } : {}),
        },
        spec: { type: "service", lifecycle: "production", owner: `group:${a.team}`, system: p.name },
      },
    };
  });
  const entities = [{ path: "system.yaml", entity: system }, ...groups, ...components, { path: "templates/new-app.yaml", entity: newAppTemplate(p) }];
  const location: Entity = { apiVersion: V1, kind: "Location", metadata: { name: `${p.name}-catalog`, description: "Everything basecamp renders for the catalog" }, spec: { targets: entities.map((e) => `./${e.path}`) } };
  return [{ path: "catalog-info.yaml", entity: location }, ...entities];
}

/**
 * The golden path: a new app is a pull request that adds it to
 * platform.yaml. The template dispatches the add-app workflow, which runs
 * `npx basecamp add app` and `npm run synth` and opens that pull request.
 */
function newAppTemplate(p: Resolved): Entity {
  const slug = githubSlug(p.platform.platform.gitops.repoURL);
  return {
    apiVersion: "scaffolder.backstage.io/v1beta3",
    kind: "Template",
    metadata: { name: "new-app", description: `A new app on ${p.name}: a pull request that adds it to platform.yaml`, tags: ["basecamp", "golden-path"] },
    spec: {
      owner: `group:${p.platform.platform.owner}`,
      type: "service",
      parameters: [
        {
          title: "The app",
          required: ["name", "team", "image", "port"],
          properties: {
            name: { title: "Name", type: "string", pattern: "^[a-z]([a-z0-9-]*[a-z0-9])?$", maxLength: 30, description: "A DNS label, without --" },
            team: { title: "Team", type: "string", enum: p.teams.map((t) => t.name) },
            image: { title: "Image", type: "string", description: "registry/name:tag@sha256:digest, from a listed registry, signed" },
            port: { title: "Port", type: "integer", minimum: 1, maximum: 65535, default: 8080 },
            clusters: { title: "Clusters", type: "string", default: "all", description: `all, or some of: ${p.clusters.map((c) => c.name).join(", ")}` },
          },
        },
      ],
      steps: [
        {
          id: "dispatch",
          name: "Open the pull request",
          action: "github:actions:dispatch",
          input: {
            repoUrl: slug ? `github.com?owner=${slug.split("/")[0]}&repo=${slug.split("/")[1]}` : p.platform.platform.gitops.repoURL,
            workflowId: "add-app.yaml",
            branchOrTagName: p.platform.platform.gitops.sourceBranch,
            workflowInputs: { name: "${{ parameters.name }}", team: "${{ parameters.team }}", image: "${{ parameters.image }}", port: "${{ parameters.port }}", clusters: "${{ parameters.clusters }}" },
          },
        },
      ],
      output: { links: [{ title: "Pull requests", url: slug ? `https://github.com/${slug}/pulls` : p.platform.platform.gitops.repoURL }] },
    },
  };
}
