import { objectsOf, type RenderedTree } from "../checks/finding";
import type { StackOutput } from "../pipeline/terraform";
import { BOOTSTRAP_AZURE_STACK, BOOTSTRAP_GCP_STACK, BOOTSTRAP_STACK, GLOBAL_STACK } from "../model/reserved";
import { BOOTSTRAP_DIR, HUB_DIR } from "../layout";
import { syncOrder } from "../../constructs/argocd/add-on";

/** One step of bringing the platform up: what to run, and what must be true before the next. */
export interface BringUpStep {
  readonly title: string;
  readonly run: readonly string[];
  readonly watch: readonly string[];
}

/** The stacks whose state a stack reads (terraform_remote_state), by the state key each names. */
export function stateReads(stack: StackOutput, names: readonly string[]): string[] {
  return Object.values<any>(stack.json.data?.terraform_remote_state ?? {}).flatMap((r) => {
    const c = r.config ?? {};
    const key: string = c.key ?? c.prefix ?? "";
    return names.filter((n) => key === `${n}/terraform.tfstate` || key === n || key === `${n}.tfstate`);
  });
}

/**
 * The order to apply the stacks in: the state stores first (their state is
 * local), then every cluster after the stacks whose state it reads, then
 * global (the entry's records need every cluster's ingress name).
 */
export function stackOrder(stacks: readonly StackOutput[]): string[] {
  const names = stacks.map((s) => s.name);
  const first = [BOOTSTRAP_STACK, BOOTSTRAP_GCP_STACK, BOOTSTRAP_AZURE_STACK].filter((n) => names.includes(n));
  const rest = stacks.filter((s) => !first.includes(s.name) && s.name !== GLOBAL_STACK);
  const done = new Set(first);
  const order = [...first];
  while (order.length < first.length + rest.length) {
    const next = rest.find((s) => !done.has(s.name) && stateReads(s, names).every((n) => done.has(n)));
    if (!next) throw new Error(`the stacks read each other's state in a cycle: ${rest.filter((s) => !done.has(s.name)).map((s) => s.name).join(", ")}`);
    order.push(next.name);
    done.add(next.name);
  }
  return names.includes(GLOBAL_STACK) ? [...order, GLOBAL_STACK] : order;
}

/** The Argo CD objects of a folder by sync wave, lowest first. */
function byWave(tree: RenderedTree, dir: string): [number, string[]][] {
  const waves = new Map<number, string[]>();
  for (const { object, chart } of objectsOf(tree)) {
    if (chart.dir !== dir) continue;
    const wave = Number(object.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
    waves.set(wave, [...(waves.get(wave) ?? []), `${object.kind}/${object.metadata.name}`]);
  }
  return [...waves.entries()].sort(([a], [b]) => a - b).map(([w, xs]) => [w, xs.sort()]);
}

/** The clusters in the order they come up: pull-mode ones on their own as soon as the branch moves, then the hub's rollout. */
export function clustersInOrder(tree: RenderedTree) {
  const p = tree.resolved;
  const push = p.platform.platform.gitops.rollout.flatMap((provider) => p.clusters.filter((c) => c.provider === provider && c.delivery === "push"));
  return [...p.clusters.filter((c) => c.delivery === "pull"), ...push];
}

/** Every step, in order, for the description at hand. */
export function bringUpPlan(tree: RenderedTree): BringUpStep[] {
  const p = tree.resolved;
  const order = stackOrder(tree.stacks);
  const hub = p.hub.name;
  const argo = tree.addOns(p.hub).find((a) => a.name === "argo-cd");
  const steps: BringUpStep[] = [];
  const apply = (s: string) => `(cd cdktf.out/stacks/${s} && terraform init && terraform apply)`;
  for (const s of order) {
    const c = p.clusters.find((x) => x.name === s);
    const watch: string[] = [];
    if (c?.provider === "proxmox") {
      watch.push("first: the Proxmox host's prerequisites (README: Applying the stacks) and Vault's KV mount");
      watch.push(`the servers answer at ${c.spec.provider === "proxmox" ? c.spec.apiAddress : ""}:6443 and the stack's CA fetch succeeds`);
    }
    if (c?.provider === "azure") watch.push("you are a member of the cluster's adminGroup (Key Vault writes)");
    if (c?.provider === "gcp") watch.push("you reach the GKE API from an apiAccess range (the stack binds the hub's Argo CD inside it)");
    if (s === hub) watch.push("outputs egress_addresses and oidc_issuer exist: every other cluster's stack reads them");
    if (s === GLOBAL_STACK) watch.push("delegate the domain to the name_servers output");
    const reads = tree.stacks.find((x) => x.name === s);
    const after = reads ? stateReads(reads, order) : [];
    steps.push({ title: `apply ${s}${after.length ? ` (reads the state of ${after.join(", ")})` : ""}`, run: [apply(s)], watch });
  }
  steps.push({ title: "publish the rendered branch", run: ["npm run publish -- --push"], watch: [`the branch ${p.platform.platform.gitops.branch} exists on the remote`] });
  steps.push({
    title: `install Argo CD on the hub (${hub}) and apply bootstrap/`,
    run: [
      `aws eks update-kubeconfig --name ${hub}   # as a role of platform.admins.aws`,
      `helm upgrade --install argo-cd ${argo?.chart ?? "argo-cd"} --repo ${argo?.repoURL ?? ""} --version ${argo?.version ?? ""} --namespace argocd --create-namespace --values gitops-out/clusters/${hub}/values/argo-cd.yaml`,
      "kubectl apply -k gitops-out/bootstrap",
    ],
    watch: byWave(tree, BOOTSTRAP_DIR).map(([w, xs]) => `wave ${w}: ${xs.join(", ")}`),
  });
  steps.push({
    title: "hub/ syncs wave by wave",
    run: ["kubectl -n argocd get applications,applicationsets,externalsecrets -w"],
    watch: byWave(tree, HUB_DIR).map(([w, xs]) => `wave ${w} Healthy before the next: ${xs.join(", ")}`),
  });
  for (const c of clustersInOrder(tree)) {
    const pull = c.delivery === "pull";
    const waves = new Map<number, string[]>();
    const said = { base: "the base folder (namespaces, secret store, the add-ons' Secrets)", platform: "the platform folder" };
    for (const s of syncOrder(c, tree.addOns(c))) {
      const what = s.kind === "addon" ? s.name : s.kind === "apps" ? `the apps (${s.name})` : said[s.kind];
      waves.set(s.wave, [...(waves.get(s.wave) ?? []), what]);
    }
    steps.push({
      title: `${c.name}: ${pull ? "its own Argo CD pulls its folder (pull mode), wave by wave" : `the hub's fleet rolls it out (rollout order ${c.provider}), step by step`}`,
      run: pull ? [`ssh basecamp@<a server> sudo k3s kubectl -n argocd get applications -w`] : [`kubectl -n argocd get applications -l basecamp.dev/cluster=${c.name} -w`],
      watch: [...waves.entries()].sort(([a], [b]) => a - b).map(([w, xs]) => `${pull ? "wave" : "step at wave"} ${w} Synced and Healthy before the next: ${xs.join(", ")}`),
    });
  }
  return steps;
}

/** The plan as the command prints it. */
export function formatPlan(steps: readonly BringUpStep[]): string {
  return steps
    .map((s, i) => [`${i + 1}. ${s.title}`, ...s.run.map((r) => `     $ ${r}`), ...s.watch.map((w) => `     - ${w}`)].join("\n"))
    .join("\n")
    .concat("\n");
}
