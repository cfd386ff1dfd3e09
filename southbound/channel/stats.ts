// Counters of one switch connection, shared by the decode loop and the send queue.
// A plain mutable object: bumping a number is the cheapest thing on the hot path.

export interface ChannelStats {
  msgsIn: number;
  msgsOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Socket writes; with coalescing this stays far below msgsOut under load. */
  writes: number;
  /** Messages refused because the send queue hit its hard cap. */
  dropped: number;
  /** Messages by OpenFlow type number (header byte 1): indexing a typed array allocates nothing per message. */
  inByType: Float64Array;
  outByType: Float64Array;
  /** PACKET_INs by reason byte (spec 7.4.1). */
  packetInReasons: Float64Array;
  /** ERRORs from the switch by errType * 65536 + errCode; errors are rare, so a Map is fine. */
  errorsIn: Map<number, number>;
  /** ERRORs whose body did not decode: logged and counted, never answered (spec 7.4.4). */
  malformedErrorsIn: number;
  /** PACKET_INs over the controller-side limit, dropped before decoding. */
  packetInsLimited: number;
  /** Receive slices that used their whole budget: the socket was paused until the next round. */
  receivePauses: number;
  /** Controller-to-switch messages a switch sent, answered with BAD_REQUEST/BAD_TYPE. */
  refusedIn: number;
}

export function newChannelStats(): ChannelStats {
  return {
    msgsIn: 0, msgsOut: 0, bytesIn: 0, bytesOut: 0, writes: 0, dropped: 0,
    inByType: new Float64Array(256), outByType: new Float64Array(256), packetInReasons: new Float64Array(256), errorsIn: new Map(),
    malformedErrorsIn: 0, packetInsLimited: 0, receivePauses: 0, refusedIn: 0,
  };
}

export function countErrorIn(stats: ChannelStats, errType: number, errCode: number): void {
  const key = errType * 65536 + errCode;
  stats.errorsIn.set(key, (stats.errorsIn.get(key) ?? 0) + 1);
}
