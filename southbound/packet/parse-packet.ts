// The general parser: every layer as a typed object, for logging, tests, ARP/ND
// answering and anything off the hot path. It never throws: a layer that is cut short
// or malformed ends the parse with a note on the result (DESIGN 7: no input may crash
// the process), and the layers before it stay available.

import {
  ETH_TYPE_ARP, ETH_TYPE_IPV4, ETH_TYPE_IPV6, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP, isMplsEthType,
} from './constants';
import { parseIcmp, parseIcmpv6 } from './parse-icmp';
import { ipv4End, parseIpv4 } from './parse-ipv4';
import { ipv6End, parseIpv6 } from './parse-ipv6';
import { guessMplsPayloadVersion, parseEthernet, parseMplsStack } from './parse-link';
import { parseArp } from './parse-arp';
import { STOP, emptyPacket, setPayload, stop } from './parse-state';
import { parseTcp, parseUdp } from './parse-transport';
import type { ParsedPacket } from './types';

/** Parses the transport layer of an IP datagram whose transport header starts at off. */
function parseTransport(buf: Buffer, off: number, end: number, protocol: number, pkt: ParsedPacket): void {
  switch (protocol) {
    case IPPROTO_TCP: parseTcp(buf, off, end, pkt); return;
    case IPPROTO_UDP: parseUdp(buf, off, end, pkt); return;
    case IPPROTO_ICMP: parseIcmp(buf, off, end, pkt); return;
    case IPPROTO_ICMPV6: parseIcmpv6(buf, off, end, pkt); return;
    default: setPayload(pkt, buf, off, end);
  }
}

function parseIpv4Datagram(buf: Buffer, off: number, pkt: ParsedPacket): void {
  const l4 = parseIpv4(buf, off, pkt);
  const ip = pkt.ipv4;
  if (l4 === STOP || ip === undefined) return;
  const end = ipv4End(buf, off, ip.totalLength);
  // Only the first fragment carries the transport header.
  if (ip.fragmentOffset !== 0) return setPayload(pkt, buf, l4, end);
  parseTransport(buf, l4, end, ip.protocol, pkt);
}

function parseIpv6Datagram(buf: Buffer, off: number, pkt: ParsedPacket): void {
  const l4 = parseIpv6(buf, off, pkt);
  const ip = pkt.ipv6;
  if (l4 === STOP || ip === undefined) return;
  parseTransport(buf, l4, ipv6End(buf, off, ip.payloadLength), ip.protocol, pkt);
}

function parseNetwork(buf: Buffer, off: number, ethType: number, pkt: ParsedPacket): void {
  switch (ethType) {
    case ETH_TYPE_IPV4: return parseIpv4Datagram(buf, off, pkt);
    case ETH_TYPE_IPV6: return parseIpv6Datagram(buf, off, pkt);
    case ETH_TYPE_ARP: {
      pkt.l3Offset = off;
      const end = parseArp(buf, off, pkt);
      if (end !== STOP) setPayload(pkt, buf, end, end);
      return;
    }
    default: setPayload(pkt, buf, off, buf.length);
  }
}

function parseLayers(buf: Buffer, pkt: ParsedPacket): void {
  let off = parseEthernet(buf, pkt);
  if (off === STOP) return;
  if (isMplsEthType(pkt.ethType)) {
    off = parseMplsStack(buf, off, pkt);
    if (off === STOP) return;
    const version = guessMplsPayloadVersion(buf, off);
    if (version === 4) return parseNetwork(buf, off, ETH_TYPE_IPV4, pkt);
    if (version === 6) return parseNetwork(buf, off, ETH_TYPE_IPV6, pkt);
    return setPayload(pkt, buf, off, buf.length); // Ethernet pseudowire or unknown payload
  }
  parseNetwork(buf, off, pkt.ethType, pkt);
}

/** Parses an Ethernet frame into its layers. Never throws. */
export function parsePacket(buf: Buffer): ParsedPacket {
  const pkt = emptyPacket();
  try {
    parseLayers(buf, pkt);
  } catch (err) {
    // Every read above is bounds-checked; this is a last line of defence so a parser bug
    // costs one packet, not the controller.
    stop(pkt, `internal: ${err instanceof Error ? err.message : String(err)}`, false);
  }
  return pkt;
}
