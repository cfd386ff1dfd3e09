// TCP (RFC 9293) and UDP (RFC 768, RFC 8200 8.1) builders. `src`/`dst` are the IP
// addresses of the enclosing datagram: they only feed the checksum pseudo-header.

import { IPPROTO_TCP, IPPROTO_UDP, TCP_MIN_HEADER_LEN, UDP_HEADER_LEN } from './constants';
import { finishChecksum, sumWords } from './checksum';
import { isIpv6Text, pseudoHeaderSumFor } from './pseudo-header';
import { checkRange } from './build-checks';

export interface TcpSpec {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq?: number;
  ack?: number;
  /** TCP_SYN | TCP_ACK ...: the 12 low bits of bytes 12-13. */
  flags: number;
  window?: number;
  urgentPointer?: number;
  /** Raw options, zero-padded (End of Option List) to a multiple of 4. */
  options?: Uint8Array;
  payload?: Uint8Array;
}

export function buildTcp(spec: TcpSpec): Buffer {
  const options = spec.options ?? Buffer.alloc(0);
  const payload = spec.payload ?? Buffer.alloc(0);
  const headerLength = TCP_MIN_HEADER_LEN + ((options.length + 3) & ~3);
  if (headerLength > 60) throw new RangeError(`tcp options too long (${options.length} > 40 bytes)`);
  checkRange('tcp srcPort', spec.srcPort, 0xffff);
  checkRange('tcp dstPort', spec.dstPort, 0xffff);
  checkRange('tcp flags', spec.flags, 0xfff);
  const seg = Buffer.alloc(headerLength + payload.length);
  seg.writeUInt16BE(spec.srcPort, 0);
  seg.writeUInt16BE(spec.dstPort, 2);
  seg.writeUInt32BE((spec.seq ?? 0) >>> 0, 4);
  seg.writeUInt32BE((spec.ack ?? 0) >>> 0, 8);
  seg.writeUInt16BE(((headerLength / 4) << 12) | spec.flags, 12);
  seg.writeUInt16BE(spec.window ?? 65535, 14);
  seg.writeUInt16BE(spec.urgentPointer ?? 0, 18);
  seg.set(options, TCP_MIN_HEADER_LEN);
  seg.set(payload, headerLength);
  const sum = pseudoHeaderSumFor(spec.src, spec.dst, IPPROTO_TCP, seg.length);
  seg.writeUInt16BE(finishChecksum(sumWords(seg, 0, seg.length, sum)), 16);
  return seg;
}

export interface UdpSpec {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  payload?: Uint8Array;
  /** Over IPv4 the checksum is optional (RFC 768); false sends 0. Over IPv6 it is
   * mandatory (RFC 8200 8.1) and this flag is ignored. */
  checksum?: boolean;
}

export function buildUdp(spec: UdpSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = UDP_HEADER_LEN + payload.length;
  checkRange('udp length', length, 0xffff);
  checkRange('udp srcPort', spec.srcPort, 0xffff);
  checkRange('udp dstPort', spec.dstPort, 0xffff);
  const dgram = Buffer.alloc(length);
  dgram.writeUInt16BE(spec.srcPort, 0);
  dgram.writeUInt16BE(spec.dstPort, 2);
  dgram.writeUInt16BE(length, 4);
  dgram.set(payload, UDP_HEADER_LEN);
  if (spec.checksum !== false || isIpv6Text(spec.src)) {
    const sum = pseudoHeaderSumFor(spec.src, spec.dst, IPPROTO_UDP, length);
    // A computed 0 is sent as 0xffff: 0 means "no checksum" (RFC 768).
    dgram.writeUInt16BE(finishChecksum(sumWords(dgram, 0, length, sum)) || 0xffff, 6);
  }
  return dgram;
}
