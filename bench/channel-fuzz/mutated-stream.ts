// Builds what one attacking connection sends in the mutation scenario: our HELLO, then
// mutated golden vectors until the controller must give up on the connection, then a
// marker. The controller's receive rules are replayed here with the same codec, so we
// know in advance how many of our messages it will handle, which of them it must
// answer with an ERROR, and whether it will close the connection or answer the
// marker ECHO_REQUEST. Counting only messages the controller really reads keeps the
// mutation count honest (bytes after a fatal frame are never looked at).
import { decodeMessage, OfFramer } from '../../southbound/codec';
import { mutate } from '../fuzz/mutate';
import type { Prng } from '../fuzz/prng';
import { HELLO_13 } from './raw-switch';

const OFPT_ERROR = 1;
/** The types the controller answers with BAD_TYPE (unsolicited.ts: controller-to-switch). */
const REFUSED = new Set([5, 7, 9, 13, 14, 15, 16, 17, 18, 20, 22, 24, 26, 28, 29]);
export const MARKER_XID = 0x0ec0ec0e;
const MARKER = Buffer.from([4, 2, 0, 8, 0x0e, 0xc0, 0xec, 0x0e]);

export interface MutatedStream {
  bytes: Buffer;
  /** Mutated messages the controller will handle (decoded or refused), marker excluded. */
  handled: number;
  /** The controller closes the connection (a framing or decode error); else it answers the marker. */
  closes: boolean;
  /** ERRORs the controller must send: one for the fatal frame, one per refused type. */
  errorsExpected: number;
}

type Verdict = 'ok' | 'refused' | 'fatal';

function judge(frame: Buffer): Verdict {
  try {
    const msg = decodeMessage(frame);
    return REFUSED.has(frame[1]) && msg.type !== 'ERROR' ? 'refused' : 'ok';
  } catch {
    // A malformed ERROR is counted and never answered (spec 7.4.4); anything else is fatal.
    return frame[1] === OFPT_ERROR ? 'ok' : 'fatal';
  }
}

export function mutatedStream(rng: Prng, bases: readonly Buffer[], maxMessages: number, maxMessageLen = 65535): MutatedStream {
  const framer = new OfFramer(maxMessageLen);
  framer.push(HELLO_13);
  framer.next();
  const parts: Buffer[] = [HELLO_13];
  let handled = 0;
  let errorsExpected = 0;
  let fatal = false;
  /** Feeds bytes to the replayed framer; false once the controller would close. */
  const feed = (b: Buffer, counted: boolean): boolean => {
    parts.push(b);
    framer.push(b);
    for (;;) {
      let frame: Buffer | null;
      try {
        frame = framer.next();
      } catch {
        // BAD_LEN from the framer, then close; no answer when the header is typed ERROR.
        const head = framer.peek(2);
        if (!(head.length >= 2 && head[1] === OFPT_ERROR)) errorsExpected++;
        return false;
      }
      if (frame === null) return true;
      if (counted) handled++;
      const v = judge(frame);
      if (v === 'refused') errorsExpected++;
      if (v === 'fatal') {
        errorsExpected++;
        return false;
      }
    }
  };
  for (let i = 0; i < maxMessages && !fatal; i++) {
    const m = mutate(rng, bases);
    // The golden vectors' xids are small, like the controller's own: a mutated reply or
    // ERROR could then answer one of its handshake requests, which the replay does not
    // model. The high half of the xid space is never the controller's (it counts from 1).
    if (m.length >= 8) m.writeUInt32BE((0x80000000 | (rng.u32() >>> 1)) >>> 0, 4);
    fatal = !feed(m, true);
  }
  if (!fatal) {
    // The marker: answered with an ECHO_REPLY when it is framed on its own. If an
    // incomplete frame swallows it, zeros complete that frame and then make a zero
    // length header, which the framer refuses: the controller closes.
    const before = framer.bufferedBytes;
    if (!feed(MARKER, false)) fatal = true;
    else if (framer.bufferedBytes !== 0 || before !== 0) {
      fatal = !feed(Buffer.alloc(65535 + 8), false);
    }
  }
  return { bytes: Buffer.concat(parts), handled, closes: fatal, errorsExpected };
}
