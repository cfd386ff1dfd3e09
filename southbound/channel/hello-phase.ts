// What to do with the first message a switch sends (spec 6.3.1): it must be a HELLO
// of a compatible version. A switch that cannot speak 1.3 may instead answer our
// HELLO with an OFPT_ERROR of its own version; that is logged, never answered.
import { decodeMessage, readHeader } from '../codec';
import { negotiateVersion } from './version-negotiation';

const OFPT_HELLO = 0;
const OFPT_ERROR = 1;

export type FirstFrameVerdict =
  | { kind: 'negotiated'; viaBitmap: boolean }
  /** Answer with HELLO_FAILED/INCOMPATIBLE carrying `reason`, then close. */
  | { kind: 'hello-failed'; xid: number; reason: string }
  /** The peer refused us with an ERROR: close without answering. */
  | { kind: 'peer-error'; errType: number; errCode: number }
  /** The HELLO itself is malformed: answer like any decode error. */
  | { kind: 'malformed'; error: unknown };

export function examineFirstFrame(frame: Buffer): FirstFrameVerdict {
  const header = readHeader(frame);
  if (header === null) return { kind: 'hello-failed', xid: 0, reason: 'expected HELLO, got a truncated header' };
  if (header.type === OFPT_ERROR) {
    // Read by hand: the codec accepts only version 4 for anything but HELLO. An ERROR
    // is never answered with an ERROR (spec 7.4.4), even a truncated one: that is how
    // two peers loop. -1 marks a type/code the ERROR was too short to carry.
    const long = frame.length >= 12;
    return { kind: 'peer-error', errType: long ? frame.readUInt16BE(8) : -1, errCode: long ? frame.readUInt16BE(10) : -1 };
  }
  if (header.type !== OFPT_HELLO) {
    return { kind: 'hello-failed', xid: header.xid, reason: `expected HELLO, got message type ${header.type}` };
  }
  let elements;
  try {
    const msg = decodeMessage(frame);
    if (msg.type !== 'HELLO') return { kind: 'hello-failed', xid: header.xid, reason: `expected HELLO, got ${msg.type}` };
    elements = msg.elements;
  } catch (error) {
    return { kind: 'malformed', error };
  }
  const result = negotiateVersion(header.version, elements);
  if (!result.ok) return { kind: 'hello-failed', xid: header.xid, reason: result.reason };
  return { kind: 'negotiated', viaBitmap: result.viaBitmap };
}
