import type { AddOn } from "../argocd/add-on";
import { CHARTS } from "./versions";

/** CloudNativePG: the databases of a Proxmox cluster, in the cluster. */
export const cloudnativePg: AddOn = {
  name: "cloudnative-pg",
  namespace: "cnpg-system",
  ...CHARTS.cloudnativePg,
  syncWave: -20,
  podSecurity: "restricted",
  serverSideApply: true,
  values: () => ({ crds: { create: true } }),
};
