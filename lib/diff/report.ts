import type { Diff } from "./diff";

export interface ReportOptions {
  /** What the render was compared with, said in the heading. */
  readonly against: string;
  /** Stacks in the order they are applied: bootstrap, the hub, the other clusters, global. */
  readonly applyOrder: readonly string[];
  /** The rollout order of the clusters (the fleet's steps). */
  readonly rollout: readonly string[];
  readonly markdown: boolean;
  /** Cut the details to fit this many characters (a pull request comment holds 65,536); the guard always shows. */
  readonly maxChars?: number;
}

/** The diff for a reviewer: the blast radius first, then each place and stack, the apply order, and the guard. */
export function report(d: Diff, o: ReportOptions): string {
  const md = o.markdown;
  const out: string[] = [];
  const h = (level: number, text: string) => out.push(md ? `${"#".repeat(level)} ${text}` : level === 1 ? text : `== ${text} ==`);
  const fence = (lang: string, body: string) => out.push(md ? `\`\`\`${lang}\n${body}\n\`\`\`` : body.replace(/^/gm, "      "));
  h(1, `basecamp diff: the working tree's render against ${o.against}`);
  const r = d.radius;
  const steps = o.rollout.filter((c) => r.clusters.includes(c)).map((c) => `${c} (step ${o.rollout.indexOf(c) + 1})`);
  const line = (label: string, xs: readonly string[]) => out.push(`${md ? "- **" : ""}${label}${md ? "**" : ""}: ${xs.length > 0 ? xs.join(", ") : "none"}`);
  out.push(md ? "" : "blast radius:");
  line("clusters", r.clusters);
  line("teams", r.teams);
  line("apps", r.apps);
  line("add-ons", r.addOns);
  line("rollout steps", steps);
  const apply = o.applyOrder.filter((s) => d.stacks.has(s));
  out.push(`${md ? "- **" : ""}stacks to apply after merging, in order${md ? "**" : ""}: ${apply.length > 0 ? apply.join(", ") : "none"}`);
  // The guard before the details: a long diff is cut, the guard never.
  if (d.replacements.length > 0) {
    out.push("");
    h(2, `REPLACEMENT GUARD: ${d.replacements.length} change${d.replacements.length === 1 ? "" : "s"} would destroy or replace something that holds data`);
    for (const x of d.replacements) out.push(`${md ? "- " : "  "}${md ? "`" : ""}${x.where}${md ? "`" : ""}: ${x.why}`);
    out.push("", "If that is intended, say so: npm run diff -- --allow-replace (and retire what goes, in platform.yaml).");
  }
  if (d.places.size === 0 && d.stacks.size === 0) {
    out.push("", "nothing changes");
    return `${out.join("\n")}\n`;
  }
  for (const [place, changes] of [...d.places].sort(([a], [b]) => a.localeCompare(b))) {
    out.push("");
    h(2, place.startsWith("clusters/") ? `cluster ${place.slice("clusters/".length)}` : `${place}/`);
    for (const c of changes) {
      out.push(`${md ? "- " : "  "}${c.change.padEnd(md ? 0 : 8)} ${md ? "`" : ""}${c.path}${md ? "`" : ""} (${c.what})`);
      if (c.patch) fence("diff", c.patch.trimEnd());
    }
  }
  for (const [stack, changes] of [...d.stacks].sort(([a], [b]) => a.localeCompare(b))) {
    out.push("");
    h(2, `stack ${stack}`);
    for (const c of changes) {
      out.push(`${md ? "- " : "  "}${c.change.padEnd(md ? 0 : 8)} ${md ? "`" : ""}${c.address}${md ? "`" : ""}`);
      for (const a of c.attributes ?? []) {
        if (a.patch.includes("\n")) {
          out.push(`${md ? "  - " : "      "}${a.path}:`);
          fence("diff", a.patch);
        } else out.push(`${md ? "  - " : "      "}${a.path}: ${a.patch}`);
      }
    }
  }
  const text = `${out.join("\n")}\n`;
  if (o.maxChars === undefined || text.length <= o.maxChars) return text;
  const note = `\n${md ? "_" : ""}(cut to ${o.maxChars} characters: run npm run diff for the rest)${md ? "_" : ""}\n`;
  // Cut at a line, and close an open code fence.
  let cut = text.slice(0, o.maxChars - note.length - 8);
  cut = cut.slice(0, cut.lastIndexOf("\n") + 1);
  const fences = (cut.match(/^```/gm) ?? []).length;
  return `${cut}${md && fences % 2 === 1 ? "```\n" : ""}${note}`;
}
