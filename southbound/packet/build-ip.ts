// IPv4 (RFC 791) and IPv6 (RFC 8200) builders. They compute the length fields and the
// IPv4 header checksum; the transport checksum is the transport builder's job because
// it needs the pseudo-header from the same addresses.

import { IPV4_MIN_HEADER_LEN, IPV6_HEADER_LEN } from './constants';
import { internetChecksum } from './checksum';
import { writeIpv4 } from './ipv4-address';
import { writeIpv6 } from './ipv6-address';
import { checkRange } from './build-checks';

export interface Ipv4Spec {
  src: string;
  dst: string;
  protocol: number;
  payload?: Uint8Array;
  ttl?: number;
  dscp?: number;
  ecn?: number;
  id?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** Fragment offset in bytes; must be a multiple of 8. */
  fragmentOffset?: number;
  /** Raw options; zero-padded to a multiple of 4 (0 is End of Options List). */
  options?: Uint8Array;
}

export function buildIpv4(spec: Ipv4Spec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const options = spec.options ?? Buffer.alloc(0);
  const headerLength = IPV4_MIN_HEADER_LEN + ((options.length + 3) & ~3);
  const totalLength = headerLength + payload.length;
  const fragmentOffset = spec.fragmentOffset ?? 0;
  if (headerLength > 60) throw new RangeError(`ipv4 options too long (${options.length} > 40 bytes)`);
  checkRange('ipv4 total length', totalLength, 0xffff);
  if (fragmentOffset % 8 !== 0) throw new RangeError(`ipv4 fragment offset ${fragmentOffset} not a multiple of 8`);
  checkRange('ipv4 fragment offset / 8', fragmentOffset / 8, 0x1fff);
  const dscp = spec.dscp ?? 0;
  const ecn = spec.ecn ?? 0;
  const ttl = spec.ttl ?? 64;
  const id = spec.id ?? 0;
  checkRange('ipv4 dscp', dscp, 63);
  checkRange('ipv4 ecn', ecn, 3);
  checkRange('ipv4 ttl', ttl, 255);
  checkRange('ipv4 id', id, 0xffff);
  checkRange('ipv4 protocol', spec.protocol, 255);
  const pkt = Buffer.alloc(totalLength);
  pkt[0] = 0x40 | (headerLength >>> 2);
  pkt[1] = (dscp << 2) | ecn;
  pkt.writeUInt16BE(totalLength, 2);
  pkt.writeUInt16BE(id, 4);
  const flags = (spec.dontFragment === true ? 0x4000 : 0) | (spec.moreFragments === true ? 0x2000 : 0);
  pkt.writeUInt16BE(flags | (fragmentOffset / 8), 6);
  pkt[8] = ttl;
  pkt[9] = spec.protocol;
  writeIpv4(pkt, 12, spec.src);
  writeIpv4(pkt, 16, spec.dst);
  pkt.set(options, IPV4_MIN_HEADER_LEN);
  pkt.writeUInt16BE(internetChecksum(pkt, 0, headerLength), 10);
  pkt.set(payload, headerLength);
  return pkt;
}

export interface Ipv6Spec {
  src: string;
  dst: string;
  /** Next header of the fixed header: the transport protocol or the first extension header. */
  nextHeader: number;
  /** Extension headers (if any) followed by the upper-layer message. */
  payload?: Uint8Array;
  hopLimit?: number;
  trafficClass?: number;
  flowLabel?: number;
}

export function buildIpv6(spec: Ipv6Spec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const trafficClass = spec.trafficClass ?? 0;
  const flowLabel = spec.flowLabel ?? 0;
  const hopLimit = spec.hopLimit ?? 64;
  checkRange('ipv6 payload length', payload.length, 0xffff);
  checkRange('ipv6 traffic class', trafficClass, 255);
  checkRange('ipv6 flow label', flowLabel, 0xfffff);
  checkRange('ipv6 hop limit', hopLimit, 255);
  checkRange('ipv6 next header', spec.nextHeader, 255);
  const pkt = Buffer.alloc(IPV6_HEADER_LEN + payload.length);
  pkt.writeUInt32BE(((6 << 28) | (trafficClass << 20) | flowLabel) >>> 0, 0);
  pkt.writeUInt16BE(payload.length, 4);
  pkt[6] = spec.nextHeader;
  pkt[7] = hopLimit;
  writeIpv6(pkt, 8, spec.src);
  writeIpv6(pkt, 24, spec.dst);
  pkt.set(payload, IPV6_HEADER_LEN);
  return pkt;
}

/** A hop-by-hop, routing or destination options header (RFC 8200 4.3-4.6): `body` is
 * what follows the next-header and length bytes, zero-padded (Pad1/PadN-compatible:
 * zero bytes are Pad1 options) to a multiple of 8 with the first two bytes. */
export function buildIpv6OptionsHeader(nextHeader: number, body: Uint8Array = Buffer.alloc(6)): Buffer {
  const length = (body.length + 2 + 7) & ~7;
  checkRange('ipv6 extension header length units', length / 8 - 1, 255);
  const hdr = Buffer.alloc(length);
  hdr[0] = nextHeader;
  hdr[1] = length / 8 - 1;
  hdr.set(body, 2);
  return hdr;
}

/** An IPv6 fragment header (RFC 8200 4.5); offset in bytes, a multiple of 8. */
export function buildIpv6FragmentHeader(nextHeader: number, offset: number, moreFragments: boolean, id: number): Buffer {
  if (offset % 8 !== 0) throw new RangeError(`ipv6 fragment offset ${offset} not a multiple of 8`);
  checkRange('ipv6 fragment offset', offset, 0xfff8);
  const hdr = Buffer.alloc(8);
  hdr[0] = nextHeader;
  hdr.writeUInt16BE(offset | (moreFragments ? 1 : 0), 2);
  hdr.writeUInt32BE(id >>> 0, 4);
  return hdr;
}

