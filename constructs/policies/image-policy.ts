import { signaturePolicyName, type Guardrails } from "../../lib/model/guardrails";
import { namespacesExcept, POD_RULES, POLICIES_API } from "./validating-policy";

type Signer = Guardrails["signatures"][number];

/** Sigstore's public transparency log, which keyless signatures are recorded in. */
export const REKOR_URL = "https://rekor.sigstore.dev";

/**
 * One signer of platform.yaml as Kyverno's ImageValidatingPolicy: every
 * image its glob matches must carry a digest and a cosign signature by that
 * identity or key. Required: an image it matches that no policy verified is
 * refused. Digests are never added at admission (mutateDigest: false), so
 * what Argo CD applies is what runs, with no drift.
 */
export function imageValidatingPolicy(signer: Signer, excluded: readonly string[]): Record<string, unknown> {
  const cosign = signer.keyless
    ? {
        keyless: {
          identities: [{ issuer: signer.keyless.issuer, ...(signer.keyless.subject ? { subject: signer.keyless.subject } : { subjectRegExp: signer.keyless.subjectRegExp }) }],
        },
        ctlog: { url: REKOR_URL },
      }
    : { key: { data: signer.key } };
  return {
    apiVersion: POLICIES_API,
    kind: "ImageValidatingPolicy",
    metadata: {
      name: signaturePolicyName(signer.name),
      annotations: {
        "policies.kyverno.io/title": `Verify images signed by ${signer.name}`,
        "policies.kyverno.io/description": `Images matching ${signer.images} must be pinned by digest and signed by ${signer.keyless ? `${signer.keyless.issuer} (${signer.keyless.subject ?? signer.keyless.subjectRegExp})` : "the key below"}.`,
      },
    },
    spec: {
      validationActions: ["Deny"],
      failurePolicy: "Fail",
      matchConstraints: { resourceRules: POD_RULES, namespaceSelector: namespacesExcept(excluded) },
      matchImageReferences: [{ glob: signer.images }],
      validationConfigurations: { required: true, verifyDigest: true, mutateDigest: false },
      attestors: [{ name: "signer", cosign }],
      validations: [
        {
          expression: "(images.containers + images.?initContainers.orValue([])).all(image, verifyImageSignatures(image, [attestors.signer]) > 0)",
          message: `images matching ${signer.images} must be signed by ${signer.name}`,
        },
      ],
    },
  };
}
