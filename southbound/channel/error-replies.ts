// OFPT_ERROR messages the channel sends back before closing a connection on bad
// input (spec 7.4.4). For a malformed message the data is its first 64 bytes (the
// spec asks for "at least 64 bytes of the failed request"); for a failed HELLO it
// is an ASCII explanation, as spec 7.4.4 says for OFPET_HELLO_FAILED.
import type { ErrorMsg } from '../codec/types';
import { OfDecodeError, OFPET_BAD_REQUEST, OFPET_HELLO_FAILED } from '../codec/errors';
import { OFPBRC_BAD_TYPE } from '../codec/error-codes';

/** OFPHFC_INCOMPATIBLE: no common version (spec 7.4.4). */
export const OFPHFC_INCOMPATIBLE = 0;
/** OFPBRC_BAD_LEN: used when something other than the codec's own error was thrown. */
export const OFPBRC_BAD_LEN = 6;

const ERROR_DATA_BYTES = 64;

export function helloFailedError(xid: number, reason: string): ErrorMsg {
  return {
    type: 'ERROR', xid, errType: OFPET_HELLO_FAILED, errCode: OFPHFC_INCOMPATIBLE,
    data: Buffer.from(reason, 'ascii'),
  };
}

/** xid of a frame whose header is at least partly readable, else 0. */
export function frameXid(frame: Buffer | null): number {
  return frame !== null && frame.length >= 8 ? frame.readUInt32BE(4) : 0;
}

/** The ERROR answering a message that failed to decode. `frame` may be partial. */
export function malformedInputError(err: unknown, frame: Buffer | null): ErrorMsg {
  const data = frame === null ? Buffer.alloc(0) : Buffer.from(frame.subarray(0, ERROR_DATA_BYTES));
  if (err instanceof OfDecodeError) {
    return {
      type: 'ERROR', xid: err.xid ?? frameXid(frame), errType: err.ofErrorType, errCode: err.ofErrorCode, data,
    };
  }
  return { type: 'ERROR', xid: frameXid(frame), errType: OFPET_BAD_REQUEST, errCode: OFPBRC_BAD_LEN, data };
}

/** BAD_REQUEST/BAD_TYPE (spec 7.4.4, "ofp_header.type not supported") for a message
 * type a switch may not send us (unsolicited.ts); data = its first 64 bytes. */
export function badTypeError(frame: Buffer): ErrorMsg {
  return {
    type: 'ERROR', xid: frameXid(frame), errType: OFPET_BAD_REQUEST, errCode: OFPBRC_BAD_TYPE,
    data: Buffer.from(frame.subarray(0, ERROR_DATA_BYTES)),
  };
}

/** One-line description of a thrown value, for logs and close reasons. */
export function describeError(err: unknown): string {
  if (err instanceof OfDecodeError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
