import { objectsOf, type Check, type Finding } from "./finding";

/** Whether `name` falls under `domain` (the name itself or a subdomain), as ExternalDNS's domain filters read it. */
function under(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/**
 * One writer per DNS name: a name the global stack owns (the entry's
 * weighted records) is one no cluster's ExternalDNS publishes from its
 * routes or services (its --exclude-domains leaves it out). Two writers
 * either fight forever or fail the other's apply.
 */
export const oneDnsWriter: Check = {
  name: "dns-writers",
  run(tree) {
    const global = tree.stacks.find((s) => s.name === "global");
    const owned = new Set(Object.values<any>(global?.json.resource?.aws_route53_record ?? {}).filter((r) => r.type !== "CAA").map((r) => r.name as string));
    const findings: Finding[] = [];
    const objects = objectsOf(tree);
    for (const cluster of tree.resolved.clusters) {
      const dns = tree.addOns(cluster).find((a) => a.name === "external-dns");
      if (!dns) continue;
      const values = dns.values(cluster, tree.resolved) as { domainFilters?: string[]; extraArgs?: string[] };
      const excluded = (values.extraArgs ?? []).filter((a) => a.startsWith("--exclude-domains=")).map((a) => a.slice("--exclude-domains=".length));
      const publishes = (name: string) => (values.domainFilters ?? []).some((d) => under(name, d)) && !excluded.some((d) => under(name, d));
      for (const { object, label, origin } of objects.filter((o) => o.chart.cluster === cluster.name)) {
        const names: string[] =
          object.kind === "HTTPRoute" ? ((object.spec as any)?.hostnames ?? []) : [(object.metadata.annotations ?? {})["external-dns.alpha.kubernetes.io/hostname"]].filter(Boolean).flatMap((h: string) => h.split(","));
        for (const name of names.filter((n) => owned.has(n) && publishes(n))) {
          findings.push({ severity: "error", where: label, source: origin.source, message: `ExternalDNS of ${cluster.name} would publish ${name}, which the global stack owns (its weighted records); exclude it from ExternalDNS` });
        }
      }
    }
    return findings;
  },
};
