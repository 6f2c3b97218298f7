/** IPv4 CIDR arithmetic: just what network layouts and overlap checks need. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; returns undefined when it is not a canonical IPv4 CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % size(prefix) !== 0) return undefined;
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.prefix}`;
}

export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** The index-th subnet of `c` that is `newBits` longer: Terraform's cidrsubnet(). */
export function subnet(c: Cidr, newBits: number, index: number): Cidr {
  const prefix = c.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new Error(`subnet ${index} of ${formatCidr(c)} with ${newBits} new bits does not exist`);
  }
  return { base: c.base + index * size(prefix), prefix };
}

/** The n-th address inside `c` (1 is the usual gateway). */
export function host(c: Cidr, n: number): string {
  return formatIp(c.base + n);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b.prefix) && b.base < a.base + size(a.prefix);
}

function size(prefix: number): number {
  return 2 ** (32 - prefix);
}
