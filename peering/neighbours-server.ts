// A level's WHOHAS service, assembled: the mutual-TLS listener every peering service
// uses, and the WhoHas handler. The process starts one per level with a `neighbours`
// section.
import { promises as fsp } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { formatAddress, parseAddress } from './address';
import type { Log } from './log';
import { silentLog } from './log';
import type { NeighboursSection } from './neighbours-config';
import { emptyNeighbourCounters, neighbourHandlers, type NeighbourServiceCounters, type NeighbourServiceDeps } from './neighbours-service';
import { neighboursService } from './proto';
import { listenMutualTls } from './tls-listener';

export interface NeighbourServer {
  /** Where neighbours connect (the real port if 0 was configured). */
  address: string;
  counters(): NeighbourServiceCounters;
  stop(): Promise<void>;
}

export async function startNeighbourServer(opts: {
  section: Pick<NeighboursSection, 'listen' | 'tls' | 'peers'>;
  answer: NeighbourServiceDeps['answer'];
  onRefusal?: NeighbourServiceDeps['onRefusal'];
  log?: Log;
}): Promise<NeighbourServer> {
  const log = opts.log ?? silentLog;
  const [ca, cert, key] = await Promise.all([opts.section.tls.caFile, opts.section.tls.certFile, opts.section.tls.keyFile].map((f) => fsp.readFile(f)));
  const counters = emptyNeighbourCounters();
  const server = new grpc.Server();
  server.addService(neighboursService().service, neighbourHandlers({
    peers: new Set(opts.section.peers.map((p) => p.id)), answer: opts.answer, counters, log, onRefusal: opts.onRefusal,
  }));
  // TLS is terminated by our listener (refusals logged), as for the registration service.
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const listener = await listenMutualTls(parseAddress(opts.section.listen), { ca, cert, key }, injector, log, () => {
    counters.refusals['tls-handshake'] = (counters.refusals['tls-handshake'] ?? 0) + 1;
    opts.onRefusal?.('tls-handshake');
  });
  const address = formatAddress(listener.address);
  log.info({ address, neighbours: opts.section.peers.map((p) => p.id) }, 'WHOHAS service listening');
  return {
    address,
    counters: () => structuredClone(counters),
    stop: async () => {
      const closed = listener.close();
      injector.destroy();
      server.forceShutdown();
      await closed;
    },
  };
}
