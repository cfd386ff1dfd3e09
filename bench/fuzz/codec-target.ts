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
};
