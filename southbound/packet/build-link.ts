// Link-layer builders and rewrites: Ethernet II framing, 802.1Q tag push/pop and MPLS
// label push/pop with the OpenFlow 1.3 semantics (spec 5.12.1): VLAN tags are pushed
// outermost, MPLS entries go after the VLAN tags, the pushed MPLS TTL is taken from the
// entry below or the IP TTL. Builders take values from code and config, so unlike the
// parsers they throw RangeError on impossible input.

import {
  ETH_HEADER_LEN, ETH_TYPE_IPV4, ETH_TYPE_IPV6, ETH_TYPE_MPLS, ETH_TYPE_VLAN, MPLS_LABEL_LEN, VLAN_TAG_LEN, isMplsEthType,
  isVlanTpid,
} from './constants';
import { writeMac } from './mac-address';
import { checkRange } from './build-checks';

export interface VlanTagSpec {
  vid: number;
  pcp?: number;
  dei?: number;
  /** 0x8100 (default), or 0x88a8 for an 802.1ad service tag. */
  tpid?: number;
}

export interface EthernetSpec {
  dst: string;
  src: string;
  ethType: number;
  payload?: Uint8Array;
  /** Tags outermost first. */
  vlans?: VlanTagSpec[];
  /** Zero-pad to the 60-byte minimum (64 with the FCS the NIC adds). */
  pad?: boolean;
}

const MIN_FRAME_WITHOUT_FCS = 60;

function vlanTci(tag: VlanTagSpec): number {
  const pcp = tag.pcp ?? 0;
  const dei = tag.dei ?? 0;
  checkRange('vlan vid', tag.vid, 0xfff);
  checkRange('vlan pcp', pcp, 7);
  checkRange('vlan dei', dei, 1);
  return (pcp << 13) | (dei << 12) | tag.vid;
}

export function buildEthernet(spec: EthernetSpec): Buffer {
  const vlans = spec.vlans ?? [];
  const payload = spec.payload ?? Buffer.alloc(0);
  checkRange('ethType', spec.ethType, 0xffff);
  const headerLen = ETH_HEADER_LEN + VLAN_TAG_LEN * vlans.length;
  const frameLen = Math.max(headerLen + payload.length, spec.pad === true ? MIN_FRAME_WITHOUT_FCS : 0);
  const frame = Buffer.alloc(frameLen);
  writeMac(frame, 0, spec.dst);
  writeMac(frame, 6, spec.src);
  let off = 12;
  for (const tag of vlans) {
    frame.writeUInt16BE(tag.tpid ?? ETH_TYPE_VLAN, off);
    frame.writeUInt16BE(vlanTci(tag), off + 2);
    off += VLAN_TAG_LEN;
  }
  frame.writeUInt16BE(spec.ethType, off);
  frame.set(payload, headerLen);
  return frame;
}

/** Inserts `bytes` at `at`, returning a new frame. */
function insertAt(frame: Uint8Array, at: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([frame.subarray(0, at), bytes, frame.subarray(at)]);
}

/** Offset of the EtherType field after all VLAN tags. */
function innerEthTypeOffset(frame: Uint8Array): number {
  if (frame.length < ETH_HEADER_LEN) throw new RangeError('frame shorter than an Ethernet header');
  let off = 12;
  while (isVlanTpid((frame[off] << 8) | frame[off + 1])) {
    off += VLAN_TAG_LEN;
    if (off + 2 > frame.length) throw new RangeError('VLAN tag truncated');
  }
  return off;
}

/** Pushes a new outermost VLAN tag. */
export function pushVlan(frame: Uint8Array, tag: VlanTagSpec): Buffer {
  if (frame.length < ETH_HEADER_LEN) throw new RangeError('frame shorter than an Ethernet header');
  const bytes = Buffer.alloc(VLAN_TAG_LEN);
  bytes.writeUInt16BE(tag.tpid ?? ETH_TYPE_VLAN, 0);
  bytes.writeUInt16BE(vlanTci(tag), 2);
  return insertAt(frame, 12, bytes);
}

/** Removes the outermost VLAN tag. */
export function popVlan(frame: Uint8Array): Buffer {
  if (frame.length < ETH_HEADER_LEN + VLAN_TAG_LEN || !isVlanTpid((frame[12] << 8) | frame[13])) {
    throw new RangeError('frame has no VLAN tag to pop');
  }
  return Buffer.concat([frame.subarray(0, 12), frame.subarray(12 + VLAN_TAG_LEN)]);
}

export interface MplsPushSpec {
  label: number;
  tc?: number;
  /** Default: the TTL of the entry below, else the IPv4 TTL / IPv6 hop limit, else 64. */
  ttl?: number;
  /** 0x8847 (default) or 0x8848. */
  ethType?: number;
}

function defaultMplsTtl(frame: Uint8Array, below: number, belowType: number): number {
  if (isMplsEthType(belowType) && below + 4 <= frame.length) return frame[below + 3];
  if (belowType === ETH_TYPE_IPV4 && below + 9 <= frame.length) return frame[below + 8];
  if (belowType === ETH_TYPE_IPV6 && below + 8 <= frame.length) return frame[below + 7];
  return 64;
}

/** Pushes an MPLS label stack entry above the VLAN tags (RFC 3032 section 2.1). */
export function pushMpls(frame: Uint8Array, spec: MplsPushSpec): Buffer {
  const typeOff = innerEthTypeOffset(frame);
  const belowType = (frame[typeOff] << 8) | frame[typeOff + 1];
  const below = typeOff + 2;
  const tc = spec.tc ?? 0;
  const ttl = spec.ttl ?? defaultMplsTtl(frame, below, belowType);
  checkRange('mpls label', spec.label, 0xfffff);
  checkRange('mpls tc', tc, 7);
  checkRange('mpls ttl', ttl, 255);
  const bos = isMplsEthType(belowType) ? 0 : 1;
  const entry = Buffer.alloc(MPLS_LABEL_LEN);
  entry.writeUInt32BE(((spec.label << 12) | (tc << 9) | (bos << 8) | ttl) >>> 0, 0);
  const out = insertAt(frame, below, entry);
  out.writeUInt16BE(spec.ethType ?? ETH_TYPE_MPLS, typeOff);
  return out;
}

/** Pops the top MPLS entry. Like OpenFlow's pop_mpls, `ethType` becomes the EtherType
 * of what is left; without it an inner MPLS entry keeps 0x8847 and an IP payload under
 * the bottom of the stack is recognised by its version nibble. */
export function popMpls(frame: Uint8Array, ethType?: number): Buffer {
  const typeOff = innerEthTypeOffset(frame);
  const top = typeOff + 2;
  const stackType = (frame[typeOff] << 8) | frame[typeOff + 1];
  if (!isMplsEthType(stackType) || top + MPLS_LABEL_LEN > frame.length) {
    throw new RangeError('frame has no MPLS label to pop');
  }
  const bos = (frame[top + 2] & 1) === 1;
  const out = Buffer.concat([frame.subarray(0, top), frame.subarray(top + MPLS_LABEL_LEN)]);
  out.writeUInt16BE(ethType ?? (bos ? guessIpEthType(out, top) : stackType), typeOff);
  return out;
}

function guessIpEthType(frame: Uint8Array, off: number): number {
  const version = off < frame.length ? frame[off] >>> 4 : -1;
  if (version === 4) return ETH_TYPE_IPV4;
  if (version === 6) return ETH_TYPE_IPV6;
  throw new RangeError('popMpls: cannot guess the EtherType of a non-IP payload; pass it');
}
