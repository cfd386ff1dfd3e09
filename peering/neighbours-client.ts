// The asking end of slr.v1.Neighbours: one client per configured neighbour, over mutual
// TLS with this level's own certificate (its CN is the level id the neighbour checks).
import * as grpc from '@grpc/grpc-js';
import { grpcTarget, parseAddress } from './address';
import { unaryCall } from './grpc-unary';
import { neighboursService } from './proto';
import type { WhoHasReplyMsg, WhoHasRequestMsg } from './wire-types';

export interface NeighbourApi {
  whoHas(req: WhoHasRequestMsg, timeoutMs: number): Promise<WhoHasReplyMsg>;
  close(): void;
}

export function createNeighbourClient(opts: { address: string; ca: Buffer; cert: Buffer; key: Buffer; serverName?: string }): NeighbourApi {
  const addr = parseAddress(opts.address);
  const credentials = grpc.credentials.createSsl(opts.ca, opts.key, opts.cert);
  const Client = neighboursService();
  const client = new Client(grpcTarget(addr), credentials, {
    'grpc.ssl_target_name_override': opts.serverName ?? (addr.kind === 'unix' ? 'localhost' : addr.host),
    // A neighbour that restarts should be reachable again soon: queries are short-lived.
    'grpc.initial_reconnect_backoff_ms': 200,
    'grpc.max_reconnect_backoff_ms': 2000,
  });
  return {
    whoHas: (req, timeoutMs) => unaryCall<WhoHasRequestMsg, WhoHasReplyMsg>(client, 'WhoHas', req, timeoutMs),
    close: () => client.close(),
  };
}
