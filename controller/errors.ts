// Every error the controller core raises: one class, stable string codes for logs,
// metrics and the (later) HTTP mapping, and the underlying cause kept for debugging.
// `ofErrorFor` is the one place that turns them into OpenFlow errors (spec 7.4.4).
import { ChannelError } from '../southbound/channel/errors';

export type SlrErrorCode =
  | 'CONFIG_READ'          // the config file could not be read or is not JSON
  | 'CONFIG_INVALID'       // the config does not match its schema
  | 'APP_INVALID'          // an app declared a bad id or name
  | 'APP_DUPLICATE'        // two apps with the same name or cookie id
  | 'COOKIE_OUT_OF_RANGE'  // an app tried to use a cookie outside its 48-bit space
  | 'METER_OUT_OF_RANGE'   // an app tried to use a meter id outside its own range
  | 'UNKNOWN_DATAPATH'     // no connected switch has this dpid
  | 'SWITCH_OVERLOADED'    // the switch's send queue is full
  | 'SWITCH_TIMEOUT'       // a request to the switch got no answer in time
  | 'SWITCH_CLOSED'        // the connection went away under a request
  | 'SWITCH_REJECTED'      // the switch answered with an OpenFlow error
  | 'RECONCILE_FAILED'     // reading back or rewriting a switch's flows failed
  | 'BAD_REQUEST'          // a caller passed something malformed
  | 'NOT_MASTER'           // a write to a switch where this controller is not (or no longer) allowed to write
  | 'ROLE_STALE'           // the switch refused a ROLE_REQUEST: its generation id is older than one it saw (OFPRRFC_STALE)
  | 'ROLE_REFUSED'         // the switch refused a ROLE_REQUEST for another reason (OFPET_ROLE_REQUEST_FAILED)
  | 'INTERNAL';            // a bug: should never reach an operator

export class SlrError extends Error {
  override readonly name = 'SlrError';
  constructor(
    readonly code: SlrErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details;
  }
  readonly details: Record<string, unknown> | undefined;
}

export function isSlrError(err: unknown, code?: SlrErrorCode): err is SlrError {
  return err instanceof SlrError && (code === undefined || err.code === code);
}

/** Wraps whatever a channel call threw into an SlrError, keeping the original as cause. */
export function fromChannelError(err: unknown, what: string): SlrError {
  if (err instanceof SlrError) return err;
  if (err instanceof ChannelError) {
    const code: SlrErrorCode =
      err.code === 'TIMEOUT' ? 'SWITCH_TIMEOUT'
        : err.code === 'CLOSED' ? 'SWITCH_CLOSED'
          : err.code === 'OVERLOAD' ? 'SWITCH_OVERLOADED'
            : err.code === 'OF_ERROR' ? 'SWITCH_REJECTED'
              : 'INTERNAL';
    return new SlrError(code, `${what}: ${err.message}`, {
      cause: err,
      details: err.ofErrorType === undefined ? undefined : { ofErrorType: err.ofErrorType, ofErrorCode: err.ofErrorCode },
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SlrError('INTERNAL', `${what}: ${message}`, { cause: err });
}

/** An OpenFlow error type/code pair (spec 7.4.4). */
export interface OfErrorCode {
  errType: number;
  errCode: number;
}

// Values from spec 7.4.4 (ofp_error_type and the per-type code enums).
const OFPET_BAD_REQUEST = 1;
const OFPET_FLOW_MOD_FAILED = 5;
const OFPBRC_EPERM = 5;
const OFPBRC_BAD_LEN = 6;
const OFPFMFC_UNKNOWN = 0;
const OFPFMFC_EPERM = 6;

/**
 * The OpenFlow error to answer a peer with when handling its message failed with
 * `err`. Switch-side failures (timeouts, closes) have no sensible OpenFlow answer
 * and map to a generic "unknown" flow-mod failure.
 */
export function ofErrorFor(err: SlrError): OfErrorCode {
  switch (err.code) {
    case 'COOKIE_OUT_OF_RANGE':
      return { errType: OFPET_FLOW_MOD_FAILED, errCode: OFPFMFC_EPERM };
    case 'BAD_REQUEST':
      return { errType: OFPET_BAD_REQUEST, errCode: OFPBRC_BAD_LEN };
    case 'UNKNOWN_DATAPATH': // no closer code exists: the request is not permitted here
    case 'APP_INVALID':
    case 'APP_DUPLICATE':
    case 'CONFIG_INVALID':
    case 'CONFIG_READ':
      return { errType: OFPET_BAD_REQUEST, errCode: OFPBRC_EPERM };
    case 'SWITCH_REJECTED': {
      const t = err.details?.ofErrorType;
      const c = err.details?.ofErrorCode;
      if (typeof t === 'number' && typeof c === 'number') return { errType: t, errCode: c };
      return { errType: OFPET_FLOW_MOD_FAILED, errCode: OFPFMFC_UNKNOWN };
    }
    default:
      return { errType: OFPET_FLOW_MOD_FAILED, errCode: OFPFMFC_UNKNOWN };
  }
}
