// Switch messages -> typed app events. The packet-in conversion is on the hot path:
// one object, a short loop over the match for in_port, no copies of the frame.
import { OFPPR_ADD, OFPPR_DELETE } from '../southbound/codec/constants';
import type { FlowRemoved, Match, PacketIn, PortStatus } from '../southbound/codec/types';
import { localPartOfCookie } from './cookies';
import { isPortUp } from './datapath-registry';
import type { FlowRemovedEvent, PacketInEvent, PortChange, PortStatusEvent } from './events';

/** in_port from a PACKET_IN match (spec 7.4.1 says it is always present); 0 if not. */
export function inPortOf(match: Match): number {
  for (let i = 0; i < match.length; i++) {
    const f = match[i];
    if (f.field === 'in_port') return f.value as number;
  }
  return 0;
}

let lastWireCookie = -1n;
let lastLocalCookie = 0n;

/** localPartOfCookie with a one-entry memo: packet-ins repeat their cookie. */
function localCookie(cookie: bigint): bigint {
  if (cookie !== lastWireCookie) {
    lastWireCookie = cookie;
    lastLocalCookie = localPartOfCookie(cookie);
  }
  return lastLocalCookie;
}

export function packetInEvent(dpid: bigint, msg: PacketIn, ownedCookie: boolean): PacketInEvent {
  return {
    type: 'packet-in',
    dpid,
    inPort: inPortOf(msg.match),
    reason: msg.reason,
    tableId: msg.tableId,
    cookie: ownedCookie ? localCookie(msg.cookie) : msg.cookie,
    bufferId: msg.bufferId,
    totalLen: msg.totalLen,
    match: msg.match,
    data: msg.data,
  };
}

export function flowRemovedEvent(dpid: bigint, msg: FlowRemoved): FlowRemovedEvent {
  return {
    type: 'flow-removed',
    dpid,
    cookie: localPartOfCookie(msg.cookie),
    tableId: msg.tableId,
    priority: msg.priority,
    reason: msg.reason,
    match: msg.match,
    idleTimeout: msg.idleTimeout,
    hardTimeout: msg.hardTimeout,
    durationSec: msg.durationSec,
    packetCount: msg.packetCount,
    byteCount: msg.byteCount,
  };
}

export function portChangeOf(reason: number): PortChange {
  return reason === OFPPR_ADD ? 'add' : reason === OFPPR_DELETE ? 'delete' : 'modify';
}

export function portStatusEvent(dpid: bigint, msg: PortStatus): PortStatusEvent {
  const change = portChangeOf(msg.reason);
  return { type: 'port-status', dpid, change, port: msg.desc, up: change !== 'delete' && isPortUp(msg.desc) };
}
