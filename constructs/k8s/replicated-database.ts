import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import { KEEP_ANNOTATION } from "../argocd/types";
import { primaryOf, type Failover } from "../../lib/model/resolve";
import { databaseName } from "../cluster/names";
import { appRoleName } from "./database-roles";
import { cnpgClusterName, cnpgShapeSpec, databaseSecretName, type CnpgShape } from "./database";
import { CLUSTER_STORE, externalSecret } from "./secret-store";

/** Where each cluster's backend keeps the archive's access key (the stack writes a placeholder). */
export const ARCHIVE_KEY = "archive";

/** Where each copy's backend keeps the app's login, and what the stack puts there until the operators do. */
export const loginKeyName = (app: string) => `${app}/database-login`;
export const LOGIN_PLACEHOLDER = "SET-ME";

/** The database's copy on one cluster: CloudNativePG's Cluster is named the same everywhere, its archive by cluster. */
export function copyName(app: string, cluster: string): string {
  return `${cnpgClusterName(app)}-${cluster}`;
}

/** Where an app's copies archive, in the platform's bucket: one folder per app, one server per cluster below it. */
export function archivePath(bucket: string, app: string): string {
  return `s3://${bucket}/${app}/`;
}

export interface ReplicatedDatabaseProps extends CnpgShape {
  /** This cluster. */
  readonly self: string;
  /** The app's failover order and where the writer is (resolve.ts). */
  readonly failover: Failover;
  readonly archive: { readonly bucket: string; readonly region: string; readonly vaultKey: string };
  /** Where the cluster's backend keeps the app's login, the same on every copy (the stack writes a placeholder). */
  readonly loginKey: string;
}

/**
 * One copy of an app's single-writer database (CloudNativePG's distributed
 * topology): every cluster of the failover order runs the same Cluster, each
 * archiving to its own folder of the platform's bucket; `replica.primary`
 * names the copy that takes writes, and every other one replays its archive.
 * A hand-over takes two commits (primaryOf): the drain demotes the old
 * primary, and its demotion token, recorded as `switchover`, promotes the
 * new one without a lost write.
 * The app's role is CloudNativePG's to keep (managed roles, on the primary
 * only), with the one password every copy's backend holds, so the app logs
 * in on every copy (reads on a standby) and nothing changes at a promotion.
 */
export function replicatedDatabase(scope: Construct, id: string, props: ReplicatedDatabaseProps): void {
  const name = cnpgClusterName(props.app);
  const dbname = databaseName(props.app);
  const { order, origin } = props.failover;
  const primary = primaryOf(props.failover, props.self);
  const credentials = `${name}-archive`;
  const store = (cluster: string) => ({
    destinationPath: archivePath(props.archive.bucket, props.app),
    serverName: copyName(props.app, cluster),
    s3Credentials: {
      accessKeyId: { name: credentials, key: "access-key-id" },
      secretAccessKey: { name: credentials, key: "secret-access-key" },
      region: { name: credentials, key: "region" },
    },
    wal: { compression: "gzip", maxParallel: 4 },
    data: { compression: "gzip" },
  });
  // Read only when the Cluster is made (CloudNativePG's webhook checks it then, not on updates): the first listed
  // makes the database until the writer was first handed over; any other copy restores the archive of the primary it
  // names (a primary made again, its own: the newest there is).
  const fresh = props.self === origin && !props.failover.handedOver;
  // A replica reads the primary's archive; the primary names the next copy, which it follows once demoted.
  const source = props.self === primary ? order.find((c) => c !== props.self) ?? primary : primary;
  // Promoted with the old primary's token: it first replays up to the point where that one stopped.
  const token = props.self === primary && props.failover.token ? { promotionToken: props.failover.token } : {};
  // A standby made again restores into its own folder, where its earlier life left WAL: the restore must not refuse
  // it. Never for initdb: a database made empty over a real archive must stop there, not overwrite it.
  const reuse: Record<string, string> = fresh ? {} : { "cnpg.io/skipEmptyWalArchiveCheck": "enabled" };
  new ApiObject(scope, id, {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: { name, namespace: props.namespace, labels: props.labels, annotations: { ...KEEP_ANNOTATION, ...reuse } },
    spec: {
      ...cnpgShapeSpec(props),
      bootstrap: fresh ? { initdb: { database: dbname, owner: dbname } } : { recovery: { source: copyName(props.app, primary), database: dbname, owner: dbname } },
      replica: { self: copyName(props.app, props.self), primary: copyName(props.app, primary), source: copyName(props.app, source), ...token },
      externalClusters: order.map((c) => ({ name: copyName(props.app, c), barmanObjectStore: store(c) })),
      backup: { retentionPolicy: "14d", barmanObjectStore: store(props.self) },
      managed: {
        roles: [{ name: appRoleName(dbname), ensure: "present", login: true, inherit: true, inRoles: [dbname], passwordSecret: { name: databaseSecretName(props.app) } }],
      },
    },
  });
  new ApiObject(scope, `${id}-daily`, {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "ScheduledBackup",
    metadata: { name: `${name}-daily`, namespace: props.namespace, labels: props.labels },
    spec: { schedule: "0 0 3 * * *", immediate: true, backupOwnerReference: "self", method: "barmanObjectStore", cluster: { name } },
  });
  new ApiObject(
    scope,
    `${id}-archive-credentials`,
    externalSecret(
      credentials,
      props.namespace,
      { kind: "ClusterSecretStore", name: CLUSTER_STORE },
      ["access-key-id", "secret-access-key", "region"].map((k) => ({ secretKey: k, key: props.archive.vaultKey, property: k })),
      props.labels,
    ),
  );
  // The app's login, one password on every copy (a standby's role is the primary's, replicated): from the
  // cluster's backend, where the operators put it once. The stack's placeholder fails the template, so no Secret,
  // and no role password, ever holds it.
  const secret = databaseSecretName(props.app);
  new ApiObject(scope, `${id}-app`, {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name: secret, namespace: props.namespace, labels: props.labels },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { kind: "ClusterSecretStore", name: CLUSTER_STORE },
      target: {
        name: secret,
        creationPolicy: "Owner",
        deletionPolicy: "Retain",
        template: {
          engineVersion: "v2",
          type: "kubernetes.io/basic-auth",
          // CloudNativePG watches Secrets with this label and sets a changed password at once.
          metadata: { labels: { "cnpg.io/reload": "true" } },
          data: {
            host: `${name}-rw`,
            port: "5432",
            dbname,
            username: appRoleName(dbname),
            password: `{{ if eq .password "${LOGIN_PLACEHOLDER}" }}{{ fail "${props.loginKey} still holds the stack's placeholder: put the app's password there (gitops-out/runbooks/failover-${props.app}.md, step 0)" }}{{ end }}{{ .password }}`,
          },
        },
      },
      dataFrom: [{ extract: { key: props.loginKey } }],
    },
  });
}
