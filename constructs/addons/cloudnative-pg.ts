import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";

/** CloudNativePG: the databases of a Proxmox cluster, in the cluster. */
/** Where CloudNativePG's operator and PostgreSQL images come from. */
export const CNPG_REGISTRY = "ghcr.io/cloudnative-pg";

export const cloudnativePg: AddOn = {
  name: "cloudnative-pg",
  namespace: "cnpg-system",
  ...CHARTS.cloudnativePg,
  syncWave: -20,
  podSecurity: "restricted",
  serverSideApply: true,
  values: () => ({ crds: { create: true } }),
};
