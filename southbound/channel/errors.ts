// The one error type the channel rejects promises with. `code` is stable for callers
// and metrics; OpenFlow errors from the switch keep their type/code (spec 7.4.4).

export type ChannelErrorCode =
  | 'TIMEOUT'     // no reply within the request's timeout
  | 'CLOSED'      // the connection closed before the reply came
  | 'OF_ERROR'    // the switch answered with an OFPT_ERROR carrying our xid
  | 'OVERLOAD'    // the send queue was full: the message was dropped
  | 'HANDSHAKE'   // the handshake failed (incompatible version, role refused, ...)
  | 'ENCODE';     // the message could not be encoded (a caller bug)

export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  constructor(
    readonly code: ChannelErrorCode,
    message: string,
    readonly ofErrorType?: number,
    readonly ofErrorCode?: number,
    /** Data of the switch's ERROR, usually the start of our offending request. */
    readonly ofErrorData?: Buffer,
  ) {
    super(message);
  }
}
