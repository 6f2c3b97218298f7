import type { Description } from "../model/load";
import { PRICES_DATE } from "./prices";
import type { ClusterCost } from "./estimate";

const usd = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;

/** The estimate as the terminal shows it, and whether every cluster's floor fits its budget. */
export function report(costs: readonly ClusterCost[], d: Pick<Description, "file">, detail: boolean): { text: string; overBudget: string[] } {
  const lines: string[] = [`basecamp cost estimate of ${d.file}: list prices of ${PRICES_DATE}, US dollars a month`, ""];
  const row = (cells: string[]) => lines.push(`${cells[0].padEnd(12)}${cells[1].padEnd(10)}${cells.slice(2, 5).map((c) => c.padStart(10)).join("")}  ${cells[5] ?? ""}`.trimEnd());
  row(["cluster", "provider", "floor", "ceiling", "budget", "status"]);
  const overBudget: string[] = [];
  for (const c of costs) {
    let status = "";
    if (c.budget !== undefined) {
      const share = Math.round((c.floor / c.budget) * 100);
      if (c.floor > c.budget) {
        status = `OVER (${share}%)`;
        overBudget.push(c.cluster);
      } else status = c.ceiling > c.budget ? `ok (${share}%), over at full scale` : `ok (${share}%)`;
    }
    row([c.cluster, c.provider, usd(c.floor), usd(c.ceiling), c.budget === undefined ? "-" : usd(c.budget), status]);
    if (detail) for (const i of c.items) lines.push(`    ${i.item.padEnd(52)}${usd(i.floor).padStart(10)}${i.ceiling !== i.floor ? `  up to ${usd(i.ceiling)}` : ""}`);
  }
  const floor = costs.reduce((n, c) => n + c.floor, 0);
  const ceiling = costs.reduce((n, c) => n + c.ceiling, 0);
  row(["total", "", usd(floor), usd(ceiling)]);
  lines.push("", `${"team".padEnd(22)}${"floor".padStart(10)}`);
  const teams = new Map<string, number>();
  for (const c of costs) for (const [t, v] of Object.entries(c.byTeam)) teams.set(t, (teams.get(t) ?? 0) + v);
  for (const [t, v] of [...teams].sort((a, b) => b[1] - a[1])) lines.push(`${t.padEnd(22)}${usd(v).padStart(10)}`);
  lines.push(
    "",
    "floor: node pools at their autoscalers' minimum; ceiling: at their maximum. Teams pay for their workloads' requests and",
    "their databases; the platform's owner for the rest. Data transfer and requests to managed services are not included.",
  );
  const warnings = costs.flatMap((c) => c.warnings);
  if (warnings.length > 0) lines.push("", ...warnings.map((w) => `warning: ${w}`));
  if (overBudget.length > 0) lines.push("", `over budget: ${overBudget.join(", ")}`);
  return { text: `${lines.join("\n")}\n`, overBudget };
}
