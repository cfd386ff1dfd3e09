// ARP (RFC 826) frames for Ethernet/IPv4, complete with the Ethernet header, so the
// controller can answer ARP for virtual IPs with a single packet-out.

import { ARP_ETH_IPV4_LEN, ARP_REPLY, ARP_REQUEST, ETH_TYPE_ARP, ETH_TYPE_IPV4 } from './constants';
import { checkRange } from './build-checks';
import { buildEthernet, type VlanTagSpec } from './build-link';
import { writeIpv4 } from './ipv4-address';
import { BROADCAST_MAC, ZERO_MAC, writeMac } from './mac-address';

export interface ArpSpec {
  op: number;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
  /** Ethernet addresses; default to senderMac and (request: broadcast, reply: targetMac). */
  ethSrc?: string;
  ethDst?: string;
  vlans?: VlanTagSpec[];
  pad?: boolean;
}

/** The 28-byte ARP message alone. */
export function buildArpPayload(spec: Pick<ArpSpec, 'op' | 'senderMac' | 'senderIp' | 'targetMac' | 'targetIp'>): Buffer {
  checkRange('arp op', spec.op, 0xffff);
  const arp = Buffer.alloc(ARP_ETH_IPV4_LEN);
  arp.writeUInt16BE(1, 0); // hardware type Ethernet
  arp.writeUInt16BE(ETH_TYPE_IPV4, 2);
  arp[4] = 6;
  arp[5] = 4;
  arp.writeUInt16BE(spec.op, 6);
  writeMac(arp, 8, spec.senderMac);
  writeIpv4(arp, 14, spec.senderIp);
  writeMac(arp, 18, spec.targetMac);
  writeIpv4(arp, 24, spec.targetIp);
  return arp;
}

/** A whole ARP frame. */
export function buildArp(spec: ArpSpec): Buffer {
  const ethDst = spec.ethDst ?? (spec.op === ARP_REQUEST ? BROADCAST_MAC : spec.targetMac);
  return buildEthernet({
    dst: ethDst,
    src: spec.ethSrc ?? spec.senderMac,
    ethType: ETH_TYPE_ARP,
    payload: buildArpPayload(spec),
    vlans: spec.vlans,
    pad: spec.pad,
  });
}

export interface ArpRequestSpec {
  senderMac: string;
  senderIp: string;
  targetIp: string;
  vlans?: VlanTagSpec[];
}

/** "Who has targetIp? Tell senderIp", broadcast. */
export function buildArpRequest(spec: ArpRequestSpec): Buffer {
  return buildArp({ ...spec, op: ARP_REQUEST, targetMac: ZERO_MAC });
}

export interface ArpReplySpec {
  /** The MAC that answers for senderIp (e.g. the virtual MAC of a VIP). */
  senderMac: string;
  senderIp: string;
  /** The asker, taken from the request's sender fields. */
  targetMac: string;
  targetIp: string;
  vlans?: VlanTagSpec[];
}

/** "senderIp is at senderMac", unicast to the asker. */
export function buildArpReply(spec: ArpReplySpec): Buffer {
  return buildArp({ ...spec, op: ARP_REPLY });
}
