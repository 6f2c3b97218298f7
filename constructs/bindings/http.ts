import type { Construct } from "constructs";
import type * as cdktf from "cdktf";
import { PlainDataSource, PlainProvider } from "./plain-resource";

/** The hashicorp/http release this binding is written against. */
// renovate: datasource=terraform-provider depName=hashicorp/http
export const HTTP_PROVIDER_VERSION = "3.5.0";

const METADATA: cdktf.TerraformProviderGeneratorMetadata = { providerName: "http", providerVersionConstraint: HTTP_PROVIDER_VERSION };

export function httpProvider(scope: Construct, id: string): PlainProvider {
  return new PlainProvider(scope, id, "hashicorp/http", METADATA);
}

/**
 * data "http": a document fetched at apply, retried while its server comes
 * up (`attempts` every `delaySeconds`). `insecure` skips TLS verification:
 * only for a document that is itself the trust anchor, on the home network.
 */
export function httpGet(scope: Construct, id: string, p: { url: string; insecure?: boolean; attempts: number; delaySeconds: number }, meta: cdktf.TerraformMetaArguments = {}): PlainDataSource {
  const delay = p.delaySeconds * 1000;
  return new PlainDataSource(scope, id, "http", METADATA, { url: p.url, insecure: p.insecure, retry: [{ attempts: p.attempts, min_delay_ms: delay, max_delay_ms: delay }] }, meta);
}
