// Shared plumbing of the general parser: an empty result and the one way a layer
// stops the parse. Layer parsers return the offset of the next layer, or STOP.

import type { ParsedPacket } from './types';

export const STOP = -1;

const EMPTY = Buffer.alloc(0);

export function emptyPacket(): ParsedPacket {
  return {
    vlans: [],
    mpls: [],
    ethType: -1,
    l3Offset: -1,
    l4Offset: -1,
    payload: EMPTY,
    payloadOffset: -1,
    truncated: false,
  };
}

/** Records why the parse stopped; `truncated` says the frame ran out (as opposed to a
 * field holding an impossible value). Always returns STOP so callers can `return stop(...)`. */
export function stop(pkt: ParsedPacket, error: string, truncated: boolean): number {
  pkt.error = error;
  if (truncated) pkt.truncated = true;
  return STOP;
}

/** Sets the payload view to [off, end) when that range is sane. */
export function setPayload(pkt: ParsedPacket, buf: Buffer, off: number, end: number): void {
  if (off > end) return;
  pkt.payload = buf.subarray(off, end);
  pkt.payloadOffset = off;
}
