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
}

export function newChannelStats(): ChannelStats {
  return { msgsIn: 0, msgsOut: 0, bytesIn: 0, bytesOut: 0, writes: 0, dropped: 0 };
}
