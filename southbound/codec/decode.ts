// decodeMessage: one whole frame in, one typed message out, or an OfDecodeError that
// names the OpenFlow error to answer with. Nothing else ever escapes.

import type { OfMessage } from './types';
import { OfDecodeError, OFPET_BAD_REQUEST } from './errors';
import { OFPBRC_BAD_LEN, OFPBRC_BAD_TYPE, OFPBRC_BAD_VERSION } from './error-codes';
import { CODEC_BY_OFPT } from './registry';
import { getU16, getU32 } from './bytes';

const OFP_VERSION = 4;
const OFPT_HELLO = 0;

function decodeChecked(frame: Buffer): OfMessage {
  if (frame.length < 8) {
    throw new OfDecodeError('TRUNCATED', `frame of ${frame.length} bytes is shorter than the header`, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, 0);
  }
  const version = frame[0];
  const type = frame[1];
  const length = getU16(frame, 2);
  const xid = getU32(frame, 4);
  if (length !== frame.length) {
    throw new OfDecodeError('BAD_LENGTH', `header length ${length} but frame has ${frame.length} bytes`, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, 2, xid);
  }
  // A HELLO of any version is decodable: it is how versions are negotiated (spec 6.3.1).
  if (version !== OFP_VERSION && type !== OFPT_HELLO) {
    throw new OfDecodeError('BAD_VERSION', `version ${version} is not OpenFlow 1.3`, OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION, 0, xid);
  }
  const entry = CODEC_BY_OFPT[type];
  if (entry === undefined) {
    throw new OfDecodeError('BAD_TYPE', `unknown message type ${type}`, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE, 1, xid);
  }
  return entry.codec.decode(frame, xid);
}

/** Decodes exactly one message (header length must equal frame.length). */
export function decodeMessage(frame: Buffer): OfMessage {
  try {
    return decodeChecked(frame);
  } catch (err) {
    const xid = frame instanceof Uint8Array && frame.length >= 8 ? getU32(frame, 4) : undefined;
    if (err instanceof OfDecodeError) {
      if (err.xid !== undefined || xid === undefined) throw err;
      throw new OfDecodeError(err.code, err.message, err.ofErrorType, err.ofErrorCode, err.offset, xid);
    }
    // Last resort: every bound is checked explicitly, so this is a bug; still never
    // let a RangeError or TypeError escape to the channel.
    const message = err instanceof Error ? err.message : String(err);
    throw new OfDecodeError('BAD_LENGTH', `internal decode error: ${message}`, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, 0, xid);
  }
}
