import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import type { Cluster } from "../../lib/model/schema";
import { KEEP_ANNOTATION } from "../argocd/types";
import { CLUSTER_STORE, externalSecret } from "./secret-store";
import { appRoleName } from "./database-roles";
import { databaseName } from "../cluster/names";

export interface DatabaseSecretProps {
  readonly cluster: Cluster;
  readonly app: string;
  readonly namespace: string;
  /** The key the cluster's stack writes the credentials (or, on AWS, the connection) under. */
  readonly key: string;
  /** On AWS: the RDS instance whose own password secret holds the password. */
  readonly rdsInstanceArn?: string;
  readonly labels: Record<string, string>;
}

/** The Secret an app reads its database from: host, port, dbname, and its own role's username and password. */
export function databaseSecretName(app: string): string {
  return `${app}-database`;
}

/** The Secret of the admin the cloud made: only the role Job (database-roles.ts) reads it. */
export function databaseAdminSecretName(app: string): string {
  return `${app}-database-admin`;
}

/**
 * The app's database Secrets from the cluster's secret backend: the admin's
 * (on AWS its password is RDS's own secret, found by the tag RDS puts on it,
 * beside the connection the stack wrote), and the app's own: the same
 * connection with the app's role and a password External Secrets generates
 * once (the role Job sets it in the database).
 */
export function databaseSecrets(scope: Construct, id: string, props: DatabaseSecretProps & { readonly dbName: string }): ApiObject {
  const admin = databaseAdminExternalSecret(scope, `${id}-admin`, props);
  const name = databaseSecretName(props.app);
  passwordGenerator(scope, `${id}-password`, name, props.namespace, props.labels);
  new ApiObject(scope, `${id}-app`, {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name, namespace: props.namespace, labels: props.labels },
    spec: {
      // Generated once: a new password on every refresh would lock the app out until the role Job ran again.
      refreshPolicy: "CreatedOnce",
      secretStoreRef: { kind: "ClusterSecretStore", name: CLUSTER_STORE },
      target: {
        name,
        creationPolicy: "Owner",
        deletionPolicy: "Retain",
        template: { engineVersion: "v2", data: { host: "{{ .host }}", port: "{{ .port }}", dbname: "{{ .dbname }}", username: appRoleName(props.dbName), password: "{{ .generated }}" } },
      },
      dataFrom: [
        { extract: { key: props.key } },
        { sourceRef: { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "Password", name } }, rewrite: [{ regexp: { source: "^password$", target: "generated" } }] },
      ],
    },
  });
  return admin;
}

function databaseAdminExternalSecret(scope: Construct, id: string, props: DatabaseSecretProps): ApiObject {
  const name = databaseAdminSecretName(props.app);
  const aws = props.cluster.provider === "aws";
  const target = aws
    ? {
        name,
        creationPolicy: "Owner",
        deletionPolicy: "Retain",
        template: {
          engineVersion: "v2",
          data: {
            host: "{{ .host }}",
            port: "{{ .port }}",
            dbname: "{{ .dbname }}",
            username: "{{ .username }}",
            password: "{{ (.master | fromJson).password }}",
          },
        },
      }
    : { name, creationPolicy: "Owner", deletionPolicy: "Retain" };
  const dataFrom: object[] = [{ extract: { key: props.key } }];
  if (aws) {
    dataFrom.push({
      find: { tags: { "aws:rds:primaryDBInstanceArn": props.rdsInstanceArn } },
      rewrite: [{ regexp: { source: "^rds!db-.*$", target: "master" } }],
    });
  }
  return new ApiObject(scope, id, {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name, namespace: props.namespace, labels: props.labels },
    spec: { refreshInterval: "1h", secretStoreRef: { kind: "ClusterSecretStore", name: CLUSTER_STORE }, target, dataFrom },
  });
}

/** The part of a Cluster's spec its shape gives: instances, volumes, resources, and its pods' labels. */
export function cnpgShapeSpec(props: CnpgShape) {
  return {
    instances: props.instances,
    storage: { size: `${props.storageGb}Gi`, storageClass: props.storageClass },
    // Requests and a memory limit of its own size: memory is not overcommitted for a database.
    resources: { requests: { cpu: props.resources.cpu, memory: props.resources.memory }, limits: { memory: props.resources.memory } },
    inheritedMetadata: { labels: { "app.kubernetes.io/name": cnpgClusterName(props.app), ...props.podLabels } },
  };
}

/** What every CloudNativePG Cluster of an app is made of: its size, its volumes, and its pods' labels. */
export interface CnpgShape {
  readonly app: string;
  readonly namespace: string;
  readonly instances: number;
  readonly storageGb: number;
  /** The StorageClass of its volumes (the cluster's default, named). */
  readonly storageClass: string;
  /** CPU and memory of each instance. */
  readonly resources: { readonly cpu: string; readonly memory: string };
  /** Labels of every pod CloudNativePG makes: the guardrails require a name and a team. */
  readonly podLabels: Record<string, string>;
  readonly labels: Record<string, string>;
}

export interface CnpgDatabaseProps extends CnpgShape {
  /** Where the credentials go in the cluster's Vault. */
  readonly vaultKey: string;
  /** Base backups and WAL to an S3-compatible store, with the Vault key of its access key. @default none */
  readonly backups?: { readonly endpoint: string; readonly bucket: string; readonly retention: string; readonly prefix: string; readonly vaultKey: string };
}

/** Where the object store's access key lives in a Proxmox cluster's Vault (the stack writes a placeholder). */
export const BACKUPS_KEY = "backups";

/** The Secret (from the cluster's Vault) with the object store's access key, per database. */
export function backupSecretName(app: string): string {
  return `${cnpgClusterName(app)}-backup`;
}

/**
 * On Proxmox: a CloudNativePG cluster in the team's namespace, kept when its
 * Application goes (its pods labelled and sized as the guardrails demand of
 * every pod there), and a PushSecret that copies the credentials CloudNativePG
 * generates into the cluster's Vault (the secret backend holds them on every
 * cloud). The app reads the same Secret keys as on the clouds.
 */
/** The CloudNativePG Cluster of an app; its pods carry it as the cnpg.io/cluster label. */
export function cnpgClusterName(app: string): string {
  return `${app}-db`;
}

export function cnpgDatabase(scope: Construct, id: string, props: CnpgDatabaseProps): void {
  const cluster = cnpgClusterName(props.app);
  const b = props.backups;
  const dbname = databaseName(props.app);
  new ApiObject(scope, id, {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: { name: cluster, namespace: props.namespace, labels: props.labels, annotations: { ...KEEP_ANNOTATION } },
    spec: {
      ...cnpgShapeSpec(props),
      bootstrap: { initdb: { database: dbname, owner: dbname } },
      // Continuous archiving: every WAL segment and a daily base backup to the object store, kept for the retention.
      ...(b
        ? {
            backup: {
              retentionPolicy: b.retention,
              barmanObjectStore: {
                destinationPath: `s3://${b.bucket}/${b.prefix}`,
                endpointURL: b.endpoint,
                s3Credentials: {
                  accessKeyId: { name: backupSecretName(props.app), key: "access-key-id" },
                  secretAccessKey: { name: backupSecretName(props.app), key: "secret-access-key" },
                },
                wal: { compression: "gzip" },
                data: { compression: "gzip" },
              },
            },
          }
        : {}),
    },
  });
  if (b) {
    new ApiObject(
      scope,
      `${id}-backup-credentials`,
      externalSecret(
        backupSecretName(props.app),
        props.namespace,
        { kind: "ClusterSecretStore", name: CLUSTER_STORE },
        ["access-key-id", "secret-access-key"].map((k) => ({ secretKey: k, key: b.vaultKey, property: k })),
        props.labels,
      ),
    );
    new ApiObject(scope, `${id}-daily`, {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "ScheduledBackup",
      metadata: { name: `${cluster}-daily`, namespace: props.namespace, labels: props.labels },
      // Six fields (seconds first): 03:00 every day; one at once when it is created.
      spec: { schedule: "0 0 3 * * *", immediate: true, backupOwnerReference: "self", method: "barmanObjectStore", cluster: { name: cluster } },
    });
  }
  new ApiObject(scope, `${id}-push`, {
    apiVersion: "external-secrets.io/v1alpha1",
    kind: "PushSecret",
    metadata: { name: `${cluster}-credentials`, namespace: props.namespace, labels: props.labels },
    spec: {
      refreshInterval: "1h",
      updatePolicy: "Replace",
      deletionPolicy: "None",
      secretStoreRefs: [{ kind: "ClusterSecretStore", name: CLUSTER_STORE }],
      selector: { secret: { name: `${cluster}-app` } },
      data: ["host", "port", "dbname", "username", "password"].map((key) => ({
        match: { secretKey: key, remoteRef: { remoteKey: props.vaultKey, property: key } },
      })),
    },
  });
}

/** A Secret with one key, `password`, that External Secrets generates once on the cluster and never rotates. */
export function generatedSecret(scope: Construct, id: string, props: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> }): ApiObject {
  const { name, namespace, labels } = props;
  passwordGenerator(scope, `${id}-password`, name, namespace, labels);
  return new ApiObject(scope, id, {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name, namespace, labels },
    spec: {
      refreshPolicy: "CreatedOnce",
      target: { name, creationPolicy: "Owner", deletionPolicy: "Retain" },
      dataFrom: [{ sourceRef: { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "Password", name } } }],
    },
  });
}

/** External Secrets' Password generator: 32 letters and digits, read once by the ExternalSecret of the same name. */
function passwordGenerator(scope: Construct, id: string, name: string, namespace: string, labels: Record<string, string>): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: "generators.external-secrets.io/v1alpha1",
    kind: "Password",
    metadata: { name, namespace, labels },
    spec: { length: 32, digits: 6, symbols: 0, noUpper: false, allowRepeat: true },
  });
}
