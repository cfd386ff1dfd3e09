// The real codec as a fuzz target.
import { decodeMessage, encodeMessage, OfFramer } from '../../southbound/codec';
import { OfDecodeError, OfEncodeError } from '../../southbound/codec/errors';
import type { OfMessage } from '../../southbound/codec/types';
import type { FuzzTarget } from './engine';

export const codecTarget: FuzzTarget<OfMessage> = {
  newFramer: () => new OfFramer(),
  decode: (frame) => decodeMessage(frame),
  encode: (msg) => encodeMessage(msg),
  isDecodeError: (err) => err instanceof OfDecodeError,
  isEncodeError: (err) => err instanceof OfEncodeError,
};
