/** Groups ending in .k8s.io that are served by CRDs, not by the API server itself. */
const CRD_GROUPS_UNDER_K8S_IO = new Set(["gateway.networking.k8s.io"]);

/** The API group of a custom resource, or undefined for Kubernetes' own kinds. */
export function groupOf(apiVersion: string): string | undefined {
  const slash = apiVersion.lastIndexOf("/");
  if (slash < 0) return undefined;
  const group = apiVersion.slice(0, slash);
  if (!group.includes(".")) return undefined;
  if (group.endsWith(".k8s.io") && !CRD_GROUPS_UNDER_K8S_IO.has(group)) return undefined;
  return group;
}
