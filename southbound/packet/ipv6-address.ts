// IPv6 addresses as RFC 5952 text: lowercase hex, no leading zeros, the longest run
// of two or more zero groups (the first on a tie) shortened to "::", and the
// IPv4-mapped prefix ::ffff:0:0/96 written with a dotted tail (RFC 5952 section 5).

import { isIpv4String, ipv4FromString } from './ipv4-address';

/** Formats the 16 bytes at off. The caller guarantees off+16 <= buf.length. */
export function ipv6StringAt(buf: Uint8Array, off: number): string {
  const g0 = (buf[off] << 8) | buf[off + 1];
  const g1 = (buf[off + 2] << 8) | buf[off + 3];
  const g2 = (buf[off + 4] << 8) | buf[off + 5];
  const g3 = (buf[off + 6] << 8) | buf[off + 7];
  const g4 = (buf[off + 8] << 8) | buf[off + 9];
  const g5 = (buf[off + 10] << 8) | buf[off + 11];
  if ((g0 | g1 | g2 | g3 | g4) === 0 && g5 === 0xffff) {
    return '::ffff:' + buf[off + 12] + '.' + buf[off + 13] + '.' + buf[off + 14] + '.' + buf[off + 15];
  }
  const groups = [g0, g1, g2, g3, g4, g5, (buf[off + 12] << 8) | buf[off + 13], (buf[off + 14] << 8) | buf[off + 15]];
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
  if (bestStart < 0) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, bestStart).map((g) => g.toString(16)).join(':');
  const tail = groups.slice(bestStart + bestLen).map((g) => g.toString(16)).join(':');
  return head + '::' + tail;
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
