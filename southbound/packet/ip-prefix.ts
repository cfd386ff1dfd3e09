// Prefixes and CIDR subnets: the one place the project parses them (config, API, peering,
// the agent). Two forms, for two jobs:
//   Ipv4Prefix  {base, length} as uint32 numbers: the catalog and the packet-in path
//               compare addresses against masks. parsePrefix refuses host bits ("10.0.0.1/24"
//               is almost always a typo for another subnet).
//   Cidr        IPv4 or IPv6 as a bigint with a canonical text: virtual subnets agents
//               announce and match sockets against. parseCidr clears host bits, so
//               "192.200.1.0/16" and "192.200.0.0/16" name the same subnet.
// Address text is parsed by ipv4-address.ts and ipv6-address.ts only.
import { ipv4ToString, parseIpv4Address } from './ipv4-address';
import { ipv6StringAt, ipv6ToBytes, isIpv6String } from './ipv6-address';
import { isIpv4String } from './ipv4-address';

export interface Ipv4Prefix {
  /** Network address as uint32, host bits cleared. */
  base: number;
  /** Prefix length 0..32. */
  length: number;
}

/** Mask for a prefix length as uint32 (length 0 gives 0: shifting by 32 is a no-op in JS). */
export function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/**
 * Parses "a.b.c.d/len" (or a bare address as /32), or returns the reason it is not one.
 * Host bits must be zero.
 */
export function parsePrefix(s: string): Ipv4Prefix | string {
  const slash = s.indexOf('/');
  const addrText = slash < 0 ? s : s.slice(0, slash);
  const lenText = slash < 0 ? '32' : s.slice(slash + 1);
  const addr = parseIpv4Address(addrText);
  if (addr === undefined) return `invalid IPv4 address in prefix ${JSON.stringify(s)}`;
  if (!/^(3[0-2]|[12]?[0-9])$/.test(lenText)) return `invalid prefix length in ${JSON.stringify(s)}`;
  const length = Number(lenText);
  const base = (addr & maskOf(length)) >>> 0;
  if (base !== addr) return `prefix ${JSON.stringify(s)} has host bits set (network is ${ipv4ToString(base)}/${length})`;
  return { base, length };
}

/** Canonical text of a prefix, used as the virtual-subnet key in load tables. */
export function formatPrefix(p: Ipv4Prefix): string {
  return `${ipv4ToString(p.base)}/${p.length}`;
}

export function prefixContains(p: Ipv4Prefix, ip: number): boolean {
  return ((ip & maskOf(p.length)) >>> 0) === p.base;
}

/** Two prefixes overlap exactly when the shorter one contains the longer one's base. */
export function prefixesOverlap(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  return a.length <= b.length ? prefixContains(a, b.base) : prefixContains(b, a.base);
}

export interface Cidr {
  family: 4 | 6;
  network: bigint;
  prefix: number;
  canonical: string;
}

/** An IPv4 or IPv6 address as a family and a big integer, or undefined. */
export function parseIp(text: string): { family: 4 | 6; value: bigint } | undefined {
  const v4 = parseIpv4Address(text);
  if (v4 !== undefined) return { family: 4, value: BigInt(v4) };
  if (!isIpv6String(text)) return undefined;
  return { family: 6, value: BigInt(`0x${ipv6ToBytes(text).toString('hex')}`) };
}

function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) return ipv4ToString(Number(value));
  return ipv6StringAt(Buffer.from(value.toString(16).padStart(32, '0'), 'hex'), 0);
}

/** Parses "a.b.c.d/n" or "x::y/n" (host bits cleared); undefined when the text is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const prefix = Number(m[2]);
  const ip = parseIp(m[1]);
  if (ip === undefined) return undefined;
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const all = (1n << BigInt(bits)) - 1n;
  const mask = prefix === 0 ? 0n : all ^ ((1n << BigInt(bits - prefix)) - 1n);
  const network = ip.value & mask;
  return { family: ip.family, network, prefix, canonical: `${formatIp(ip.family, network)}/${prefix}` };
}

/** Canonical form of a CIDR, or undefined when it does not parse. */
export function canonicalCidr(text: string): string | undefined {
  return parseCidr(text)?.canonical;
}

/** Whether an address (as a family and a big integer) lies inside the subnet. */
export function cidrContains(cidr: Cidr, family: 4 | 6, address: bigint): boolean {
  const bits = cidr.family === 4 ? 32 : 128;
  if (family !== cidr.family) return false;
  return address >> BigInt(bits - cidr.prefix) === cidr.network >> BigInt(bits - cidr.prefix);
}

/** True when the text is an IPv4 or IPv6 address. */
export function isIpString(text: string): boolean {
  return isIpv4String(text) || isIpv6String(text);
}
