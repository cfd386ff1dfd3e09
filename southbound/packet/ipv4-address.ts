// IPv4 addresses: dotted strings at the API edge, uint32 numbers on the hot path. The one
// parser of address text in the project (prefixes and CIDRs: ip-prefix.ts).

/** Reads the 4 bytes at off as an unsigned 32-bit number. */
export function ipv4At(buf: Uint8Array, off: number): number {
  return ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
}

/** Formats a uint32 as "a.b.c.d". */
export function ipv4ToString(n: number): string {
  return ((n >>> 24) & 0xff) + '.' + ((n >>> 16) & 0xff) + '.' + ((n >>> 8) & 0xff) + '.' + (n & 0xff);
}

/** Formats the 4 bytes at off as "a.b.c.d". */
export function ipv4StringAt(buf: Uint8Array, off: number): string {
  return buf[off] + '.' + buf[off + 1] + '.' + buf[off + 2] + '.' + buf[off + 3];
}

// Strict dotted-quad: no leading zeros (which some stacks read as octal), no shorthand.
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4_PATTERN = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** Parses "a.b.c.d" to a uint32, or undefined when it is not a strict dotted quad. */
export function parseIpv4Address(s: string): number | undefined {
  const m = IPV4_PATTERN.exec(s);
  if (m === null) return undefined;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

/** Parses "a.b.c.d" to a uint32; throws RangeError when it is not a dotted quad. */
export function ipv4FromString(s: string): number {
  const n = parseIpv4Address(s);
  if (n === undefined) throw new RangeError(`invalid IPv4 address: ${JSON.stringify(s)}`);
  return n;
}

/** True when s is a strict dotted quad. */
export function isIpv4String(s: string): boolean {
  return IPV4_PATTERN.test(s);
}

/** Writes a dotted IPv4 string as 4 bytes at off. */
export function writeIpv4(buf: Uint8Array, off: number, s: string): void {
  const n = ipv4FromString(s);
  buf[off] = n >>> 24;
  buf[off + 1] = (n >>> 16) & 0xff;
  buf[off + 2] = (n >>> 8) & 0xff;
  buf[off + 3] = n & 0xff;
}
