import { identityAnnotation } from "../cluster/registration";

/**
 * Helm values that give a controller's service account the client id of its
 * managed identity, read from the registration (the cluster Secret's
 * annotation). Azure Workload Identity's webhook reads it only when a pod is
 * made, so it goes on the pods too: a new id rolls them.
 */
export function azureClientIdValues(controller: string): string {
  const id = `'{{index .metadata.annotations "${identityAnnotation(controller)}"}}'`;
  return ["serviceAccount:", "  annotations:", `    azure.workload.identity/client-id: ${id}`, "podAnnotations:", `  basecamp.dev/client-id: ${id}`, ""].join("\n");
}
