import { catalogEntities } from "../constructs/portal/catalog";
import type { Capability } from "../lib/capability";
import { CATALOG_DIR } from "../lib/layout";
import { HEADER } from "../lib/pipeline/gitops";
import { PLAIN_STYLE, toYaml } from "../lib/pipeline/yaml";

/** The developer portal: Backstage's catalog of the platform, its teams and apps, and the new-app template. */
export const portal: Capability = {
  name: "portal",
  files: (ctx) =>
    !ctx.shared ? [] : catalogEntities(ctx.resolved).map(({ path, entity }) => ({ path: `${CATALOG_DIR}/${path}`, content: HEADER + toYaml(entity, PLAIN_STYLE), owner: `catalog/${path}` })),
};
