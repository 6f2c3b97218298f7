import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";

/** CloudNativePG: the databases of a Proxmox cluster, in the cluster. */
/** Where CloudNativePG's operator and PostgreSQL images come from. */
export const CNPG_REGISTRY = "ghcr.io/cloudnative-pg";

/** psql for the clouds' databases (database-roles.ts): CloudNativePG's PostgreSQL image, the major the databases run. */
export const POSTGRES_CLIENT_IMAGE = "ghcr.io/cloudnative-pg/postgresql:17.6";

export const cloudnativePg: AddOn = {
  name: "cloudnative-pg",
  namespace: "cnpg-system",
  ...CHARTS.cloudnativePg,
  syncWave: -20,
  podSecurity: "restricted",
  serverSideApply: true,
  values: () => ({ crds: { create: true } }),
};
