// Address text <-> wire bytes for MAC, IPv4 and IPv6. Formatting uses precomputed
// per-byte tables (no per-call toString(16)); parsing walks char codes (no split/regex)
// because both sit on the packet-in and flow-mod hot paths.

import { OfEncodeError } from './errors';
import { getU16, putU16 } from './bytes';

// Byte texts with their separator already attached, so an address costs 3 (IPv4) or 5
// (MAC) string concatenations instead of twice as many.
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const HEX2_COLON: readonly string[] = HEX2.map((h) => h + ':');
const DEC: readonly string[] = Array.from({ length: 256 }, (_, b) => String(b));
const DEC_DOT: readonly string[] = DEC.map((d) => d + '.');

/** "aa:bb:cc:dd:ee:ff" from 6 bytes at `off`. */
export function formatMac(buf: Buffer, off: number): string {
  return HEX2_COLON[buf[off]] + HEX2_COLON[buf[off + 1]] + HEX2_COLON[buf[off + 2]] +
    HEX2_COLON[buf[off + 3]] + HEX2_COLON[buf[off + 4]] + HEX2[buf[off + 5]];
}

/** Dotted quad from 4 bytes at `off`. */
export function formatIpv4(buf: Buffer, off: number): string {
  return DEC_DOT[buf[off]] + DEC_DOT[buf[off + 1]] + DEC_DOT[buf[off + 2]] + DEC[buf[off + 3]];
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Writes a MAC written as six two-digit hex bytes separated by ':' or '-'. */
export function writeMac(text: string, buf: Buffer, off: number): void {
  if (text.length !== 17) throw new OfEncodeError(`not a MAC address: ${JSON.stringify(text)}`);
  for (let i = 0; i < 6; i++) {
    const p = i * 3;
    const hi = hexDigit(text.charCodeAt(p));
    const lo = hexDigit(text.charCodeAt(p + 1));
    const sep = i < 5 ? text.charCodeAt(p + 2) : 58;
    if (hi < 0 || lo < 0 || (sep !== 58 && sep !== 45)) throw new OfEncodeError(`not a MAC address: ${JSON.stringify(text)}`);
    buf[off + i] = (hi << 4) | lo;
  }
}

/** Writes a dotted-quad IPv4 address. */
export function writeIpv4(text: string, buf: Buffer, off: number): void {
  if (!writeIpv4Part(text, 0, text.length, buf, off)) throw new OfEncodeError(`not an IPv4 address: ${JSON.stringify(text)}`);
}

/** Parses text[start, end) as a dotted quad into buf[off..off+4); false when malformed. */
function writeIpv4Part(text: string, start: number, end: number, buf: Buffer, off: number): boolean {
  let octet = 0;
  let digits = 0;
  let index = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || index > 3) return false;
      buf[off + index++] = octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return false;
    } else {
      return false;
    }
  }
  return index === 4;
}

/** RFC 5952 text from 16 bytes at `off`: lowercase, no leading zeros, the longest run
 * (first one on ties) of two or more zero groups written as "::". */
export function formatIpv6(buf: Buffer, off: number): string {
  const groups: number[] = new Array<number>(8);
  for (let i = 0; i < 8; i++) groups[i] = getU16(buf, off + i * 2);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i += bestLen - 1;
      continue;
    }
    if (text.length > 0 && !text.endsWith(':')) text += ':';
    text += groups[i].toString(16);
  }
  return text;
}

/** Writes an IPv6 address in any RFC 4291 text form (with "::" and a dotted IPv4 tail). */
export function writeIpv6(text: string, buf: Buffer, off: number): void {
  if (!writeIpv6Checked(text, buf, off)) throw new OfEncodeError(`not an IPv6 address: ${JSON.stringify(text)}`);
}

function writeIpv6Checked(text: string, buf: Buffer, off: number): boolean {
  const head: number[] = [];
  const tail: number[] = [];
  let groups = head;
  let seenGap = false;
  let i = 0;
  const n = text.length;
  if (n < 2) return false;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    seenGap = true;
    groups = tail;
    i = 2;
  }
  while (i < n) {
    let j = i;
    let value = 0;
    while (j < n && j - i < 5) {
      const d = hexDigit(text.charCodeAt(j));
      if (d < 0) break;
      value = value * 16 + d;
      j++;
    }
    if (j < n && text.charCodeAt(j) === 46) {
      // Dotted IPv4 tail: takes the last two groups.
      const scratch = Buffer.alloc(4);
      if (!writeIpv4Part(text, i, n, scratch, 0)) return false;
      groups.push(getU16(scratch, 0), getU16(scratch, 2));
      i = n;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups.push(value);
    if (j === n) { i = n; break; }
    if (text.charCodeAt(j) !== 58) return false;
    if (j + 1 < n && text.charCodeAt(j + 1) === 58) {
      if (seenGap) return false;
      seenGap = true;
      groups = tail;
      i = j + 2;
    } else {
      if (j + 1 === n) return false;
      i = j + 1;
    }
  }
  const total = head.length + tail.length;
  if (seenGap ? total > 7 : total !== 8) return false;
  for (let g = 0; g < 8; g++) putU16(buf, off + g * 2, 0);
  head.forEach((v, g) => putU16(buf, off + g * 2, v));
  tail.forEach((v, g) => putU16(buf, off + (8 - tail.length + g) * 2, v));
  return true;
}
