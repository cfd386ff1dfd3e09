// IPv4 header (RFC 791): options kept raw, fragments recognised (RFC 791 section 3.2).

import { IPV4_MIN_HEADER_LEN } from './constants';
import { ipv4StringAt } from './ipv4-address';
import { stop } from './parse-state';
import type { ParsedPacket } from './types';

/** Parses the header at off. Returns the offset of the transport header. The caller
 * bounds the transport layer with min(buf.length, off + totalLength). */
export function parseIpv4(buf: Buffer, off: number, pkt: ParsedPacket): number {
  if (off + IPV4_MIN_HEADER_LEN > buf.length) return stop(pkt, 'ipv4: header truncated', true);
  const version = buf[off] >>> 4;
  if (version !== 4) return stop(pkt, `ipv4: version ${version} != 4`, false);
  const headerLength = (buf[off] & 0x0f) * 4;
  if (headerLength < IPV4_MIN_HEADER_LEN) return stop(pkt, `ipv4: header length ${headerLength} < 20`, false);
  if (off + headerLength > buf.length) return stop(pkt, 'ipv4: options truncated', true);
  const totalLength = buf.readUInt16BE(off + 2);
  const fragWord = buf.readUInt16BE(off + 6);
  const moreFragments = (fragWord & 0x2000) !== 0;
  const fragmentOffset = (fragWord & 0x1fff) * 8;
  pkt.l3Offset = off;
  pkt.ipv4 = {
    version: 4,
    headerLength,
    dscp: buf[off + 1] >>> 2,
    ecn: buf[off + 1] & 3,
    totalLength,
    id: buf.readUInt16BE(off + 4),
    dontFragment: (fragWord & 0x4000) !== 0,
    moreFragments,
    fragmentOffset,
    ttl: buf[off + 8],
    protocol: buf[off + 9],
    checksum: buf.readUInt16BE(off + 10),
    src: ipv4StringAt(buf, off + 12),
    dst: ipv4StringAt(buf, off + 16),
    options: buf.subarray(off + IPV4_MIN_HEADER_LEN, off + headerLength),
    isFragment: moreFragments || fragmentOffset !== 0,
  };
  if (totalLength < headerLength) return stop(pkt, `ipv4: total length ${totalLength} < header length ${headerLength}`, false);
  if (off + totalLength > buf.length) pkt.truncated = true; // e.g. a packet-in cut at miss_send_len
  return off + headerLength;
}

/** End of the IPv4 datagram inside buf: the declared length, or the frame end if shorter. */
export function ipv4End(buf: Buffer, off: number, totalLength: number): number {
  return Math.min(buf.length, off + totalLength);
}
