// CIDR parsing shared by both ends: the SLR compares subnets announced by agents
// with its configuration, the agent matches socket addresses against its subnets.
// Subnets are compared in canonical form (host bits cleared, IPv6 fully compressed by
// our own formatting), so "192.200.1.0/16" and "192.200.0.0/16" are the same subnet.
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  family: 4 | 6;
  network: bigint;
  prefix: number;
  canonical: string;
}

function ipv4ToBig(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToBig(ip: string): bigint {
  let text = ip;
  // An embedded dotted quad (e.g. ::ffff:1.2.3.4) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v = ipv4ToBig(dotted[1]);
    text = text.slice(0, dotted.index) + `${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const zeros = tail === undefined ? 0 : 8 - headParts.length - tailParts.length;
  const groups = [...headParts, ...Array<string>(zeros).fill('0'), ...tailParts];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function bigToIpv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((v >> s) & 0xffn).toString()).join('.');
}

function bigToIpv6(v: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  // Compress the longest run of two or more zero groups into '::'.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** Parses "a.b.c.d/n" or "x::y/n"; returns undefined when the text is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const prefix = Number(m[2]);
  if (isIPv4(m[1]) && prefix <= 32) {
    const mask = prefix === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - prefix)) - 1n);
    const network = ipv4ToBig(m[1]) & mask;
    return { family: 4, network, prefix, canonical: `${bigToIpv4(network)}/${prefix}` };
  }
  if (isIPv6(m[1]) && prefix <= 128) {
    const mask = prefix === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n);
    const network = ipv6ToBig(m[1].toLowerCase()) & mask;
    return { family: 6, network, prefix, canonical: `${bigToIpv6(network)}/${prefix}` };
  }
  return undefined;
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

export function parseIp(text: string): { family: 4 | 6; value: bigint } | undefined {
  if (isIPv4(text)) return { family: 4, value: ipv4ToBig(text) };
  if (isIPv6(text)) return { family: 6, value: ipv6ToBig(text.toLowerCase()) };
  return undefined;
}
