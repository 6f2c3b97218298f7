import { z } from "zod";
import { cidr, domain, httpPath, iamRoleArn, name, strict, uuid } from "./common";
import { clusterName, region } from "./clusters";
import { named, type Check } from "./check";

const bucket = z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "must be a bucket name: 3-63 lowercase letters, digits or '-'");

/** Where each provider's stacks keep their Terraform state; the bootstrap stack creates these. */
const state = strict({
  /** S3, for the AWS clusters and the global and bootstrap-created stacks. Locked with a lock file. */
  aws: strict({ bucket, region: region(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "eu-west-1") }),
  /** GCS, for the GCP clusters. */
  gcp: strict({
    bucket,
    project: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, "must be a GCP project id"),
    location: z.string().regex(/^[A-Za-z0-9-]+$/, "must be a GCS location such as EU or europe-west4"),
  }).optional(),
  /** An Azure storage account, for the Azure clusters. Entra ID authorizes it; it has no shared keys. */
  azure: strict({
    storageAccount: z.string().regex(/^[a-z0-9]{3,24}$/, "must be a storage account name: 3-24 lowercase letters or digits"),
    location: region(/^[a-z]+[a-z0-9]*$/, "westeurope"),
    subscription: uuid,
    /** The Entra ID group whose members apply the Azure stacks: it may read and write their state. */
    writers: uuid,
  }).optional(),
  /** Which of the stores above holds the Proxmox clusters' state. */
  proxmox: z.enum(["aws", "gcp", "azure"], { error: "must be one of: aws, gcp, azure" }).default("aws"),
});

export const platformSection = strict({
  name: name(),
  /** The public domain of the single entry point. */
  domain,
  /** Tagged on every cloud resource. */
  environment: z.enum(["production", "staging", "development"], { error: "must be one of: production, staging, development" }).default("production"),
  /** The AWS account of the hub, the public zone, the state bucket and the registry; its IAM roles are trusted by every cluster. */
  awsAccount: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id"),
  /** The team that answers for the platform; tagged as owner, and notified of budgets. */
  owner: name(),
  /** The one public name, <host>.<domain>, that reaches every healthy active cluster. */
  entry: strict({
    host: name().default("www"),
    /** HTTPS path the health checks request through each cluster's ingress. */
    healthPath: httpPath.default("/healthz"),
    /** The app that serves the entry name (it must run on every active cluster). @default none: the name serves nothing */
    app: name().optional(),
    /** Its component that serves it. @default the app's first component */
    component: name().optional(),
  }).default({ host: "www", healthPath: "/healthz" }),
  /**
   * The platform's administrators: IAM roles that get cluster-admin on every
   * EKS cluster (access entries). Without them only the identity that applied
   * the stack can reach it. AKS admins are each cluster's adminGroup. @default none
   */
  admins: strict({ aws: z.array(iamRoleArn).default([]) }).default({ aws: [] }),
  /**
   * `global` activates the `cluster` cost-allocation tag the AWS budgets count by. AWS offers a tag
   * only about a day after a resource first carries it, and only to the payer account: set this
   * then, where the platform's account pays its own bills; otherwise activate it in the payer's
   * Billing console. @default false
   */
  activateCostTag: z.boolean({ error: "must be true or false" }).default(false),
  /** Ranges (besides the hub's egress) that may reach the Kubernetes APIs, such as the office VPN. */
  apiAccess: z.array(cidr).default([]),
  gitops: strict({
    /** Git URL of this repository, which Argo CD reads. */
    repoURL: z.string().regex(/^(https:\/\/|ssh:\/\/|git@)\S+$/, "must be an https://, ssh:// or git@ URL"),
    /**
     * The repository needs credentials to read. Pull-mode clusters then keep
     * Argo CD's repository Secret from their secret backend (key
     * <cluster>/git-credentials: username, password); the hub's is added
     * once by hand (runbooks/bootstrap-hub.md). @default false
     */
    private: z.boolean({ error: "must be true or false" }).default(false),
    /**
     * Single sign-on to the hub's Argo CD (OIDC): the issuer and client id. The client secret is never in
     * the description: the hub's stack writes a placeholder at <platform>/<hub>/argocd-oidc (property
     * client-secret) for the operators to fill. Each team's group may then see and sync its own apps,
     * the owner team's may do anything. @default none: Argo CD's admin login only
     */
    sso: strict({
      issuer: z.string().regex(/^https:\/\/\S+$/, "must be an https:// URL"),
      clientID: z.string().regex(/^\S+$/, "must be the client id the identity provider gave Argo CD"),
    }).optional(),
    /** The branch of this repository that holds platform.yaml and runbooks/ (alerts link to its runbooks). */
    sourceBranch: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "must be a git branch name").default("main"),
    /** The branch `npm run publish` writes the rendered tree to. */
    branch: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "must be a git branch name").default("rendered-manifests"),
    /** The cluster that runs Argo CD for every other cluster. */
    hub: clusterName,
    /**
     * The order in which the hub rolls a change out across its clusters, by provider (Argo CD progressive
     * sync). A pull-mode cluster (Proxmox) is no step of it: its own Argo CD syncs when the branch moves,
     * so proxmox may be listed but gates nothing.
     */
    rollout: z
      .array(z.enum(["aws", "gcp", "azure", "proxmox"], { error: "must be one of: aws, gcp, azure, proxmox" }))
      .min(1, "list at least one provider")
      .default(["proxmox", "aws", "gcp", "azure"]),
  }),
  state,
  /**
   * Where the databases of apps with a failover order (apps[].failover) keep their archive: base backups and
   * every WAL segment, which the standbys on the other clusters replay. An S3 bucket in the platform's account
   * and the hub's region, made by the global stack. @default none
   */
  archive: strict({ bucket }).optional(),
});

/** What the description says on purpose is gone, so synth may drop its configuration. */
export const retired = strict({
  /** Clusters whose stacks were destroyed and may leave cdktf.out/. */
  clusters: z.array(clusterName).default([]),
  /** Databases, as <cluster>/<app>, that were destroyed or may be. */
  databases: z.array(z.string().regex(/^[a-z][-a-z0-9]*\/[a-z0-9][-a-z0-9]*$/, "must be <cluster>/<app>")).default([]),
});

export const checkPlatform: Check = (p, add) => {
  const clusters = named(p.clusters);
  const byName = new Map(clusters.map((c) => [c.name, p.clusters[c.i]]));
  const hub = p.platform.gitops?.hub;
  if (typeof hub === "string") {
    const c = byName.get(hub);
    if (!c) add("platform.gitops.hub", `'${hub}' is not a cluster; allowed: ${clusters.map((x) => x.name).join(", ")}`);
    else if (c.provider !== undefined && c.provider !== "aws") {
      add("platform.gitops.hub", `'${hub}' is a ${c.provider} cluster; the hub must be an aws cluster, whose IAM identities the other clouds trust`);
    }
  }
  const owner = p.platform.owner;
  const teams = named(p.teams).map((t) => t.name);
  if (typeof owner === "string" && !teams.includes(owner)) {
    add("platform.owner", `'${owner}' is not a team; allowed: ${teams.join(", ") || "(no teams are described)"}`);
  }
  if (p.clusters.length > 0 && !p.clusters.some((c) => c.traffic === undefined || c.traffic === "active")) {
    add("clusters", "at least one cluster must have traffic: active, or the public entry point has nowhere to send users");
  }
  const st = p.platform.state ?? {};
  for (const provider of ["gcp", "azure"]) {
    const first = p.clusters.findIndex((c) => c.provider === provider);
    const forProxmox = st.proxmox === provider && p.clusters.some((c) => c.provider === "proxmox");
    if ((first >= 0 || forProxmox) && typeof st === "object" && st[provider] === undefined) {
      add("platform.state", `has no '${provider}' store, but ${first >= 0 ? `clusters[${first}] is a ${provider} cluster` : "state.proxmox names it"}; add state.${provider}`);
    }
  }
  p.clusters.forEach((c, i) => {
    if (c.provider === "proxmox" && (c.traffic === undefined || c.traffic === "active")) {
      add(`clusters[${i}].traffic`, "must be drain on a proxmox cluster: a pull-mode cluster has no OIDC issuer the public DNS trusts, so it cannot serve the entry point");
    }
  });
  const rollout = Array.isArray(p.platform.gitops?.rollout) ? p.platform.gitops.rollout : undefined;
  if (rollout) {
    rollout.forEach((x: unknown, i: number) => {
      if (rollout.indexOf(x) !== i) add(`platform.gitops.rollout[${i}]`, `'${x}' is listed twice; each provider is one step`);
    });
    // Pull-mode clusters (Proxmox) sync on their own when the branch moves: they need no step of the hub's.
    const missing = [...new Set(p.clusters.map((c) => c.provider).filter((x) => typeof x === "string" && x !== "proxmox" && !rollout.includes(x)))];
    if (missing.length > 0) {
      add("platform.gitops.rollout", `has no step for ${missing.join(", ")}, whose clusters would then never sync; add ${missing.length > 1 ? "them" : "it"}`);
    }
  }
  const entry = p.platform.entry ?? {};
  if (typeof entry.app === "string") {
    const app = p.apps.find((a) => a.name === entry.app);
    if (!app) add("platform.entry.app", `'${entry.app}' is not an app; allowed: ${named(p.apps).map((a) => a.name).join(", ") || "(no apps are described)"}`);
    else {
      const runsOn = (c: any) => app.clusters === undefined || app.clusters === "all" || (Array.isArray(app.clusters) && app.clusters.includes(c.name));
      const absent = p.clusters.filter((c) => (c.traffic === undefined || c.traffic === "active") && !runsOn(c)).map((c) => c.name);
      if (absent.length > 0) add("platform.entry.app", `'${entry.app}' does not run on ${absent.join(", ")}, which serve the entry name; run it there or drain them`);
      // One writer: an app with a database is never weighted across clusters, each with a database of its own.
      const serving = p.clusters.filter((c) => (c.traffic === undefined || c.traffic === "active") && runsOn(c)).map((c) => c.name);
      if (app.database && app.failover === undefined && serving.length > 1) {
        add(
          `apps[${p.apps.indexOf(app)}]`,
          `'${app.name}' has a database on each of ${serving.join(", ")}, which all serve the entry name: weighted routing would split its users across ${serving.length} independent databases. Name its primary and standbys in apps[${p.apps.indexOf(app)}].failover, or drain all but one`,
        );
      }
      const components = Array.isArray(app.components) ? app.components.map((c: any) => c.name) : [];
      if (typeof entry.component === "string" && !components.includes(entry.component)) {
        add("platform.entry.component", `'${entry.component}' is not a component of '${entry.app}'; allowed: ${components.join(", ") || "(it has none: leave component out)"}`);
      }
    }
  } else if (typeof entry.component === "string") {
    add("platform.entry.component", "needs platform.entry.app: name the app first");
  }
  const retiredClusters = Array.isArray(p.retired.clusters) ? p.retired.clusters : [];
  retiredClusters.forEach((n: unknown, i: number) => {
    if (typeof n === "string" && byName.has(n)) add(`retired.clusters[${i}]`, `'${n}' is still described in clusters; retire a cluster only after removing it there`);
  });
};
