// The recovery rule and the pin life cycle as pure functions (no clock, no timers, no
// switch): what a packet that reaches the controller gets, what a FLOW_REMOVED of a pin
// flow means for the pin, when a dormant pin may go, and whether a switch's audit shows
// lost flows. The apps call these; the unit tests pin them down.
import { OFPRR_DELETE, OFPRR_HARD_TIMEOUT, OFPRR_IDLE_TIMEOUT } from '../../controller';

const IPPROTO_TCP = 6;
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

/**
 * Whether a packet may open a connection: a TCP SYN without ACK, or any packet of a
 * protocol without connection state (UDP: every datagram may be a first one).
 */
export function isFirstPacket(proto: number, tcpFlags: number): boolean {
  if (proto !== IPPROTO_TCP) return true;
  return (tcpFlags & (TCP_SYN | TCP_ACK | TCP_RST | TCP_FIN)) === TCP_SYN;
}

/** A FIN or RST: the connection is ending. */
export function isClosingPacket(proto: number, tcpFlags: number): boolean {
  return proto === IPPROTO_TCP && (tcpFlags & (TCP_FIN | TCP_RST)) !== 0;
}

/**
 * The recovery rule for a packet of a VIP's service that reached the controller:
 * - `repin`: the connection is pinned; send it on to the same target and put its flow back;
 * - `decide`: a first packet of an unknown connection; choose a target;
 * - `drop`: a later packet of a connection nobody knows; never decided afresh (another
 *   server would reset it), dropped and counted.
 */
export type PacketVerdict = 'repin' | 'decide' | 'drop';

export function packetVerdict(pinned: boolean, firstPacket: boolean): PacketVerdict {
  if (pinned) return 'repin';
  return firstPacket ? 'decide' : 'drop';
}

/** What a pin flow's FLOW_REMOVED means for its pin. */
export type FlowRemovedVerdict =
  /** The flow was deleted (by hand, a table reset, eviction) while the connection lives: put it back now. */
  | 'reinstall'
  /** Idle timeout: the pin outlives its switch flow (dormant); the next packet re-installs the same flow. */
  | 'dormant'
  /** The pin ends with its flow (a FIN or RST was seen, pins do not outlive flows, or a hard timeout). */
  | 'release';

export interface PinLifeOptions {
  /** Pins outlive their switch flow's idle timeout (recovery.pinIdleLimitSec > 0). */
  keepPastIdle: boolean;
}

/**
 * A connectionless flow (UDP) has no FIN: its idle timeout (ingress.udpPinIdleTimeoutSec)
 * is where it ends, so its pin is released then and the next datagram is decided afresh.
 */
export function flowRemovedVerdict(reason: number, closing: boolean, o: PinLifeOptions, connectionless = false): FlowRemovedVerdict {
  switch (reason) {
    case OFPRR_IDLE_TIMEOUT:
      return closing || connectionless || !o.keepPastIdle ? 'release' : 'dormant';
    case OFPRR_HARD_TIMEOUT:
      return 'release';
    case OFPRR_DELETE:
      return 'reinstall';
    default:
      // Group or meter deletion, eviction (OpenFlow 1.4+ reasons): the flow is gone, the connection is not.
      return 'reinstall';
  }
}

/**
 * When an idle-timed-out flow last carried a packet: the switch removed it idleTimeoutSec
 * after its last packet, so the pin's idle time starts then, not at the FLOW_REMOVED.
 */
export function lastSeenAt(removedAtMs: number, idleTimeoutSec: number): number {
  return removedAtMs - idleTimeoutSec * 1000;
}

/** Dormant pins last seen before this instant are released (0: never). */
export function dormantCutoff(nowMs: number, pinIdleLimitSec: number): number {
  return pinIdleLimitSec > 0 ? nowMs - pinIdleLimitSec * 1000 : 0;
}

/** One kind of flow an app wants on a switch without a timeout: its cookie and how many. */
export interface AuditRow {
  appId: number;
  /** App-local cookie. */
  cookie: bigint;
  desired: number;
  /** Flows with that cookie the switch holds (aggregate flow statistics). */
  actual: number;
}

/** The rows that show lost flows: fewer on the switch than wanted. Extra flows are reconciliation's business. */
export function lostFlows(rows: readonly AuditRow[]): AuditRow[] {
  return rows.filter((r) => r.actual < r.desired);
}
