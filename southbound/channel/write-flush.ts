// When queued writes leave: at the end of the receive slice that produced them, or at
// the latest in the check phase of the same event-loop turn.
//
// A PACKET_IN read from one switch usually makes the controller write to that switch
// (FLOW_MOD + PACKET_OUT) and sometimes to others (a path of flows). Those writes used
// to wait for a setImmediate, i.e. behind every other readable socket of the poll
// phase and every other callback of the turn: under load that is where a SYN's
// PACKET_IN -> PACKET_OUT residence time went (1.08 ms p50 for microseconds of work).
// Now the receive path calls flushPendingWrites() when it has handled a slice of
// input, so the answers leave right after the slice that caused them, still as one
// write per connection per slice (coalescing kept). Writes queued elsewhere (timers,
// promise continuations such as the handshake, the REST API) are flushed by one
// shared setImmediate, as before.

/** What can be flushed: a SendQueue. */
export interface Flushable {
  flushQueued(): void;
}

const pending: Flushable[] = [];
let immediateArmed = false;

function flushFromImmediate(): void {
  immediateArmed = false;
  flushPendingWrites();
}

/** Ask for `q` to be flushed at the end of the current slice or turn. The caller keeps
 * its own "already asked" flag so a queue is listed once per flush. */
export function requestFlush(q: Flushable): void {
  pending.push(q);
  if (!immediateArmed) {
    immediateArmed = true;
    setImmediate(flushFromImmediate);
  }
}

/** Write out every queue that has something batched. Cheap when nothing is pending. */
export function flushPendingWrites(): void {
  // A flush may queue more (a sink's synchronous 'drain' handler): those are listed
  // behind and flushed in the same loop.
  for (let i = 0; i < pending.length; i++) pending[i].flushQueued();
  pending.length = 0;
}
