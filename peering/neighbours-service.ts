// gRPC handler of slr.v1.Neighbours (WhoHas). Only a configured neighbour may ask: the
// verified TLS client certificate must name the asker id, and that id must be one of
// the level's neighbours. The answer itself comes from the level (its pins), through
// `answer`; this file only checks who asks and what they name.
import type * as grpc from '@grpc/grpc-js';
import { checkPeerIdentity, isRefusal } from './certificate-identity';
import type { FiveTuple } from '../controller/net';
import { guardedUnary, peerCertificateDer, statusError } from './grpc-unary';
import type { Log } from './log';
import { REFUSAL_STATUS, refusal, type Refusal, type RefusalReason } from './refusals';
import { flowOf } from './registration-service';
import type { WhoHasReplyMsg, WhoHasRequestMsg } from './wire-types';

/** What this level answered its neighbours, and whom it refused and why. */
export interface NeighbourServiceCounters {
  queries: number;
  found: number;
  notFound: number;
  refusals: Partial<Record<RefusalReason, number>>;
}

export interface NeighbourServiceDeps {
  /** Ids of the configured neighbours. */
  peers: ReadonlySet<string>;
  /** This level's answer: its pin of the connection, as labels from its ingress. */
  answer(asker: string, flow: FiveTuple): WhoHasReplyMsg;
  counters: NeighbourServiceCounters;
  log: Log;
  /** Told of every refusal, after it is counted (the level's own counters). */
  onRefusal?: (reason: RefusalReason) => void;
}

export function emptyNeighbourCounters(): NeighbourServiceCounters {
  return { queries: 0, found: 0, notFound: 0, refusals: {} };
}

export function neighbourHandlers(deps: NeighbourServiceDeps): grpc.UntypedServiceImplementation {
  const refuse = (call: grpc.ServerUnaryCall<unknown, unknown>, asker: string, r: Refusal): grpc.ServiceError => {
    deps.counters.refusals[r.reason] = (deps.counters.refusals[r.reason] ?? 0) + 1;
    deps.onRefusal?.(r.reason);
    deps.log.warn({ rpc: 'WhoHas', asker, reason: r.reason, peer: call.getPeer() }, `neighbour refused: ${r.detail}`);
    return statusError(REFUSAL_STATUS[r.reason], r.detail);
  };
  const whoHas = guardedUnary<WhoHasRequestMsg, WhoHasReplyMsg>(deps.log, 'WhoHas', (call) => {
    const req = call.request;
    const peer = checkPeerIdentity(peerCertificateDer(call), req.asker);
    if (isRefusal(peer)) return refuse(call, req.asker, peer);
    if (!deps.peers.has(req.asker)) return refuse(call, req.asker, refusal('unknown-peer', `'${req.asker}' is not a configured neighbour`));
    const flow = flowOf(req.flow);
    if (isRefusal(flow)) return refuse(call, req.asker, flow);
    deps.counters.queries++;
    const reply = deps.answer(req.asker, flow);
    if (reply.found) deps.counters.found++;
    else deps.counters.notFound++;
    return reply;
  });
  return { WhoHas: whoHas } as grpc.UntypedServiceImplementation;
}
