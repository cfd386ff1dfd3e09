// ICMPv4 (RFC 792) and ICMPv6 (RFC 4443) including neighbour discovery (RFC 4861)
// with its options, so the controller can answer NS for virtual addresses.

import {
  ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMP_HEADER_LEN, ICMPV6_ECHO_REPLY, ICMPV6_ECHO_REQUEST,
  ICMPV6_NEIGHBOR_ADVERTISEMENT, ICMPV6_NEIGHBOR_SOLICITATION, ICMPV6_REDIRECT, ICMPV6_ROUTER_ADVERTISEMENT,
  ICMPV6_ROUTER_SOLICITATION, ND_OPT_SOURCE_LINK_ADDR, ND_OPT_TARGET_LINK_ADDR,
} from './constants';
import { ipv6StringAt } from './ipv6-address';
import { macAt } from './mac-address';
import { STOP, setPayload, stop } from './parse-state';
import type { Icmpv6Message, NeighborDiscovery, ParsedPacket } from './types';

export function parseIcmp(buf: Buffer, off: number, end: number, pkt: ParsedPacket): number {
  if (off + ICMP_HEADER_LEN > end) return stop(pkt, 'icmp: header truncated', true);
  const type = buf[off];
  const echo = type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY;
  pkt.l4Offset = off;
  pkt.icmp = {
    type,
    code: buf[off + 1],
    checksum: buf.readUInt16BE(off + 2),
    ...(echo ? { id: buf.readUInt16BE(off + 4), seq: buf.readUInt16BE(off + 6) } : {}),
    rest: buf.subarray(off + 4, off + 8),
  };
  setPayload(pkt, buf, off + ICMP_HEADER_LEN, end);
  return off + ICMP_HEADER_LEN;
}

/** Bytes of the fixed part (type, code, checksum and message fields) before ND options
 * or the echo data, by ICMPv6 type (RFC 4861 section 4). */
function icmpv6FixedLength(type: number): number {
  switch (type) {
    case ICMPV6_ROUTER_ADVERTISEMENT: return 16;
    case ICMPV6_NEIGHBOR_SOLICITATION:
    case ICMPV6_NEIGHBOR_ADVERTISEMENT: return 24;
    case ICMPV6_REDIRECT: return 40;
    default: return 8; // echo, RS, and the error messages (unused/MTU/pointer word)
  }
}

function isNeighborDiscovery(type: number): boolean {
  return type >= ICMPV6_ROUTER_SOLICITATION && type <= ICMPV6_REDIRECT;
}

function fail(pkt: ParsedPacket, error: string, truncated: boolean): false {
  stop(pkt, error, truncated);
  return false;
}

/** Walks ND options in [off, end). Returns false (after noting it on pkt) on a malformed option. */
function parseNdOptions(buf: Buffer, off: number, end: number, nd: NeighborDiscovery, pkt: ParsedPacket): boolean {
  while (off < end) {
    if (off + 2 > end) return fail(pkt, 'icmpv6: nd option truncated', true);
    const type = buf[off];
    const length = buf[off + 1] * 8;
    // A zero length would loop forever; RFC 4861 4.6 says to drop such packets.
    if (length === 0) return fail(pkt, 'icmpv6: nd option with zero length', false);
    if (off + length > end) return fail(pkt, 'icmpv6: nd option truncated', true);
    const data = buf.subarray(off + 2, off + length);
    nd.options.push({ type, length, data });
    if (length === 8 && type === ND_OPT_SOURCE_LINK_ADDR) nd.sourceLinkAddr = macAt(buf, off + 2);
    if (length === 8 && type === ND_OPT_TARGET_LINK_ADDR) nd.targetLinkAddr = macAt(buf, off + 2);
    off += length;
  }
  return true;
}

export function parseIcmpv6(buf: Buffer, off: number, end: number, pkt: ParsedPacket): number {
  if (off + 4 > end) return stop(pkt, 'icmpv6: header truncated', true);
  const type = buf[off];
  const msg: Icmpv6Message = { type, code: buf[off + 1], checksum: buf.readUInt16BE(off + 2), body: buf.subarray(off + 4, end) };
  pkt.l4Offset = off;
  pkt.icmpv6 = msg;
  const fixed = icmpv6FixedLength(type);
  if (off + fixed > end) return stop(pkt, `icmpv6: type ${type} message truncated`, true);
  if (type === ICMPV6_ECHO_REQUEST || type === ICMPV6_ECHO_REPLY) {
    msg.id = buf.readUInt16BE(off + 4);
    msg.seq = buf.readUInt16BE(off + 6);
  }
  if (isNeighborDiscovery(type)) {
    const nd: NeighborDiscovery = { options: [] };
    msg.nd = nd;
    if (type === ICMPV6_NEIGHBOR_SOLICITATION || type === ICMPV6_NEIGHBOR_ADVERTISEMENT || type === ICMPV6_REDIRECT) {
      nd.target = ipv6StringAt(buf, off + 8);
    }
    if (type === ICMPV6_NEIGHBOR_ADVERTISEMENT) {
      const flags = buf[off + 4];
      nd.router = (flags & 0x80) !== 0;
      nd.solicited = (flags & 0x40) !== 0;
      nd.override = (flags & 0x20) !== 0;
    }
    if (!parseNdOptions(buf, off + fixed, end, nd, pkt)) return STOP;
    setPayload(pkt, buf, end, end);
    return end;
  }
  setPayload(pkt, buf, off + fixed, end);
  return off + fixed;
}
