// The two ends of a unary gRPC call as every slr.v1 service uses them: a client call
// with a deadline that resolves or rejects a promise, and a server handler guarded so
// that no message from a peer can crash the controller (an unexpected throw or
// rejection becomes INTERNAL, logged with the RPC's name and the peer).
import * as grpc from '@grpc/grpc-js';
import type { Log } from './log';

type UnaryMethod<Req, Res> = (
  req: Req,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, res?: Res) => void,
) => grpc.ClientUnaryCall;

/** Calls method `name` of a generic grpc-js client with a deadline of `timeoutMs`. */
export function unaryCall<Req, Res>(client: grpc.Client, name: string, req: Req, timeoutMs: number): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    const method = (client as unknown as Record<string, UnaryMethod<Req, Res>>)[name];
    method.call(client, req, { deadline: Date.now() + timeoutMs }, (err, res) => {
      if (err) reject(err);
      else resolve(res as Res);
    });
  });
}

/** A gRPC error with a status code and a detail the peer reads. */
export function statusError(code: grpc.status, detail: string): grpc.ServiceError {
  return Object.assign(new Error(detail), { code, details: detail, metadata: new grpc.Metadata() });
}

/**
 * A unary handler from a body that returns the reply or an error (or a promise of
 * either). What the body throws or rejects with is logged and answered as INTERNAL.
 */
export function guardedUnary<Req, Res>(
  log: Log,
  rpc: string,
  body: (call: grpc.ServerUnaryCall<Req, Res>) => Res | grpc.ServiceError | Promise<Res | grpc.ServiceError>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const internal = (err: unknown): grpc.ServiceError => {
      log.error({ rpc, err, peer: call.getPeer() }, 'peering call failed unexpectedly');
      return statusError(grpc.status.INTERNAL, 'internal error');
    };
    const answer = (outcome: Res | grpc.ServiceError): void => {
      if (outcome instanceof Error) callback(outcome as grpc.ServiceError);
      else callback(null, outcome);
    };
    let outcome: Res | grpc.ServiceError | Promise<Res | grpc.ServiceError>;
    try {
      outcome = body(call);
    } catch (err) {
      answer(internal(err));
      return;
    }
    if (outcome instanceof Promise) outcome.then(answer, (err: unknown) => answer(internal(err)));
    else answer(outcome);
  };
}

/** The DER of the verified TLS client certificate of a call (grpc-js >= 1.10), if any. */
export function peerCertificateDer(call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>): Buffer | undefined {
  return call.getAuthContext()?.sslPeerCertificate?.raw;
}
