// One exact-match flow per pinned connection in the pins table, carrying its path's
// actions; and the way back from a flow's match to its connection (FLOW_REMOVED).
import { type Action, type FlowSpec, type Match, OFPFF_SEND_FLOW_REM } from '../../controller';
import { ipv4ToString, maskOf, parseIpv4Address } from '../../controller';
import type { FiveTuple } from '../../controller';
import type { Service } from '../../level/catalog/service';
import { PRIORITY, TABLE } from '../pipeline/layout';

const ETH_TYPE_IPV4 = 0x0800;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

/** App-local cookies of flow-pinning: which kind of flow, so flow-removed and deletes can tell them apart. */
export const PIN_COOKIE = 1n;
export const TUNNEL_EXIT_COOKIE = 2n;
export const LABEL_ROUTE_COOKIE = 3n;
export const LABEL_EXIT_COOKIE = 4n;
/** A (service, server) pair's reply-counting flow (accounting of the VIP -> client direction). */
export const REPLY_COUNT_COOKIE = 5n;
// Pin and reply-counting cookies carry the pair's accounting tag above these kind bits
// (usage-tags.ts); the kind alone is in the low 8 bits.

export function pinMatch(t: FiveTuple): Match {
  const tcp = t.proto === IPPROTO_TCP;
  return [
    { field: 'eth_type', value: ETH_TYPE_IPV4 },
    { field: 'ip_proto', value: t.proto },
    { field: 'ipv4_src', value: ipv4ToString(t.srcIp) },
    { field: 'ipv4_dst', value: ipv4ToString(t.dstIp) },
    { field: tcp ? 'tcp_src' : 'udp_src', value: t.srcPort },
    { field: tcp ? 'tcp_dst' : 'udp_dst', value: t.dstPort },
  ];
}

/**
 * The idle timeout of a pin's switch flow: UDP flows have their own (a connectionless
 * flow has no FIN; its pin ends when the flow has been idle this long), TCP the level's.
 */
export function pinIdleTimeoutOf(level: { readonly config: { readonly ingress: { pinIdleTimeoutSec: number; udpPinIdleTimeoutSec?: number } } }, proto: number): number {
  const ingress = level.config.ingress;
  return proto === IPPROTO_UDP ? (ingress.udpPinIdleTimeoutSec ?? ingress.pinIdleTimeoutSec) : ingress.pinIdleTimeoutSec;
}

export function pinFlow(t: FiveTuple, actions: Action[], idleTimeoutSec: number, cookie: bigint = PIN_COOKIE): FlowSpec {
  return {
    tableId: TABLE.pins,
    priority: PRIORITY.pins.pin,
    match: pinMatch(t),
    cookie,
    idleTimeout: idleTimeoutSec,
    // Flow-removed tells us when the connection's flow is gone, so the pin can go too.
    flags: OFPFF_SEND_FLOW_REM,
    instructions: [{ type: 'APPLY_ACTIONS', actions }],
  };
}

/**
 * The flows that count one (service, server) pair's replies at the site edge: frames from
 * the server's MAC with the service's VIP (or virtual subnet) and port as their source,
 * i.e. its direct-server-return traffic, one flow per port. They only count: the frame
 * goes on to the next table exactly as the pins table's miss would send it.
 */
export function replyCountFlows(s: Service, serverMac: string, cookie: bigint): FlowSpec[] {
  const tcp = s.protocolNumber === IPPROTO_TCP;
  const src = ipv4ToString(s.prefix.base);
  const base: Match = [
    { field: 'eth_type', value: ETH_TYPE_IPV4 },
    { field: 'eth_src', value: serverMac },
    { field: 'ip_proto', value: s.protocolNumber },
    s.prefix.length === 32 ? { field: 'ipv4_src', value: src } : { field: 'ipv4_src', value: src, mask: ipv4ToString(maskOf(s.prefix.length)) },
  ];
  const matches: Match[] = s.anyPort ? [base] : [...s.ports].sort((a, b) => a - b).map((p) => [...base, { field: tcp ? 'tcp_src' : 'udp_src', value: p }]);
  return matches.map((match) => ({
    tableId: TABLE.pins,
    priority: PRIORITY.pins.replyCount,
    match,
    cookie,
    instructions: [{ type: 'GOTO_TABLE', tableId: TABLE.services }],
  }));
}

/** The 5-tuple of a pinned flow's match (from flow-removed), or undefined if it is not one. */
export function fiveTupleOfMatch(match: Match): FiveTuple | undefined {
  let proto = -1;
  let srcIp: number | undefined;
  let dstIp: number | undefined;
  let srcPort = -1;
  let dstPort = -1;
  for (const f of match) {
    if (f.field === 'raw' || f.mask !== undefined) continue;
    const v = f.value;
    switch (f.field) {
      case 'ip_proto':
        proto = Number(v);
        break;
      case 'ipv4_src':
        srcIp = typeof v === 'string' ? parseIpv4Address(v) : undefined;
        break;
      case 'ipv4_dst':
        dstIp = typeof v === 'string' ? parseIpv4Address(v) : undefined;
        break;
      case 'tcp_src':
      case 'udp_src':
        srcPort = Number(v);
        break;
      case 'tcp_dst':
      case 'udp_dst':
        dstPort = Number(v);
        break;
      default:
        break;
    }
  }
  if ((proto !== IPPROTO_TCP && proto !== IPPROTO_UDP) || srcIp === undefined || dstIp === undefined || srcPort < 0 || dstPort < 0) {
    return undefined;
  }
  return { proto, srcIp, srcPort, dstIp, dstPort };
}
