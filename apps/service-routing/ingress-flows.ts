// The flows this app puts on ingress switches: packet-in rules for VIP prefixes, ARP for
// them and for client gateways, and echo replies to them (servers' flow advertisements).
// The pinned flows of connections are flow-pinning's (apps/flow-pinning/pin-flows.ts).

import { type Action, type FlowSpec, type Match, OFPCML_NO_BUFFER, OFPP_CONTROLLER, type OxmBasicField, type OxmRawField } from '../../controller';
import { PRIORITY, TABLE } from '../pipeline/layout';
import { ipv4ToString, maskOf } from '../../controller';
import { IPPROTO_TCP, type Service } from '../../level/catalog/service';

/** App-local cookies: which kind of flow, so flow-removed and deletes can tell them apart (3 was the pins', now flow-pinning's). */
export const VIP_RULE_COOKIE = 1n;
export const VIP_ARP_COOKIE = 2n;
export const VIP_ECHO_COOKIE = 4n;

const ETH_TYPE_IPV4 = 0x0800;
const ETH_TYPE_ARP = 0x0806;
const ARP_REQUEST = 1;
const IPPROTO_ICMP = 1;
const ICMP_ECHO_REPLY = 0;

const TO_CONTROLLER: Action[] = [{ type: 'OUTPUT', port: OFPP_CONTROLLER, maxLen: OFPCML_NO_BUFFER }];

function dstMatch(field: 'ipv4_dst' | 'arp_tpa', s: Service): OxmBasicField {
  const value = ipv4ToString(s.prefix.base);
  return s.prefix.length === 32 ? { field, value } : { field, value, mask: ipv4ToString(maskOf(s.prefix.length)) };
}

/**
 * tcp_flags with the SYN bit as value and mask, as Open vSwitch takes it in OpenFlow 1.3:
 * the ONF extension OXM (EXT-109, experimenter class 0xffff, ONF id 0x4f4e4600, field 42),
 * the same bytes OVS writes back in flow stats, so reconciliation sees an identical match.
 */
const TCP_SYN_ONLY: OxmRawField = {
  field: 'raw', oxmClass: 0xffff, oxmField: 42, hasMask: true,
  raw: Buffer.from('ffff5508' + '4f4e4600' + '0002' + '0002', 'hex'),
};

/**
 * Packet-in rules for one service: per port (or once for any port). For TCP a SYN rule sits
 * one priority above the catch-all. Open vSwitch caches a datapath flow for what the first
 * packet matched and sends every packet that hits that cache entry to the controller until
 * its revalidators catch up with the new pin, which takes longer than a SYN-ACK round trip
 * on a LAN. Matching the SYN bit makes that cache entry SYN-only, so the connection's ACK
 * misses it and is looked up afresh, meeting the pin. The catch-all still brings
 * mid-connection packets of unknown connections to the controller (recovery).
 */
export function vipRules(s: Service): FlowSpec[] {
  const tcp = s.protocolNumber === IPPROTO_TCP;
  const portField = tcp ? 'tcp_dst' : 'udp_dst';
  const base: Match = [
    { field: 'eth_type', value: ETH_TYPE_IPV4 },
    { field: 'ip_proto', value: s.protocolNumber },
    dstMatch('ipv4_dst', s),
  ];
  const matches: Match[] = s.anyPort ? [base] : [...s.ports].map((p) => [...base, { field: portField, value: p }]);
  const rule = (match: Match, priority: number): FlowSpec => ({
    tableId: TABLE.services,
    priority,
    match,
    cookie: VIP_RULE_COOKIE,
    instructions: [{ type: 'APPLY_ACTIONS', actions: TO_CONTROLLER }],
  });
  return matches.flatMap((match) => tcp
    ? [rule([...match, TCP_SYN_ONLY], PRIORITY.services.synPacketIn), rule(match, PRIORITY.services.packetIn)]
    : [rule(match, PRIORITY.services.packetIn)]);
}

function arpRequestRule(tpa: OxmBasicField): FlowSpec {
  return {
    tableId: TABLE.services,
    priority: PRIORITY.services.arp,
    match: [{ field: 'eth_type', value: ETH_TYPE_ARP }, { field: 'arp_op', value: ARP_REQUEST }, tpa],
    cookie: VIP_ARP_COOKIE,
    instructions: [{ type: 'APPLY_ACTIONS', actions: TO_CONTROLLER }],
  };
}

/** ARP requests for a VIP prefix come to the controller, which answers for the VIP. */
export function vipArpRule(s: Service): FlowSpec {
  return arpRequestRule(dstMatch('arp_tpa', s));
}

/**
 * ICMP echo replies to a VIP prefix come to the controller: a client answering a server's
 * flow advertisement (an echo the server sent from the VIP, patent Fig. 10) answers the
 * VIP, so the reply reaches the SLR that now receives the client's traffic.
 */
export function vipEchoReplyRule(s: Service): FlowSpec {
  return {
    tableId: TABLE.services,
    priority: PRIORITY.services.echoReply,
    match: [{ field: 'eth_type', value: ETH_TYPE_IPV4 }, { field: 'ip_proto', value: IPPROTO_ICMP }, dstMatch('ipv4_dst', s), { field: 'icmpv4_type', value: ICMP_ECHO_REPLY }],
    cookie: VIP_ECHO_COOKIE,
    instructions: [{ type: 'APPLY_ACTIONS', actions: TO_CONTROLLER }],
  };
}

/** ARP requests for a client subnet's gateway address, answered like a VIP's. */
export function gatewayArpRule(gatewayIp: number): FlowSpec {
  return arpRequestRule({ field: 'arp_tpa', value: ipv4ToString(gatewayIp) });
}
