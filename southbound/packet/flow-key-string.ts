// Compact, fixed-width Map keys for 5-tuples. The controller keeps millions of pins
// keyed by them, so a key is lowercase hex of the tuple's bytes with no separators:
//   IPv4: proto(2) src(8)  dst(8)  srcPort(4) dstPort(4) = 26 characters
//   IPv6: proto(2) src(32) dst(32) srcPort(4) dstPort(4) = 74 characters
// Hex keeps keys printable (logs, REST, Redis keys) and one byte per character in V8.
// The string is made in one String.fromCharCode call on purpose: building it with `+`
// leaves a tree of V8 cons-strings behind each Map key, which measured 285 bytes per
// entry against 77 for the flat string (1M IPv4 keys, Node 20).

import type { FlowKey } from './flow-key';
import { ipv4ToString } from './ipv4-address';
import { ipv6StringAt, writeIpv6 } from './ipv6-address';

/** A flow key decoded back to text addresses (IPv4 or IPv6); connections themselves are FiveTuple (five-tuple.ts). */
export interface FlowKeyFields {
  ipVersion: 4 | 6;
  protocol: number;
  /** Dotted IPv4 or RFC 5952 IPv6. */
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
}

export const FLOW_KEY_V4_LENGTH = 26;
export const FLOW_KEY_V6_LENGTH = 74;

/** Char codes of '0'..'9', 'a'..'f'. */
const NIBBLE = Array.from({ length: 16 }, (_, i) => '0123456789abcdef'.charCodeAt(i));

/** Key of an IPv4 5-tuple given as numbers (addresses uint32). */
export function flowKeyStringV4(protocol: number, src: number, dst: number, srcPort: number, dstPort: number): string {
  const n = NIBBLE;
  return String.fromCharCode(
    n[(protocol >>> 4) & 15], n[protocol & 15],
    n[src >>> 28], n[(src >>> 24) & 15], n[(src >>> 20) & 15], n[(src >>> 16) & 15],
    n[(src >>> 12) & 15], n[(src >>> 8) & 15], n[(src >>> 4) & 15], n[src & 15],
    n[dst >>> 28], n[(dst >>> 24) & 15], n[(dst >>> 20) & 15], n[(dst >>> 16) & 15],
    n[(dst >>> 12) & 15], n[(dst >>> 8) & 15], n[(dst >>> 4) & 15], n[dst & 15],
    n[(srcPort >>> 12) & 15], n[(srcPort >>> 8) & 15], n[(srcPort >>> 4) & 15], n[srcPort & 15],
    n[(dstPort >>> 12) & 15], n[(dstPort >>> 8) & 15], n[(dstPort >>> 4) & 15], n[dstPort & 15],
  );
}

// Reused char-code buffer for IPv6 keys (one flat string per call, nothing else).
const v6Codes: number[] = new Array<number>(FLOW_KEY_V6_LENGTH).fill(0);

/** Key of an IPv6 5-tuple; `addrs` holds the source address at addrsOff and the
 * destination right after it (as FlowKey.ipv6Bytes does). */
export function flowKeyStringV6Bytes(protocol: number, addrs: Uint8Array, addrsOff: number, srcPort: number, dstPort: number): string {
  const c = v6Codes;
  c[0] = NIBBLE[(protocol >>> 4) & 15];
  c[1] = NIBBLE[protocol & 15];
  for (let i = 0; i < 32; i++) {
    const b = addrs[addrsOff + i];
    c[2 + 2 * i] = NIBBLE[b >>> 4];
    c[3 + 2 * i] = NIBBLE[b & 15];
  }
  for (let i = 0; i < 4; i++) {
    c[66 + i] = NIBBLE[(srcPort >>> (12 - 4 * i)) & 15];
    c[70 + i] = NIBBLE[(dstPort >>> (12 - 4 * i)) & 15];
  }
  return String.fromCharCode.apply(null, c);
}

/** Key of an IPv6 5-tuple given as address text (any valid form). */
export function flowKeyStringV6(protocol: number, src: string, dst: string, srcPort: number, dstPort: number): string {
  const addrs = Buffer.alloc(32);
  writeIpv6(addrs, 0, src);
  writeIpv6(addrs, 16, dst);
  return flowKeyStringV6Bytes(protocol, addrs, 0, srcPort, dstPort);
}

/** The 5-tuple key of a parsed packet, or '' when it carried no IP header. */
export function flowKeyString(key: FlowKey): string {
  if (key.ipVersion === 4) return flowKeyStringV4(key.ipProto, key.ipv4Src, key.ipv4Dst, key.srcPort, key.dstPort);
  if (key.ipVersion === 6) return flowKeyStringV6Bytes(key.ipProto, key.ipv6Bytes, 0, key.srcPort, key.dstPort);
  return '';
}

const HEX_KEY = /^[0-9a-f]+$/;

/** Decodes a key made by the functions above (for logs, the REST API and state
 * restore); returns null for anything else. */
export function parseFlowKeyString(s: string): FlowKeyFields | null {
  if ((s.length !== FLOW_KEY_V4_LENGTH && s.length !== FLOW_KEY_V6_LENGTH) || !HEX_KEY.test(s)) return null;
  const bytes = Buffer.from(s, 'hex');
  if (s.length === FLOW_KEY_V4_LENGTH) {
    return {
      ipVersion: 4,
      protocol: bytes[0],
      src: ipv4ToString(bytes.readUInt32BE(1)),
      dst: ipv4ToString(bytes.readUInt32BE(5)),
      srcPort: bytes.readUInt16BE(9),
      dstPort: bytes.readUInt16BE(11),
    };
  }
  return {
    ipVersion: 6,
    protocol: bytes[0],
    src: ipv6StringAt(bytes, 1),
    dst: ipv6StringAt(bytes, 17),
    srcPort: bytes.readUInt16BE(33),
    dstPort: bytes.readUInt16BE(35),
  };
}
