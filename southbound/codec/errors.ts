// The one error the codec throws. It carries the OpenFlow error (spec 7.4.4) that a
// controller should answer the peer with, and a stable string code for logs/metrics.

/** ofp_error_type values used by the decoder (spec 7.4.4). */
export const OFPET_HELLO_FAILED = 0;
export const OFPET_BAD_REQUEST = 1;
export const OFPET_BAD_ACTION = 2;
export const OFPET_BAD_INSTRUCTION = 3;
export const OFPET_BAD_MATCH = 4;

export type DecodeErrorCode =
  | 'TRUNCATED'          // fewer bytes than a structure needs
  | 'BAD_LENGTH'         // a length field below its minimum, above its parent or not aligned
  | 'TOO_LONG'           // declared message length above the configured maximum
  | 'BAD_VERSION'        // header version is not OpenFlow 1.3 (0x04)
  | 'BAD_TYPE'           // unknown message type
  | 'BAD_MULTIPART'      // unknown or malformed multipart type
  | 'BAD_ACTION'         // malformed action
  | 'BAD_INSTRUCTION'    // malformed instruction
  | 'BAD_MATCH'          // malformed match / OXM TLV
  | 'BAD_FIELD';         // a value that cannot be represented (e.g. bad padding length)

export class OfDecodeError extends Error {
  override readonly name = 'OfDecodeError';
  constructor(
    /** Stable machine-readable code. */
    readonly code: DecodeErrorCode,
    message: string,
    /** OpenFlow error type/code to answer with (spec 7.4.4). */
    readonly ofErrorType: number,
    readonly ofErrorCode: number,
    /** Byte offset in the message where the problem was found. */
    readonly offset: number,
    /** xid of the offending message when the header was readable. */
    readonly xid?: number,
  ) {
    super(message);
  }
}

/** Thrown by the encoder when a message holds a value the wire format cannot carry
 * (a malformed address string, a value too wide for its field): a programming error in
 * the caller, never caused by peer input. */
export class OfEncodeError extends Error {
  override readonly name = 'OfEncodeError';
}
