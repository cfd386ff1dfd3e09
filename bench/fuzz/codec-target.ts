// The real codec as a fuzz target.
import { decodeMessage, encodeMessage, OfFramer } from '../../southbound/codec';
import { OfDecodeError, OfEncodeError } from '../../southbound/codec/errors';
import type { OfMessage } from '../../southbound/codec/types';
import type { FuzzTarget } from './engine';

/** decodeMessage turns any stray exception (RangeError, TypeError) into an
 * OfDecodeError whose message starts with this, so the channel survives a decoder bug.
 * For the fuzzer such an error is still a bug, not an accepted outcome. */
const WRAPPED_BUG = 'internal decode error';

export const codecTarget: FuzzTarget<OfMessage> = {
  newFramer: () => new OfFramer(),
  decode: (frame) => decodeMessage(frame),
  encode: (msg) => encodeMessage(msg),
  isDecodeError: (err) => err instanceof OfDecodeError && !err.message.startsWith(WRAPPED_BUG),
  isEncodeError: (err) => err instanceof OfEncodeError,
  decodeErrorProblem: (err, frame) => {
    if (!(err instanceof OfDecodeError)) return null;
    // The error must point inside the frame and name the xid to answer with.
    if (!Number.isInteger(err.offset) || err.offset < 0 || err.offset > frame.length) {
      return `offset ${err.offset} outside the ${frame.length}-byte frame`;
    }
    if (frame.length >= 8 && err.xid !== frame.readUInt32BE(4)) return `xid ${String(err.xid)} is not the frame's`;
    if (!Number.isInteger(err.ofErrorType) || err.ofErrorType < 0 || err.ofErrorType > 13) {
      return `OpenFlow error type ${err.ofErrorType} out of range`;
    }
    return null;
  },
};
