// Typed events the core delivers to apps. Cookies in events are app-local: the core
// routes FLOW_REMOVED and table-sent PACKET_INs to the app whose cookie space they carry.
import type { Match, Port } from '../southbound/codec/types';

export interface DatapathInfo {
  readonly dpid: bigint;
  readonly dpidHex: string;
  readonly nTables: number;
  readonly remote: string;
  /** Ports by number as last reported (features/port-desc and PORT_STATUS). */
  readonly ports: ReadonlyMap<number, Port>;
  readonly up: boolean;
}

export interface SwitchUpEvent {
  readonly type: 'switch-up';
  readonly dpid: bigint;
  readonly datapath: DatapathInfo;
}

export interface SwitchDownEvent {
  readonly type: 'switch-down';
  readonly dpid: bigint;
  readonly reason: string;
}

export type PortChange = 'add' | 'delete' | 'modify';

export interface PortStatusEvent {
  readonly type: 'port-status';
  readonly dpid: bigint;
  readonly change: PortChange;
  readonly port: Port;
  /** Link up and not administratively down (spec 7.2.1). Always false for 'delete'. */
  readonly up: boolean;
}

export interface PacketInEvent {
  readonly type: 'packet-in';
  readonly dpid: bigint;
  readonly inPort: number;
  /** OFPR_* (spec 7.4.1). */
  readonly reason: number;
  readonly tableId: number;
  /** App-local cookie of the flow that sent the packet, when that flow is this app's. */
  readonly cookie: bigint;
  readonly bufferId: number;
  readonly totalLen: number;
  readonly match: Match;
  /** The frame (whole, since we ask for miss_send_len NO_BUFFER). */
  readonly data: Buffer;
}

export interface FlowRemovedEvent {
  readonly type: 'flow-removed';
  readonly dpid: bigint;
  /** App-local cookie. */
  readonly cookie: bigint;
  readonly tableId: number;
  readonly priority: number;
  /** OFPRR_* (spec 7.4.2). */
  readonly reason: number;
  readonly match: Match;
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  readonly durationSec: number;
  readonly packetCount: bigint;
  readonly byteCount: bigint;
}

export interface SwitchErrorEvent {
  readonly type: 'switch-error';
  readonly dpid: bigint;
  readonly errType: number;
  readonly errCode: number;
  readonly data: Buffer;
}

export type ControllerEvent =
  | SwitchUpEvent
  | SwitchDownEvent
  | PortStatusEvent
  | PacketInEvent
  | FlowRemovedEvent
  | SwitchErrorEvent;
