// parseFlowKey: the allocation-free single pass used on every packet-in. It reads only
// the fields FlowKey holds, with explicit bounds checks instead of try/catch, and
// returns whether every header the packet type calls for was complete. Fields past
// the point where it stopped keep their reset() values.

import {
  ETH_TYPE_ARP, ETH_TYPE_IPV4, ETH_TYPE_IPV6, IPPROTO_FRAGMENT, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP,
  isMplsEthType, isVlanTpid,
} from './constants';
import type { FlowKey } from './flow-key';
import { ipv6StringAt } from './ipv6-address';
import { ipv6ExtensionLength, isIpv6ExtensionHeader } from './parse-ipv6';

/** Reads TCP/UDP/ICMP fields at off, bounded by end. */
function readTransport(buf: Buffer, off: number, end: number, proto: number, out: FlowKey): boolean {
  out.l4Offset = off;
  if (proto === IPPROTO_TCP) {
    if (off + 20 > end) return false;
    out.srcPort = (buf[off] << 8) | buf[off + 1];
    out.dstPort = (buf[off + 2] << 8) | buf[off + 3];
    out.tcpFlags = ((buf[off + 12] & 0x0f) << 8) | buf[off + 13];
    return buf[off + 12] >= 0x50; // data offset of at least 5 words
  }
  if (proto === IPPROTO_UDP) {
    if (off + 8 > end) return false;
    out.srcPort = (buf[off] << 8) | buf[off + 1];
    out.dstPort = (buf[off + 2] << 8) | buf[off + 3];
    return true;
  }
  if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) {
    if (off + 4 > end) return false;
    out.icmpType = buf[off];
    out.icmpCode = buf[off + 1];
    return true;
  }
  out.l4Offset = -1;
  return true;
}

function readIpv4(buf: Buffer, off: number, out: FlowKey): boolean {
  if (off + 20 > buf.length || buf[off] >>> 4 !== 4) return false;
  const ihl = (buf[off] & 0x0f) << 2;
  if (ihl < 20 || off + ihl > buf.length) return false;
  out.l3Offset = off;
  out.ipVersion = 4;
  out.ipDscp = buf[off + 1] >>> 2;
  out.ipTtl = buf[off + 8];
  const proto = buf[off + 9];
  out.ipProto = proto;
  out.ipv4Src = ((buf[off + 12] << 24) | (buf[off + 13] << 16) | (buf[off + 14] << 8) | buf[off + 15]) >>> 0;
  out.ipv4Dst = ((buf[off + 16] << 24) | (buf[off + 17] << 16) | (buf[off + 18] << 8) | buf[off + 19]) >>> 0;
  const totalLength = (buf[off + 2] << 8) | buf[off + 3];
  const frag = ((buf[off + 6] & 0x3f) << 8) | buf[off + 7]; // MF bit + 13-bit offset
  if (frag !== 0) out.isFragment = true;
  if (totalLength < ihl) return false;
  if ((frag & 0x1fff) !== 0) return true; // no transport header in later fragments
  const end = off + totalLength < buf.length ? off + totalLength : buf.length;
  return readTransport(buf, off + ihl, end, proto, out);
}

function readIpv6(buf: Buffer, off: number, out: FlowKey): boolean {
  if (off + 40 > buf.length || buf[off] >>> 4 !== 6) return false;
  out.l3Offset = off;
  out.ipVersion = 6;
  out.ipDscp = ((buf[off] & 0x0f) << 2) | (buf[off + 1] >>> 6);
  out.ipTtl = buf[off + 7];
  out.ipv6Src = ipv6StringAt(buf, off + 8);
  out.ipv6Dst = ipv6StringAt(buf, off + 24);
  const raw = out.ipv6Bytes;
  for (let i = 0; i < 32; i++) raw[i] = buf[off + 8 + i];
  const payloadLength = (buf[off + 4] << 8) | buf[off + 5];
  const end = payloadLength === 0 || off + 40 + payloadLength > buf.length ? buf.length : off + 40 + payloadLength;
  let nh = buf[off + 6];
  let at = off + 40;
  while (isIpv6ExtensionHeader(nh)) {
    if (at + 8 > end) {
      out.ipProto = nh;
      return false;
    }
    const len = ipv6ExtensionLength(nh, buf[at + 1]);
    if (at + len > end) {
      out.ipProto = nh;
      return false;
    }
    if (nh === IPPROTO_FRAGMENT) {
      out.isFragment = true;
      if ((((buf[at + 2] << 8) | buf[at + 3]) & 0xfff8) !== 0) {
        out.ipProto = buf[at];
        return true;
      }
    }
    nh = buf[at];
    at += len;
  }
  out.ipProto = nh;
  return readTransport(buf, at, end, nh, out);
}

function readArp(buf: Buffer, off: number, out: FlowKey): boolean {
  if (off + 8 > buf.length) return false;
  out.l3Offset = off;
  out.arpOp = (buf[off + 6] << 8) | buf[off + 7];
  const hlen = buf[off + 4];
  const plen = buf[off + 5];
  if (off + 8 + 2 * (hlen + plen) > buf.length) return false;
  // Only Ethernet/IPv4 ARP (htype 1, ptype 0x0800, hlen 6, plen 4) has fields FlowKey can hold.
  if (buf[off] !== 0 || buf[off + 1] !== 1 || buf[off + 2] !== 8 || buf[off + 3] !== 0 || hlen !== 6 || plen !== 4) return true;
  out.arpShaHi = (buf[off + 8] << 16) | (buf[off + 9] << 8) | buf[off + 10];
  out.arpShaLo = (buf[off + 11] << 16) | (buf[off + 12] << 8) | buf[off + 13];
  out.arpSpa = ((buf[off + 14] << 24) | (buf[off + 15] << 16) | (buf[off + 16] << 8) | buf[off + 17]) >>> 0;
  out.arpTpa = ((buf[off + 24] << 24) | (buf[off + 25] << 16) | (buf[off + 26] << 8) | buf[off + 27]) >>> 0;
  return true;
}

/** Fills `out` from an Ethernet frame. Returns false when the frame was cut short or
 * malformed before the headers its type calls for; the fields read until then are set.
 * It is more lenient than parsePacket, needing only the bytes it reads (20 of TCP,
 * 8 of UDP, 4 of ICMP, no ND options), so it answers `true` for every frame that
 * parsePacket finds sound, and for some that parsePacket notes a problem with. */
export function parseFlowKey(buf: Buffer, out: FlowKey): boolean {
  out.reset();
  const len = buf.length;
  if (len < 14) return false;
  out.ethDstHi = (buf[0] << 16) | (buf[1] << 8) | buf[2];
  out.ethDstLo = (buf[3] << 16) | (buf[4] << 8) | buf[5];
  out.ethSrcHi = (buf[6] << 16) | (buf[7] << 8) | buf[8];
  out.ethSrcLo = (buf[9] << 16) | (buf[10] << 8) | buf[11];
  let ethType = (buf[12] << 8) | buf[13];
  let off = 14;
  while (isVlanTpid(ethType)) {
    if (off + 4 > len) return false;
    if (out.vlanDepth === 0) {
      out.vlanPcp = buf[off] >>> 5;
      out.vlanId = ((buf[off] & 0x0f) << 8) | buf[off + 1];
    }
    out.vlanDepth++;
    ethType = (buf[off + 2] << 8) | buf[off + 3];
    off += 4;
  }
  out.ethType = ethType;
  if (isMplsEthType(ethType)) {
    for (;;) {
      if (off + 4 > len) return false;
      if (out.mplsDepth === 0) out.mplsLabel = (buf[off] << 12) | (buf[off + 1] << 4) | (buf[off + 2] >>> 4);
      out.mplsDepth++;
      const bos = buf[off + 2] & 1;
      off += 4;
      if (bos === 1) break;
    }
    if (off >= len) return true;
    const version = buf[off] >>> 4;
    if (version === 4) return readIpv4(buf, off, out);
    if (version === 6) return readIpv6(buf, off, out);
    return true;
  }
  if (ethType === ETH_TYPE_IPV4) return readIpv4(buf, off, out);
  if (ethType === ETH_TYPE_IPV6) return readIpv6(buf, off, out);
  if (ethType === ETH_TYPE_ARP) return readArp(buf, off, out);
  return true;
}
