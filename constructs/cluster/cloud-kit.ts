import type { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { RegistrationAuth } from "./registration";
import type { TeamAccess } from "./team-access";

/**
 * One typed kit per cloud: the parts every cluster stack is made of. A cloud
 * that lacks a part does not compile. Kits map the description to the small
 * props of their own constructs; the cluster stack composes the parts in a
 * fixed order and emits the same outputs on every cloud (outputs.ts).
 */
export interface CloudKit<C, N extends NetworkPart = NetworkPart, K extends KubernetesPart = KubernetesPart, I extends IdentityPart = IdentityPart, S extends SecretsPart = SecretsPart> {
  /** Providers of the stack, with the tags every taggable resource gets. */
  providers(scope: Construct, c: C, ctx: KitContext): void;
  /** The remote state backend (locked). */
  backend(stack: TerraformStack, c: C, ctx: KitContext): void;
  network(scope: Construct, c: C, ctx: KitContext): N;
  kubernetes(scope: Construct, c: C, net: N, ctx: KitContext): K;
  /** Cloud identities of the controllers that call the cloud, least privilege. */
  identity(scope: Construct, c: C, kube: K, ctx: KitContext): I;
  /** The secret backend: the database credentials and the registration live here. */
  secrets(scope: Construct, c: C, identity: I, ctx: KitContext): S;
  /** A database of one app; its credentials are written to the secret backend, never to the JSON. */
  database(scope: Construct, c: C, net: N, kube: K, secrets: S, db: DatabaseRequest, ctx: KitContext): DatabasePart;
  /** One budget with the description's alert thresholds. */
  budget(scope: Construct, c: C, ctx: KitContext): void;
  /** How the hub's Argo CD authenticates to the cluster. */
  registrationAuth(c: C, kube: K, identity: I, ctx: KitContext): RegistrationAuth;
}

/** What a kit needs beyond its own cluster. */
export interface KitContext {
  readonly platform: string;
  readonly domain: string;
  readonly entryFqdn: string;
  readonly environment: string;
  readonly awsAccount: string;
  /** Region of the hub, its registry and the state bucket's provider. */
  readonly hubRegion: string;
  readonly isHub: boolean;
  /** Tags every taggable resource carries. */
  readonly tags: Readonly<Record<string, string>>;
  /** Ranges allowed to reach the Kubernetes API, the hub's egress included. */
  readonly apiCidrs: readonly string[];
  /** The hub's OIDC issuer URL, which other clouds trust for the hub's controllers (a reference on spokes). */
  readonly hubIssuer: string;
  /** The IAM role the hub's Argo CD runs as. */
  readonly hubArgoRoleArn: string;
  /** IAM roles of the platform's administrators: cluster-admin on every EKS cluster. */
  readonly admins: readonly string[];
  /** The teams with apps on the cluster, with who they are in each cloud. */
  readonly teams: readonly TeamAccess[];
  /** Who budget alerts go to. */
  readonly notify: readonly string[];
  readonly state: StateLocation;
  /** The cluster runs apps' databases (their metrics then need a reader). */
  readonly databases: boolean;
}

export type StateLocation =
  | { readonly kind: "s3"; readonly bucket: string; readonly region: string; readonly key: string; /** The state key's alias ARN: state is written SSE-KMS with it. */ readonly kmsKeyId: string }
  | { readonly kind: "gcs"; readonly bucket: string; readonly prefix: string }
  | { readonly kind: "azurerm"; readonly storageAccount: string; readonly resourceGroup: string; readonly container: string; readonly key: string };

export interface NetworkPart {
  /** The provider's id of the network (VPC, VNet, bridge). */
  readonly networkId: string;
  /** Public addresses the cluster's traffic leaves from (NAT); the hub's are allowed to every API. */
  readonly egressAddresses: string[];
}

export interface KubernetesPart {
  readonly name: string;
  /** https:// URL of the API. */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly caData: string;
  /** The issuer URL of the cluster's service account tokens. */
  readonly oidcIssuer: string;
  /** Where clients reach the cluster's ingress (a DNS name or an address). */
  readonly ingressAddress: string;
}

export interface IdentityPart {
  /** The cloud identity id (role ARN, service account e-mail, client id) of each controller. */
  readonly ids: Readonly<Record<string, string>>;
}

export interface SecretsPart {
  /** The backend's id: where the cluster's secrets live. */
  readonly backendId: string;
  /**
   * Writes `value` (JSON; references only, never a literal secret) under the
   * logical `name`, such as triage/database. A sensitive value goes through
   * the write-only argument, so not even the state holds it.
   */
  write(scope: Construct, id: string, name: string, value: string, sensitive: boolean): void;
  /** The key the cluster's External Secrets read `name` by. */
  keyOf(name: string): string;
}

export interface DatabaseRequest {
  readonly app: string;
  /** Logical id of the database resource: database_<app>, which the removal guard reads. */
  readonly id: string;
  readonly size: "small" | "medium" | "large";
  readonly storageGb: number;
  readonly ha: boolean;
  /** The app's namespace (Proxmox databases run in it). */
  readonly namespace: string;
}

export interface DatabasePart {
  /** host:port */
  readonly endpoint: string;
  /** The secret-backend key of its credentials (JSON: host, port, dbname, username, password). */
  readonly secretKey: string;
}

/** Controllers that call a cloud API from inside the cluster. */
export const CONTROLLERS = ["external-secrets", "external-dns", "cert-manager"] as const;
export type Controller = (typeof CONTROLLERS)[number];
