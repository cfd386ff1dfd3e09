// Errors the API raises, and the one place any error becomes an HTTP status. Bodies
// carry a stable code, a message and, for bad input, one problem per field: never a
// stack trace.
import { isSlrError, type SlrErrorCode } from '../controller/errors';

export type ApiErrorCode =
  | 'VALIDATION_FAILED'    // the request does not match its schema
  | 'INVALID_CHANGE'       // well-formed, but the resulting state would be invalid
  | 'IN_USE'               // deleting it would break something that refers to it
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'PRECONDITION_FAILED'  // If-Match named a stale version
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'STORE_CONFLICT'       // another controller changed the stored state meanwhile
  | 'STORE_UNAVAILABLE'    // the change could not be persisted, so it was not applied
  | 'INTERNAL';

export interface Problem {
  /** JSON pointer into the request part named by `in` ("" is the whole part). */
  field: string;
  in: 'body' | 'query' | 'params' | 'headers' | 'state';
  reason: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

const API_STATUS: Record<ApiErrorCode, number> = {
  VALIDATION_FAILED: 400,
  INVALID_CHANGE: 422,
  IN_USE: 409,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PRECONDITION_FAILED: 412,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  STORE_CONFLICT: 409,
  STORE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

const CORE_STATUS: Record<SlrErrorCode, number> = {
  CONFIG_READ: 500,
  CONFIG_INVALID: 400,
  APP_INVALID: 500,
  APP_DUPLICATE: 500,
  COOKIE_OUT_OF_RANGE: 500,
  METER_OUT_OF_RANGE: 500,
  UNKNOWN_DATAPATH: 404,
  SWITCH_OVERLOADED: 503,
  SWITCH_TIMEOUT: 504,
  SWITCH_CLOSED: 503,
  SWITCH_REJECTED: 502,
  RECONCILE_FAILED: 502,
  BAD_REQUEST: 400,
  NOT_MASTER: 503,
  ROLE_STALE: 409,
  ROLE_REFUSED: 502,
  INTERNAL: 500,
};

export interface ErrorBody {
  error: { code: string; message: string; problems?: Problem[] };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** Server-side faults are logged with their stack; client faults are not. */
  serverFault: boolean;
}

function withStatus(err: unknown): { statusCode?: number; code?: string; message?: string } {
  return err !== null && typeof err === 'object' ? (err as { statusCode?: number; code?: string; message?: string }) : {};
}

/** Maps fastify's own client errors (bad JSON, body too large, wrong content type). */
function fastifyClientError(err: unknown): MappedError | undefined {
  const e = withStatus(err);
  if (typeof e.code !== 'string' || !e.code.startsWith('FST_')) return undefined;
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status < 400 || status >= 500) return undefined;
  const code: string =
    status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
  const problems: Problem[] | undefined = code === 'VALIDATION_FAILED' ? [{ field: '', in: 'body', reason: e.message ?? 'malformed request' }] : undefined;
  return { status, body: { error: { code, message: e.message ?? code, problems } }, serverFault: false };
}

/** The single mapping from anything thrown in a handler to a status and a safe body. */
export function mapError(err: unknown): MappedError {
  if (err instanceof ApiError) {
    const status = API_STATUS[err.code];
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.problems.length > 0) body.error.problems = err.problems;
    return { status, body, serverFault: status >= 500 };
  }
  if (isSlrError(err)) {
    const status = CORE_STATUS[err.code];
    // Internal messages may name files or internals: only client-side ones are echoed.
    const message = status < 500 || status === 503 || status === 504 ? err.message : 'internal error';
    return { status, body: { error: { code: err.code, message } }, serverFault: status >= 500 };
  }
  const fromFastify = fastifyClientError(err);
  if (fromFastify) return fromFastify;
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } }, serverFault: true };
}
