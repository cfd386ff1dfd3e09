// Compact, fixed-width Map keys for 5-tuples. The controller keeps millions of pins
// keyed by them, so an IPv4 key is 26 lowercase hex digits with no separators:
//   proto(2) src(8) dst(8) srcPort(4) dstPort(4)
// Hex keeps the key one byte per character in V8, readable in logs, and safe to store
// as a Redis key unchanged. IPv6 keys carry the address text and '|' separators, so
// they can never be mistaken for an IPv4 key.

import type { FlowKey } from './flow-key';
import { ipv4ToString } from './ipv4-address';
import { HEX_BYTE } from './mac-address';

export interface FiveTuple {
  ipVersion: 4 | 6;
  protocol: number;
  /** Dotted IPv4 or RFC 5952 IPv6. */
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
}

/** Key of an IPv4 5-tuple given as numbers (addresses uint32). */
export function flowKeyStringV4(protocol: number, src: number, dst: number, srcPort: number, dstPort: number): string {
  return (
    HEX_BYTE[protocol & 0xff] +
    HEX_BYTE[src >>> 24] + HEX_BYTE[(src >>> 16) & 0xff] + HEX_BYTE[(src >>> 8) & 0xff] + HEX_BYTE[src & 0xff] +
    HEX_BYTE[dst >>> 24] + HEX_BYTE[(dst >>> 16) & 0xff] + HEX_BYTE[(dst >>> 8) & 0xff] + HEX_BYTE[dst & 0xff] +
    HEX_BYTE[(srcPort >>> 8) & 0xff] + HEX_BYTE[srcPort & 0xff] +
    HEX_BYTE[(dstPort >>> 8) & 0xff] + HEX_BYTE[dstPort & 0xff]
  );
}

/** Key of an IPv6 5-tuple (addresses in RFC 5952 form, so equal addresses give equal keys). */
export function flowKeyStringV6(protocol: number, src: string, dst: string, srcPort: number, dstPort: number): string {
  return protocol + '|' + src + '|' + dst + '|' + srcPort + '|' + dstPort;
}

/** The 5-tuple key of a parsed packet, or '' when it carried no IP header. */
export function flowKeyString(key: FlowKey): string {
  if (key.ipVersion === 4) return flowKeyStringV4(key.ipProto, key.ipv4Src, key.ipv4Dst, key.srcPort, key.dstPort);
  if (key.ipVersion === 6) return flowKeyStringV6(key.ipProto, key.ipv6Src, key.ipv6Dst, key.srcPort, key.dstPort);
  return '';
}

const V4_KEY = /^[0-9a-f]{26}$/;

/** Decodes a key made by flowKeyString (for logs, the REST API and state restore);
 * returns null for anything else. */
export function parseFlowKeyString(s: string): FiveTuple | null {
  if (V4_KEY.test(s)) {
    return {
      ipVersion: 4,
      protocol: parseInt(s.slice(0, 2), 16),
      src: ipv4ToString(parseInt(s.slice(2, 10), 16)),
      dst: ipv4ToString(parseInt(s.slice(10, 18), 16)),
      srcPort: parseInt(s.slice(18, 22), 16),
      dstPort: parseInt(s.slice(22, 26), 16),
    };
  }
  const parts = s.split('|');
  if (parts.length !== 5) return null;
  const [protocol, srcPort, dstPort] = [Number(parts[0]), Number(parts[3]), Number(parts[4])];
  const isSmallInt = (n: number, max: number): boolean => Number.isInteger(n) && n >= 0 && n <= max;
  if (!isSmallInt(protocol, 255) || !isSmallInt(srcPort, 65535) || !isSmallInt(dstPort, 65535)) return null;
  if (!parts[1].includes(':') || !parts[2].includes(':')) return null;
  return { ipVersion: 6, protocol, src: parts[1], dst: parts[2], srcPort, dstPort };
}
