// TCP (RFC 9293) and UDP (RFC 768) headers. Each parser is given the end of the IP
// datagram so Ethernet padding is never mistaken for payload.

import { TCP_MIN_HEADER_LEN, UDP_HEADER_LEN } from './constants';
import { setPayload, stop } from './parse-state';
import type { ParsedPacket } from './types';

export function parseTcp(buf: Buffer, off: number, end: number, pkt: ParsedPacket): number {
  if (off + TCP_MIN_HEADER_LEN > end) return stop(pkt, 'tcp: header truncated', true);
  const headerLength = (buf[off + 12] >>> 4) * 4;
  if (headerLength < TCP_MIN_HEADER_LEN) return stop(pkt, `tcp: data offset ${headerLength / 4} < 5`, false);
  if (off + headerLength > end) return stop(pkt, 'tcp: options truncated', true);
  pkt.l4Offset = off;
  pkt.tcp = {
    srcPort: buf.readUInt16BE(off),
    dstPort: buf.readUInt16BE(off + 2),
    seq: buf.readUInt32BE(off + 4),
    ack: buf.readUInt32BE(off + 8),
    headerLength,
    flags: ((buf[off + 12] & 0x0f) << 8) | buf[off + 13],
    window: buf.readUInt16BE(off + 14),
    checksum: buf.readUInt16BE(off + 16),
    urgentPointer: buf.readUInt16BE(off + 18),
    options: buf.subarray(off + TCP_MIN_HEADER_LEN, off + headerLength),
  };
  setPayload(pkt, buf, off + headerLength, end);
  return off + headerLength;
}

export function parseUdp(buf: Buffer, off: number, end: number, pkt: ParsedPacket): number {
  if (off + UDP_HEADER_LEN > end) return stop(pkt, 'udp: header truncated', true);
  const length = buf.readUInt16BE(off + 4);
  pkt.l4Offset = off;
  pkt.udp = { srcPort: buf.readUInt16BE(off), dstPort: buf.readUInt16BE(off + 2), length, checksum: buf.readUInt16BE(off + 6) };
  if (length < UDP_HEADER_LEN) return stop(pkt, `udp: length ${length} < 8`, false);
  // The UDP length should equal the IP payload length; trust the smaller of the two.
  setPayload(pkt, buf, off + UDP_HEADER_LEN, Math.min(end, off + length));
  if (off + length > buf.length) pkt.truncated = true;
  return off + UDP_HEADER_LEN;
}
