// A level's registration service, assembled: mutual-TLS listener, gRPC handlers,
// registry with expiry. The process starts one per level that has a `registration` (or,
// for the serviceRouting level, `agents`) section, with the registrants it accepts and a
// sink for the events.
import { promises as fsp } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { formatAddress, parseAddress } from './address';
import { TimerClock, wallClock } from '../controller/clock';
import { AGENTS_SECTION_DEFAULTS, AgentsSection } from './config-schema';
import { PeerDirectory } from './directory';
import { Log, silentLog } from './log';
import { countRefusal, emptyCounters, PeeringCounters } from './refusals';
import { registrationService } from './proto';
import { registrationHandlers } from './registration-service';
import { RegistrationSink } from './registration-sink';
import { Registry } from './registry';
import { ExplainQueries } from './explain-queries';
import { listenMutualTls } from './tls-listener';

export interface RegistrationServerOptions {
  section: Partial<Pick<AgentsSection, 'reportIntervalMs' | 'missedReportsToExpire'>> & Omit<AgentsSection, 'reportIntervalMs' | 'missedReportsToExpire'>;
  directory: PeerDirectory;
  sink: RegistrationSink;
  log?: Log;
  clock?: TimerClock;
}

export interface RegistrationServer {
  /** Where registrants connect: "unix:/path" or "host:port" (real port if 0 was configured). */
  address: string;
  registry: Registry;
  /** Asks a registrant below to explain a connection (see Listen in the proto). */
  queries: ExplainQueries;
  counters(): PeeringCounters;
  /**
   * Reads the TLS files again (they may also be other files) and uses them for new
   * connections: certificate rotation without dropping a registered peer. Rejects, and
   * changes nothing, when a file cannot be read or the pair does not load.
   */
  reloadTls(tls: RegistrationServerOptions['section']['tls']): Promise<void>;
  stop(): Promise<void>;
}

export async function startRegistrationServer(opts: RegistrationServerOptions): Promise<RegistrationServer> {
  const log = opts.log ?? silentLog;
  const reportIntervalMs = opts.section.reportIntervalMs ?? AGENTS_SECTION_DEFAULTS.reportIntervalMs;
  const missedReportsToExpire = opts.section.missedReportsToExpire ?? AGENTS_SECTION_DEFAULTS.missedReportsToExpire;
  const [ca, cert, key] = await Promise.all(
    [opts.section.tls.caFile, opts.section.tls.certFile, opts.section.tls.keyFile].map((f) => fsp.readFile(f)),
  );
  const counters = emptyCounters();
  const registry = new Registry({
    clock: opts.clock ?? wallClock,
    sink: opts.sink,
    log,
    directory: opts.directory,
    counters,
    reportIntervalMs,
    missedReportsToExpire,
  });
  const queries = new ExplainQueries(opts.clock ?? wallClock);
  const server = new grpc.Server();
  server.addService(
    registrationService().service,
    registrationHandlers({ registry, queries, directory: opts.directory, counters, log, reportIntervalMs, missedReportsToExpire }),
  );
  // TLS is terminated by our listener, so the injected connections are plain HTTP/2.
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const listener = await listenMutualTls(parseAddress(opts.section.listen), { ca, cert, key }, injector, log, () =>
    countRefusal(counters, 'tls-handshake'),
  );
  const address = formatAddress(listener.address);
  log.info({ address, reportIntervalMs, missedReportsToExpire }, 'registration service listening');
  return {
    address,
    registry,
    queries,
    counters: () => structuredClone(counters),
    reloadTls: async (tls) => {
      const [nca, ncert, nkey] = await Promise.all([tls.caFile, tls.certFile, tls.keyFile].map((f) => fsp.readFile(f)));
      listener.setMaterial({ ca: nca, cert: ncert, key: nkey });
    },
    stop: async () => {
      const closed = listener.close();
      injector.destroy();
      server.forceShutdown();
      registry.close();
      queries.close();
      await closed;
    },
  };
}
