// The site SLR's agent registration service, assembled: mutual-TLS listener, gRPC
// handlers, registry with expiry. The controller starts one per site SLR with its
// `agents` config section, the servers it accepts, and a sink for the events.
import { promises as fsp } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { formatAddress, parseAddress } from './address';
import { AgentEventSink } from './agent-events';
import { AgentRegistry } from './agent-registry';
import { agentServiceHandlers } from './agent-service';
import { Clock, systemClock } from './clock';
import { AGENTS_SECTION_DEFAULTS, AgentsSection } from './config-schema';
import { Log, silentLog } from './log';
import { countRefusal, emptyCounters, PeeringCounters } from './refusals';
import { siteAgentService } from './proto';
import { ServerDirectory } from './server-directory';
import { listenMutualTls } from './tls-listener';

export interface AgentServerOptions {
  section: Partial<Pick<AgentsSection, 'reportIntervalMs' | 'missedReportsToExpire'>> & Omit<AgentsSection, 'reportIntervalMs' | 'missedReportsToExpire'>;
  directory: ServerDirectory;
  sink: AgentEventSink;
  log?: Log;
  clock?: Clock;
}

export interface AgentServer {
  /** Where agents connect: "unix:/path" or "host:port" (real port if 0 was configured). */
  address: string;
  registry: AgentRegistry;
  counters(): PeeringCounters;
  stop(): Promise<void>;
}

export async function startAgentServer(opts: AgentServerOptions): Promise<AgentServer> {
  const log = opts.log ?? silentLog;
  const reportIntervalMs = opts.section.reportIntervalMs ?? AGENTS_SECTION_DEFAULTS.reportIntervalMs;
  const missedReportsToExpire = opts.section.missedReportsToExpire ?? AGENTS_SECTION_DEFAULTS.missedReportsToExpire;
  const [ca, cert, key] = await Promise.all(
    [opts.section.tls.caFile, opts.section.tls.certFile, opts.section.tls.keyFile].map((f) => fsp.readFile(f)),
  );
  const counters = emptyCounters();
  const registry = new AgentRegistry({
    clock: opts.clock ?? systemClock,
    sink: opts.sink,
    log,
    directory: opts.directory,
    counters,
    reportIntervalMs,
    missedReportsToExpire,
  });
  const server = new grpc.Server();
  server.addService(
    siteAgentService().service,
    agentServiceHandlers({ registry, directory: opts.directory, counters, log, reportIntervalMs, missedReportsToExpire }),
  );
  // TLS is terminated by our listener, so the injected connections are plain HTTP/2.
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const listener = await listenMutualTls(parseAddress(opts.section.listen), { ca, cert, key }, injector, log, () =>
    countRefusal(counters, 'tls-handshake'),
  );
  const address = formatAddress(listener.address);
  log.info({ address, reportIntervalMs, missedReportsToExpire }, 'agent registration service listening');
  return {
    address,
    registry,
    counters: () => structuredClone(counters),
    stop: async () => {
      const closed = listener.close();
      injector.destroy();
      server.forceShutdown();
      registry.close();
      await closed;
    },
  };
}
