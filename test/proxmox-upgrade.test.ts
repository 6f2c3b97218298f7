/**
 * A version bump must never rebuild the homelab: the sample is rendered
 * before and after Renovate's kind of change (K3s release, kube-vip image,
 * Argo CD chart) and a new SSH key, and no VM may see a change that makes
 * bpg replace it. What runs on the nodes moves through git instead.
 */
import { resources } from "./helpers/stacks";

type Rendering = { stacks: { name: string; json: any }[]; charts: { cluster: string; objects: any[] }[] };

function render(bump: boolean): Rendering {
  let out: Rendering | undefined;
  jest.isolateModules(() => {
    if (bump) {
      // This registry's own copies of the pins, changed as Renovate would change the files.
      const images = require("../constructs/proxmox/k3s-images");
      images.K3S_RELEASES["1.35"] = "v1.35.99+k3s1";
      images.KUBE_VIP_IMAGE = "ghcr.io/kube-vip/kube-vip:v9.9.9";
      const versions = require("../constructs/addons/versions");
      versions.CHARTS.argoCd = { ...versions.CHARTS.argoCd, version: "99.0.0" };
    }
    const { renderSample } = require("./helpers/platform");
    out = renderSample((p: any) => {
      if (bump) p.clusters[3].sshKey = p.clusters[3].sshKey.replace("test@acme", "rotated@acme").replace("J8d1", "Z9d1");
    });
  });
  return out!;
}

/** Resources of the stack whose configuration differs between the two renderings, as type.id. */
function changed(before: any, after: any): Set<string> {
  const out = new Set<string>();
  for (const [type, byId] of Object.entries<any>(after.resource ?? {})) {
    for (const [id, r] of Object.entries<any>(byId)) if (JSON.stringify(before.resource?.[type]?.[id]) !== JSON.stringify(r)) out.add(`${type}.${id}`);
  }
  return out;
}

/** Attribute paths of a VM (list items as [i]) whose values refer to a changed resource, and that its lifecycle does not ignore. */
export function replacingChanges(vm: any, changedResources: Set<string>): string[] {
  const ignored = new Set<string>(vm.lifecycle?.ignore_changes ?? []);
  const hits: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (ignored.has(path)) return;
    if (typeof v === "string") {
      for (const ref of v.matchAll(/\$\{([a-z0-9_]+\.[a-z0-9_]+)\./g)) if (changedResources.has(ref[1])) hits.push(path);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) if (k !== "lifecycle" && k !== "depends_on") walk(x, path ? `${path}.${k}` : k);
  };
  walk(vm, "");
  return hits;
}

describe("a version bump on the homelab", () => {
  const before = render(false);
  const after = render(true);
  const stack = (r: Rendering) => r.stacks.find((s) => s.name === "home-d")!.json;

  test("changes the first-boot snippets, and no VM: each VM ignores its first-boot inputs", () => {
    const diff = changed(stack(before), stack(after));
    // The snippets carry the bumped versions and the key (for a node built later) ...
    expect([...diff].filter((r) => r.startsWith("proxmox_virtual_environment_file.")).sort()).toEqual(
      ["agent_1", "agent_2", "server_1", "server_2", "server_3"].map((n) => `proxmox_virtual_environment_file.${n}_user_data`),
    );
    // ... but no VM's own configuration moves, and nothing that does move reaches a VM unignored.
    expect([...diff].filter((r) => r.startsWith("proxmox_virtual_environment_vm."))).toEqual([]);
    for (const [id, vm] of Object.entries<any>(resources(stack(after), "proxmox_virtual_environment_vm"))) {
      expect({ id, replacing: replacingChanges(vm, diff) }).toEqual({ id, replacing: [] });
      expect(vm.lifecycle.ignore_changes).toEqual(["initialization[0].user_data_file_id", "disk[0].import_from"]);
    }
  });

  test("without the ignored inputs, the same bump would replace every VM (the guard above can fail)", () => {
    const diff = changed(stack(before), stack(after));
    const vms = Object.values<any>(resources(stack(after), "proxmox_virtual_environment_vm"));
    for (const vm of vms) expect(replacingChanges({ ...vm, lifecycle: undefined }, diff)).toEqual(["initialization[0].user_data_file_id"]);
  });

  test("reaches the running cluster through git: the K3s upgrade Plans, kube-vip and Argo CD move in place", () => {
    const objects = (r: Rendering) => r.charts.filter((c) => c.cluster === "home-d").flatMap((c) => c.objects);
    const plans = (r: Rendering) => objects(r).filter((o) => o.kind === "Plan").map((o) => [o.metadata.name, o.spec.version]);
    expect(plans(before)).toEqual([["server-plan", "v1.35.9+k3s1"], ["agent-plan", "v1.35.9+k3s1"]]);
    expect(plans(after)).toEqual([["server-plan", "v1.35.99+k3s1"], ["agent-plan", "v1.35.99+k3s1"]]);
    const vip = (r: Rendering) => objects(r).find((o) => o.kind === "DaemonSet" && o.metadata.name === "kube-vip").spec.template.spec.containers[0].image;
    expect([vip(before), vip(after)]).toEqual(["ghcr.io/kube-vip/kube-vip:v1.2.4", "ghcr.io/kube-vip/kube-vip:v9.9.9"]);
    // The Plan's fields are system-upgrade-controller v0.20.1's (pkg/apis/upgrade.cattle.io/v1/types.go): no schema is shared for it.
    const PLAN_FIELDS = ["concurrency", "jobActiveDeadlineSecs", "nodeSelector", "serviceAccountName", "channel", "version", "secrets", "tolerations", "exclusive", "window", "prepare", "upgrade", "cordon", "drain", "imagePullSecrets", "postCompleteDelay", "priorityClassName", "postCompleteLabels"];
    for (const plan of objects(after).filter((o) => o.kind === "Plan")) {
      expect(Object.keys(plan.spec).filter((k) => !PLAN_FIELDS.includes(k))).toEqual([]);
      expect(plan.spec.upgrade.image).toBe("rancher/k3s-upgrade");
      expect(plan.metadata.namespace).toBe("system-upgrade");
    }
    const argo = (r: Rendering) => objects(r).find((o) => o.kind === "Application" && o.metadata.name === "argo-cd").spec.sources[0].targetRevision;
    expect([argo(before), argo(after)]).toEqual(["10.1.1", "99.0.0"]);
  });
});
