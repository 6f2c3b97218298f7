import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";
import { POSTGRES_CLIENT_IMAGE } from "../addons/cloudnative-pg";

/** The app's own login role in its database: never the admin the cloud made. */
export function appRoleName(dbName: string): string {
  return `${dbName}_app`;
}

/** The Job (and its pods' app label) that keeps an app's database role. */
export function databaseRolesName(app: string): string {
  return `${app}-database-roles`;
}

export interface DatabaseRolesProps {
  readonly app: string;
  readonly namespace: string;
  readonly dbName: string;
  /** The Secret with the admin's connection (host, port, dbname, username, password). */
  readonly adminSecret: string;
  /** The Secret with the app role's password (key `password`). */
  readonly appSecret: string;
  /** Labels of the objects and the pod (the guardrails' and cost labels). */
  readonly labels: Record<string, string>;
}

/** psql script: the app's role exists, logs in with the app's password, and may use its database and the public schema. */
const SCRIPT = [
  "\\getenv app_user APP_USER",
  "\\getenv app_password APP_PASSWORD",
  "SELECT format('CREATE ROLE %I LOGIN', :'app_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \\gexec",
  "SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'app_user', :'app_password') \\gexec",
  "SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), :'app_user') \\gexec",
  "SELECT format('GRANT USAGE, CREATE ON SCHEMA public TO %I', :'app_user') \\gexec",
  "",
].join("\n");

/**
 * Before each sync of the app (an Argo CD PreSync hook), a Job logs in as
 * the admin the cloud made (RDS's master, Cloud SQL's and Azure's
 * administrator) and makes the app's own role: it logs in, owns what it
 * creates in the public schema, and is no superuser. The app never sees the
 * admin's Secret; the Job rereads it on every run, so the admin's rotation
 * (RDS rotates its secret every 7 days) never breaks it.
 */
export function databaseRoles(scope: Construct, id: string, props: DatabaseRolesProps): void {
  const name = databaseRolesName(props.app);
  const labels = { ...props.labels, "app.kubernetes.io/name": name };
  const hook = { "argocd.argoproj.io/hook": "PreSync", "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation" };
  new ApiObject(scope, `${id}-script`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: props.namespace, labels, annotations: hook }, data: { "roles.sql": SCRIPT } });
  const admin = (key: string) => ({ valueFrom: { secretKeyRef: { name: props.adminSecret, key } } });
  new ApiObject(scope, id, {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: props.namespace, labels, annotations: hook },
    spec: {
      backoffLimit: 6,
      activeDeadlineSeconds: 900,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "OnFailure",
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 26, runAsGroup: 26, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "roles",
              image: POSTGRES_CLIENT_IMAGE,
              command: ["psql", "-v", "ON_ERROR_STOP=1", "-X", "-f", "/scripts/roles.sql"],
              env: [
                { name: "PGHOST", ...admin("host") },
                { name: "PGPORT", ...admin("port") },
                { name: "PGDATABASE", ...admin("dbname") },
                { name: "PGUSER", ...admin("username") },
                { name: "PGPASSWORD", ...admin("password") },
                { name: "PGSSLMODE", value: "require" },
                { name: "APP_USER", value: appRoleName(props.dbName) },
                { name: "APP_PASSWORD", valueFrom: { secretKeyRef: { name: props.appSecret, key: "password" } } },
              ],
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              volumeMounts: [
                { name: "scripts", mountPath: "/scripts", readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "scripts", configMap: { name } },
            { name: "tmp", emptyDir: { sizeLimit: "16Mi" } },
          ],
        },
      },
    },
  });
}
