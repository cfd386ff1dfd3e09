// Checks every checksum a frame carries. Meant for tests and diagnostics, not the hot
// path: it runs the general parser first. A checksum is reported only when it can be
// checked (header present, datagram complete, not a fragment).

import { finishChecksum, internetChecksum, pseudoHeaderSumV4, pseudoHeaderSumV6, sumWords } from './checksum';
import { IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from './constants';
import { parsePacket } from './parse-packet';
import type { ParsedPacket } from './types';

export interface ChecksumReport {
  /** False when any reported checksum is wrong. */
  ok: boolean;
  ipv4Header?: boolean;
  tcp?: boolean;
  udp?: boolean;
  icmp?: boolean;
  icmpv6?: boolean;
}

/** Sum over the transport bytes plus the pseudo-header; a correct message sums to 0 after finishing. */
function transportChecksumOk(buf: Buffer, pkt: ParsedPacket, protocol: number, end: number): boolean {
  const l3 = pkt.l3Offset;
  const l4 = pkt.l4Offset;
  const length = end - l4;
  const pseudo = pkt.ipv4 !== undefined
    ? pseudoHeaderSumV4(buf, l3 + 12, l3 + 16, protocol, length)
    : pseudoHeaderSumV6(buf, l3 + 8, l3 + 24, protocol, length);
  return finishChecksum(sumWords(buf, l4, end, pseudo)) === 0;
}

/** End of the IP datagram, or -1 when the frame does not hold all of it. */
function completeDatagramEnd(buf: Buffer, pkt: ParsedPacket): number {
  if (pkt.ipv4 !== undefined) {
    const end = pkt.l3Offset + pkt.ipv4.totalLength;
    return end <= buf.length && !pkt.ipv4.isFragment ? end : -1;
  }
  if (pkt.ipv6 !== undefined) {
    const end = pkt.l3Offset + 40 + pkt.ipv6.payloadLength;
    return pkt.ipv6.payloadLength !== 0 && end <= buf.length && !pkt.ipv6.isFragment ? end : -1;
  }
  return -1;
}

export function verifyChecksums(buf: Buffer): ChecksumReport {
  const pkt = parsePacket(buf);
  const report: ChecksumReport = { ok: true };
  if (pkt.ipv4 !== undefined) {
    report.ipv4Header = internetChecksum(buf, pkt.l3Offset, pkt.l3Offset + pkt.ipv4.headerLength) === 0;
  }
  const end = completeDatagramEnd(buf, pkt);
  if (end >= 0 && pkt.l4Offset >= 0) {
    if (pkt.tcp !== undefined) report.tcp = transportChecksumOk(buf, pkt, IPPROTO_TCP, end);
    // Over IPv4 a zero UDP checksum means "not computed" (RFC 768).
    if (pkt.udp !== undefined) {
      report.udp = (pkt.ipv4 !== undefined && pkt.udp.checksum === 0) || transportChecksumOk(buf, pkt, IPPROTO_UDP, end);
    }
    if (pkt.icmp !== undefined) report.icmp = internetChecksum(buf, pkt.l4Offset, end) === 0;
    if (pkt.icmpv6 !== undefined) report.icmpv6 = transportChecksumOk(buf, pkt, IPPROTO_ICMPV6, end);
  }
  report.ok = [report.ipv4Header, report.tcp, report.udp, report.icmp, report.icmpv6].every((v) => v !== false);
  return report;
}
