/** IPv4 CIDR arithmetic: just what network layouts and overlap checks need. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; returns undefined when it is not a canonical IPv4 CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  return cidrProblem(text) === undefined ? read(text) : undefined;
}

/** What is wrong with a CIDR, in words, or undefined when it is a canonical IPv4 CIDR. */
export function cidrProblem(text: string): string | undefined {
  const m = CIDR.exec(text);
  if (!m) return "must be an IPv4 CIDR such as 10.10.0.0/16";
  const octets = m.slice(1, 5).map(Number);
  const bad = octets.find((o) => o > 255);
  if (bad !== undefined) return `has the octet ${bad}; each of the four must be 0 to 255`;
  const prefix = Number(m[5]);
  if (prefix > 32) return `has the prefix /${prefix}; an IPv4 prefix is /0 to /32`;
  const c = read(text);
  if (c.base % size(prefix) !== 0) {
    return `has host bits set; the network of ${text} is ${formatIp(c.base - (c.base % size(prefix)))}/${prefix}`;
  }
  return undefined;
}

function read(text: string): Cidr {
  const m = CIDR.exec(text)!;
  return { base: m.slice(1, 5).map(Number).reduce((acc, o) => acc * 256 + o, 0), prefix: Number(m[5]) };
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

/** Whether `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner.prefix) <= outer.base + size(outer.prefix);
}

/** The address as a number, or undefined when it is not a dotted quad. */
export function parseIp(text: string): number | undefined {
  const c = parseCidr(`${text}/32`);
  return c?.base;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b.prefix) && b.base < a.base + size(a.prefix);
}

function size(prefix: number): number {
  return 2 ** (32 - prefix);
}
