// The packet the pipeline simulator (pipeline-sim.ts) walks through a switch's tables:
// Ethernet addresses, an MPLS label stack and the pipeline metadata, which actions may
// change, over an IPv4 or ARP payload, which they may not (the simulator has no action
// that rewrites L3). Built from fields (tcpPacket, udpPacket, arpRequest) or from a
// frame (fromFrame), and back to a frame (toFrame) for a PACKET_IN's data.
import {
  buildArpPayload, buildEthernet, buildIcmpEcho, buildIpv4, buildTcp, buildUdp, ETH_TYPE_ARP, ETH_TYPE_IPV4, ETH_TYPE_MPLS, FlowKey,
  ipv4ToString, normalizeMac, parseFlowKey,
} from '../../southbound/packet';

export const TCP_SYN = 0x002;
export const TCP_ACK = 0x010;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_ICMP = 1;
const ZERO_MAC = '00:00:00:00:00:00';

export interface SimIpv4 {
  readonly src: string;
  readonly dst: string;
  readonly proto: number;
  /** TCP/UDP ports; absent for other protocols. */
  readonly srcPort?: number;
  readonly dstPort?: number;
  /** TCP flags (12 bits); absent for UDP. */
  readonly tcpFlags?: number;
  /** ICMP type; absent for other protocols. */
  readonly icmpType?: number;
}

export interface SimArp {
  readonly op: number;
  readonly spa: string;
  readonly tpa: string;
}

export interface SimPacket {
  /** The port the packet came in on (the in_port match field). */
  readonly inPort: number;
  readonly ethDst: string;
  readonly ethSrc: string;
  /** MPLS label stack, outermost first; empty when the frame is not MPLS. */
  readonly labels: readonly number[];
  /** The EtherType the frame carries now: 0x8847 over a label stack, else payloadType. */
  readonly ethType: number;
  /** What lies under the labels: 0x0800 IPv4, 0x0806 ARP or anything else. */
  readonly payloadType: number;
  /** Pipeline metadata (spec 7.2.3.7 OXM_OF_METADATA): zero when a packet enters table 0. */
  readonly metadata: bigint;
  /** tunnel_id (OXM_OF_TUNNEL_ID): the key a tunnel port sends with (set_field) or a packet came in with; absent means 0. */
  readonly tunnelId?: bigint;
  readonly ipv4?: SimIpv4;
  readonly arp?: SimArp;
  /** The bytes under the labels (IPv4 datagram, ARP body), kept for toFrame. */
  readonly payload: Buffer;
}

interface EthOptions {
  inPort: number;
  ethSrc?: string;
  ethDst?: string;
  labels?: readonly number[];
}

function packet(o: EthOptions, payloadType: number, payload: Buffer, l3: { ipv4?: SimIpv4; arp?: SimArp }): SimPacket {
  const labels = [...(o.labels ?? [])];
  return {
    inPort: o.inPort,
    ethDst: normalizeMac(o.ethDst ?? '02:00:00:00:00:01'),
    ethSrc: normalizeMac(o.ethSrc ?? '02:00:00:00:00:99'),
    labels,
    ethType: labels.length > 0 ? ETH_TYPE_MPLS : payloadType,
    payloadType,
    metadata: 0n,
    payload,
    ...l3,
  };
}

export interface TransportOptions extends EthOptions {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
}

/** A TCP segment (SYN unless flags say otherwise), optionally under a label stack. */
export function tcpPacket(o: TransportOptions & { flags?: number }): SimPacket {
  const tcpFlags = o.flags ?? TCP_SYN;
  const seg = buildTcp({ src: o.src, dst: o.dst, srcPort: o.srcPort, dstPort: o.dstPort, flags: tcpFlags });
  const ip = buildIpv4({ src: o.src, dst: o.dst, protocol: IPPROTO_TCP, payload: seg });
  return packet(o, ETH_TYPE_IPV4, ip, { ipv4: { src: o.src, dst: o.dst, proto: IPPROTO_TCP, srcPort: o.srcPort, dstPort: o.dstPort, tcpFlags } });
}

export function udpPacket(o: TransportOptions): SimPacket {
  const dgram = buildUdp({ src: o.src, dst: o.dst, srcPort: o.srcPort, dstPort: o.dstPort });
  const ip = buildIpv4({ src: o.src, dst: o.dst, protocol: IPPROTO_UDP, payload: dgram });
  return packet(o, ETH_TYPE_IPV4, ip, { ipv4: { src: o.src, dst: o.dst, proto: IPPROTO_UDP, srcPort: o.srcPort, dstPort: o.dstPort } });
}

/** An ICMP echo reply (type 0) with the given data, e.g. a client answering a server's flow advertisement. */
export function icmpEchoReply(o: EthOptions & { src: string; dst: string; id?: number; seq?: number; data: Buffer }): SimPacket {
  const icmp = buildIcmpEcho({ kind: 'reply', id: o.id ?? 1, seq: o.seq ?? 1, payload: o.data });
  const ip = buildIpv4({ src: o.src, dst: o.dst, protocol: IPPROTO_ICMP, payload: icmp });
  return packet(o, ETH_TYPE_IPV4, ip, { ipv4: { src: o.src, dst: o.dst, proto: IPPROTO_ICMP, icmpType: 0 } });
}

/** A broadcast ARP request: who has targetIp? */
export function arpRequest(o: { inPort: number; senderMac: string; senderIp: string; targetIp: string }): SimPacket {
  const body = buildArpPayload({ op: 1, senderMac: o.senderMac, senderIp: o.senderIp, targetMac: ZERO_MAC, targetIp: o.targetIp });
  return packet({ inPort: o.inPort, ethSrc: o.senderMac, ethDst: 'ff:ff:ff:ff:ff:ff' }, ETH_TYPE_ARP, body, { arp: { op: 1, spa: o.senderIp, tpa: o.targetIp } });
}

/** The same packet under another label stack (outermost first), e.g. as it arrives from a tunnel. */
export function withLabels(p: SimPacket, labels: readonly number[]): SimPacket {
  return { ...p, labels: [...labels], ethType: labels.length > 0 ? ETH_TYPE_MPLS : p.payloadType };
}

/** The same packet arriving on another port. */
export function arrivingOn(p: SimPacket, inPort: number, tunnelId?: bigint): SimPacket {
  const { tunnelId: _sent, ...rest } = p;
  return tunnelId === undefined ? { ...rest, inPort, metadata: 0n } : { ...rest, inPort, metadata: 0n, tunnelId };
}

/** Reads a frame (no VLAN tags) into a packet; undefined when it is not one the simulator models. */
export function fromFrame(frame: Buffer, inPort: number): SimPacket | undefined {
  const k = new FlowKey();
  if (!parseFlowKey(frame, k) || k.vlanDepth > 0) return undefined;
  const labels: number[] = [];
  let off = 14;
  if (k.ethType === ETH_TYPE_MPLS) {
    for (;;) {
      const entry = frame.readUInt32BE(off);
      labels.push(entry >>> 12);
      off += 4;
      if ((entry & 0x100) !== 0) break;
    }
  }
  const payloadType = labels.length === 0 ? k.ethType : k.ipVersion === 4 ? ETH_TYPE_IPV4 : 0;
  const eth = { inPort, ethSrc: k.ethSrc, ethDst: k.ethDst, labels };
  const payload = Buffer.from(frame.subarray(off));
  if (payloadType === ETH_TYPE_IPV4) {
    const ports = k.ipProto === IPPROTO_TCP || k.ipProto === IPPROTO_UDP ? { srcPort: k.srcPort, dstPort: k.dstPort } : {};
    const flags = k.ipProto === IPPROTO_TCP ? { tcpFlags: k.tcpFlags } : {};
    const icmp = k.ipProto === IPPROTO_ICMP ? { icmpType: k.icmpType } : {};
    return packet(eth, payloadType, payload, { ipv4: { src: ipv4ToString(k.ipv4Src), dst: ipv4ToString(k.ipv4Dst), proto: k.ipProto, ...ports, ...flags, ...icmp } });
  }
  if (payloadType === ETH_TYPE_ARP) return packet(eth, payloadType, payload, { arp: { op: k.arpOp, spa: ipv4ToString(k.arpSpa), tpa: ipv4ToString(k.arpTpa) } });
  return packet(eth, payloadType, payload, {});
}

/** The frame a packet is on the wire now (labels with bottom-of-stack on the last, TTL 64). */
export function toFrame(p: SimPacket): Buffer {
  const stack = Buffer.alloc(4 * p.labels.length);
  p.labels.forEach((label, i) => stack.writeUInt32BE(((label << 12) | (i === p.labels.length - 1 ? 0x100 : 0) | 64) >>> 0, 4 * i));
  return buildEthernet({ dst: p.ethDst, src: p.ethSrc, ethType: p.ethType, payload: Buffer.concat([stack, p.payload]) });
}
