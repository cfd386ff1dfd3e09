// IPv6 addresses as RFC 5952 text: lowercase hex, no leading zeros, and the longest run
// of two or more zero groups (the first on a tie) shortened to "::". The optional
// dotted tail for IPv4-mapped addresses (RFC 5952 section 5) is not used, because the
// OpenFlow codec (southbound/codec/address.ts) does not use it either and the
// controller compares addresses from both as strings.

import { isIpv4String, ipv4FromString } from './ipv4-address';

// Scratch for the 8 groups: formatting is on the IPv6 packet-in path, so it reuses one
// array instead of allocating one per address.
const groups = new Uint16Array(8);

/** Formats the 16 bytes at off. The caller guarantees off+16 <= buf.length. */
export function ipv6StringAt(buf: Uint8Array, off: number): string {
  for (let i = 0; i < 8; i++) groups[i] = (buf[off + 2 * i] << 8) | buf[off + 2 * i + 1];
  // Longest zero run of length >= 2; a single zero group is never shortened (RFC 5952 4.2.2).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i += bestLen - 1;
    } else {
      if (i > 0 && i !== bestStart + bestLen) text += ':';
      text += groups[i].toString(16);
    }
  }
  return text;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses IPv6 text (any valid RFC 4291 section 2.2 form) into 8 groups, or null. */
function parseGroups(s: string): number[] | null {
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const side = (part: string, allowTail: boolean): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (allowTail && i === items.length - 1 && isIpv4String(item)) {
        const v4 = ipv4FromString(item);
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (HEX_GROUP.test(item)) {
        out.push(parseInt(item, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  if (halves.length === 1) {
    const all = side(halves[0], true);
    return all !== null && all.length === 8 ? all : null;
  }
  const head = side(halves[0], false);
  const tail = side(halves[1], true);
  if (head === null || tail === null || head.length + tail.length > 7) return null;
  const zeros = new Array<number>(8 - head.length - tail.length).fill(0);
  return [...head, ...zeros, ...tail];
}

/** Writes IPv6 text as 16 bytes at off; throws RangeError on invalid text. */
export function writeIpv6(buf: Uint8Array, off: number, s: string): void {
  const groups = parseGroups(s);
  if (groups === null) throw new RangeError(`invalid IPv6 address: ${JSON.stringify(s)}`);
  for (let i = 0; i < 8; i++) {
    buf[off + 2 * i] = groups[i] >>> 8;
    buf[off + 2 * i + 1] = groups[i] & 0xff;
  }
}

/** Parses IPv6 text to 16 bytes. */
export function ipv6ToBytes(s: string): Buffer {
  const out = Buffer.alloc(16);
  writeIpv6(out, 0, s);
  return out;
}

/** Rewrites any valid IPv6 text in RFC 5952 form. */
export function normalizeIpv6(s: string): string {
  return ipv6StringAt(ipv6ToBytes(s), 0);
}

export function isIpv6String(s: string): boolean {
  return parseGroups(s) !== null;
}
