// IPv6 fixed header (RFC 8200) and a walk over the extension headers that can sit
// between it and the transport header: hop-by-hop, routing, fragment, destination
// options (RFC 8200 4.3-4.6), AH (RFC 4302), mobility (RFC 6275), HIP (RFC 7401) and
// shim6 (RFC 5533). ESP encrypts what follows, so the walk ends there.

import {
  IPPROTO_AH, IPPROTO_DSTOPTS, IPPROTO_FRAGMENT, IPPROTO_HOPOPTS, IPPROTO_MOBILITY, IPPROTO_ROUTING, IPV6_HEADER_LEN,
} from './constants';
import { ipv6StringAt } from './ipv6-address';
import { STOP, setPayload, stop } from './parse-state';
import type { Ipv6ExtensionHeader, Ipv6Header, ParsedPacket } from './types';

const IPPROTO_HIP = 139;
const IPPROTO_SHIM6 = 140;

/** True for next-header values that name an extension header this walk can step over. */
export function isIpv6ExtensionHeader(nh: number): boolean {
  return (
    nh === IPPROTO_HOPOPTS || nh === IPPROTO_ROUTING || nh === IPPROTO_FRAGMENT || nh === IPPROTO_DSTOPTS ||
    nh === IPPROTO_AH || nh === IPPROTO_MOBILITY || nh === IPPROTO_HIP || nh === IPPROTO_SHIM6
  );
}

/** Length in bytes of the extension header whose first two bytes are at off. */
export function ipv6ExtensionLength(nh: number, lengthField: number): number {
  if (nh === IPPROTO_FRAGMENT) return 8;
  if (nh === IPPROTO_AH) return (lengthField + 2) * 4; // RFC 4302 2.2: in 32-bit words, minus 2
  return (lengthField + 1) * 8; // RFC 8200 4.3: in 8-octet units, not counting the first 8
}

/** End of the IPv6 packet in buf. A zero payload length means a jumbogram (RFC 2675)
 * or a bad length; either way the frame end is the best bound we have. */
export function ipv6End(buf: Buffer, off: number, payloadLength: number): number {
  if (payloadLength === 0) return buf.length;
  return Math.min(buf.length, off + IPV6_HEADER_LEN + payloadLength);
}

/** Parses the fixed header and extension headers. Returns the offset of the upper-layer
 * header, or STOP when there is none to parse (ESP, a non-first fragment, no next header). */
export function parseIpv6(buf: Buffer, off: number, pkt: ParsedPacket): number {
  if (off + IPV6_HEADER_LEN > buf.length) return stop(pkt, 'ipv6: header truncated', true);
  const version = buf[off] >>> 4;
  if (version !== 6) return stop(pkt, `ipv6: version ${version} != 6`, false);
  const word0 = buf.readUInt32BE(off);
  const payloadLength = buf.readUInt16BE(off + 4);
  const nextHeader = buf[off + 6];
  pkt.l3Offset = off;
  const ip: Ipv6Header = {
    version: 6,
    trafficClass: (word0 >>> 20) & 0xff,
    flowLabel: word0 & 0xfffff,
    payloadLength,
    nextHeader,
    hopLimit: buf[off + 7],
    src: ipv6StringAt(buf, off + 8),
    dst: ipv6StringAt(buf, off + 24),
    extensionHeaders: [] as Ipv6ExtensionHeader[],
    protocol: nextHeader,
    isFragment: false,
  };
  pkt.ipv6 = ip;
  if (payloadLength !== 0 && off + IPV6_HEADER_LEN + payloadLength > buf.length) pkt.truncated = true;
  const end = ipv6End(buf, off, payloadLength);
  let nh = nextHeader;
  let at = off + IPV6_HEADER_LEN;
  while (isIpv6ExtensionHeader(nh)) {
    if (at + 8 > end) return stop(pkt, `ipv6: extension header ${nh} truncated`, true);
    const len = ipv6ExtensionLength(nh, buf[at + 1]);
    if (at + len > end) return stop(pkt, `ipv6: extension header ${nh} truncated`, true);
    const next = buf[at];
    ip.extensionHeaders.push({ type: nh, nextHeader: next, length: len, body: buf.subarray(at + 2, at + len) });
    if (nh === IPPROTO_FRAGMENT) {
      const word = buf.readUInt16BE(at + 2);
      const fragment = { offset: word & 0xfff8, moreFragments: (word & 1) === 1, id: buf.readUInt32BE(at + 4) };
      ip.fragment = fragment;
      ip.isFragment = true;
      if (fragment.offset !== 0) {
        // Only the first fragment carries the transport header (RFC 8200 4.5).
        ip.protocol = next;
        setPayload(pkt, buf, at + len, end);
        return STOP;
      }
    }
    nh = next;
    at += len;
  }
  ip.protocol = nh;
  return at;
}
