// ICMPv4 (RFC 792) and ICMPv6 (RFC 4443) builders, including the neighbour
// solicitation/advertisement of RFC 4861 that the controller sends to answer for
// virtual addresses. ICMPv4 checksums cover the message only; ICMPv6 checksums add
// the IPv6 pseudo-header, so those builders need the addresses.

import {
  ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMPV6_ECHO_REPLY, ICMPV6_ECHO_REQUEST, ICMPV6_NEIGHBOR_ADVERTISEMENT,
  ICMPV6_NEIGHBOR_SOLICITATION, IPPROTO_ICMPV6, ND_OPT_SOURCE_LINK_ADDR, ND_OPT_TARGET_LINK_ADDR,
} from './constants';
import { finishChecksum, internetChecksum, sumWords } from './checksum';
import { writeIpv6 } from './ipv6-address';
import { writeMac } from './mac-address';
import { isIpv6Text, pseudoHeaderSumFor } from './pseudo-header';
import { checkRange } from './build-checks';

export interface IcmpSpec {
  type: number;
  code?: number;
  /** Everything after the checksum: the 4-byte rest-of-header and the data. */
  body?: Uint8Array;
}

/** An ICMPv4 message with its checksum. */
export function buildIcmp(spec: IcmpSpec): Buffer {
  const body = spec.body ?? Buffer.alloc(4);
  const code = spec.code ?? 0;
  checkRange('icmp type', spec.type, 255);
  checkRange('icmp code', code, 255);
  const msg = Buffer.alloc(4 + body.length);
  msg[0] = spec.type;
  msg[1] = code;
  msg.set(body, 4);
  msg.writeUInt16BE(internetChecksum(msg, 0, msg.length), 2);
  return msg;
}

export interface EchoSpec {
  kind: 'request' | 'reply';
  id: number;
  seq: number;
  payload?: Uint8Array;
}

function echoBody(spec: EchoSpec): Buffer {
  checkRange('echo id', spec.id, 0xffff);
  checkRange('echo seq', spec.seq, 0xffff);
  const payload = spec.payload ?? Buffer.alloc(0);
  const body = Buffer.alloc(4 + payload.length);
  body.writeUInt16BE(spec.id, 0);
  body.writeUInt16BE(spec.seq, 2);
  body.set(payload, 4);
  return body;
}

/** ICMPv4 echo request (type 8) or reply (type 0). */
export function buildIcmpEcho(spec: EchoSpec): Buffer {
  return buildIcmp({ type: spec.kind === 'request' ? ICMP_ECHO_REQUEST : ICMP_ECHO_REPLY, body: echoBody(spec) });
}

export interface Icmpv6Spec extends IcmpSpec {
  /** IPv6 source and destination of the enclosing packet (pseudo-header). */
  src: string;
  dst: string;
}

/** An ICMPv6 message with its pseudo-header checksum. */
export function buildIcmpv6(spec: Icmpv6Spec): Buffer {
  if (!isIpv6Text(spec.src) || !isIpv6Text(spec.dst)) throw new RangeError('ICMPv6 needs IPv6 addresses');
  const body = spec.body ?? Buffer.alloc(4);
  const code = spec.code ?? 0;
  checkRange('icmpv6 type', spec.type, 255);
  checkRange('icmpv6 code', code, 255);
  const msg = Buffer.alloc(4 + body.length);
  msg[0] = spec.type;
  msg[1] = code;
  msg.set(body, 4);
  const sum = pseudoHeaderSumFor(spec.src, spec.dst, IPPROTO_ICMPV6, msg.length);
  msg.writeUInt16BE(finishChecksum(sumWords(msg, 0, msg.length, sum)), 2);
  return msg;
}

/** ICMPv6 echo request (128) or reply (129). */
export function buildIcmpv6Echo(spec: EchoSpec & { src: string; dst: string }): Buffer {
  const type = spec.kind === 'request' ? ICMPV6_ECHO_REQUEST : ICMPV6_ECHO_REPLY;
  return buildIcmpv6({ src: spec.src, dst: spec.dst, type, body: echoBody(spec) });
}

/** Body of NS/NA: 4 bytes (flags/reserved), the target, then one link-layer address option. */
function ndBody(flags: number, target: string, optionType: number, mac: string | undefined): Buffer {
  const body = Buffer.alloc(20 + (mac === undefined ? 0 : 8));
  body[0] = flags;
  writeIpv6(body, 4, target);
  if (mac !== undefined) {
    body[20] = optionType;
    body[21] = 1; // length in units of 8 bytes
    writeMac(body, 22, mac);
  }
  return body;
}

export interface NeighborSolicitationSpec {
  /** Source address (the unspecified address :: for duplicate address detection). */
  src: string;
  /** Usually the solicited-node multicast address of the target. */
  dst: string;
  target: string;
  /** Source link-layer address option; must be omitted when src is :: (RFC 4861 4.3). */
  sourceMac?: string;
}

export function buildNeighborSolicitation(spec: NeighborSolicitationSpec): Buffer {
  const body = ndBody(0, spec.target, ND_OPT_SOURCE_LINK_ADDR, spec.sourceMac);
  return buildIcmpv6({ src: spec.src, dst: spec.dst, type: ICMPV6_NEIGHBOR_SOLICITATION, body });
}

export interface NeighborAdvertisementSpec {
  src: string;
  dst: string;
  target: string;
  /** Target link-layer address option (should be sent in answer to a multicast NS). */
  targetMac?: string;
  router?: boolean;
  solicited?: boolean;
  override?: boolean;
}

export function buildNeighborAdvertisement(spec: NeighborAdvertisementSpec): Buffer {
  const flags = (spec.router === true ? 0x80 : 0) | (spec.solicited === true ? 0x40 : 0) | (spec.override === true ? 0x20 : 0);
  const body = ndBody(flags, spec.target, ND_OPT_TARGET_LINK_ADDR, spec.targetMac);
  return buildIcmpv6({ src: spec.src, dst: spec.dst, type: ICMPV6_NEIGHBOR_ADVERTISEMENT, body });
}
