// IPv4 prefixes as (base, length) numbers. Strings appear only at the config/API edge;
// the packet-in path compares uint32s against masks.

export interface Ipv4Prefix {
  /** Network address as uint32, host bits cleared. */
  base: number;
  /** Prefix length 0..32. */
  length: number;
}

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const ADDRESS = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** Mask for a prefix length as uint32 (length 0 gives 0: shifting by 32 is a no-op in JS). */
export function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** Parses "a.b.c.d" to uint32, or returns undefined. */
export function parseIpv4(s: string): number | undefined {
  const m = ADDRESS.exec(s);
  if (m === null) return undefined;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

export function formatIpv4(n: number): string {
  return `${(n >>> 24) & 0xff}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

/**
 * Parses "a.b.c.d/len" (or a bare address as /32). Host bits must be zero: a prefix
 * written with host bits set is almost always a typo for a different subnet, so it is
 * refused rather than silently masked.
 */
export function parsePrefix(s: string): Ipv4Prefix | string {
  const slash = s.indexOf('/');
  const addrText = slash < 0 ? s : s.slice(0, slash);
  const lenText = slash < 0 ? '32' : s.slice(slash + 1);
  const addr = parseIpv4(addrText);
  if (addr === undefined) return `invalid IPv4 address in prefix ${JSON.stringify(s)}`;
  if (!/^(3[0-2]|[12]?[0-9])$/.test(lenText)) return `invalid prefix length in ${JSON.stringify(s)}`;
  const length = Number(lenText);
  const base = (addr & maskOf(length)) >>> 0;
  if (base !== addr) return `prefix ${JSON.stringify(s)} has host bits set (network is ${formatIpv4(base)}/${length})`;
  return { base, length };
}

/** Canonical text of a prefix, used as the virtual-subnet key in load tables. */
export function formatPrefix(p: Ipv4Prefix): string {
  return `${formatIpv4(p.base)}/${p.length}`;
}

export function prefixContains(p: Ipv4Prefix, ip: number): boolean {
  return ((ip & maskOf(p.length)) >>> 0) === p.base;
}

/** Two prefixes overlap exactly when the shorter one contains the longer one's base. */
export function prefixesOverlap(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  return a.length <= b.length ? prefixContains(a, b.base) : prefixContains(b, a.base);
}
