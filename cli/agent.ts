// `slr agent --config FILE`: runs one server agent until SIGTERM/SIGINT, then says
// goodbye to the SLR and removes the server's local routes. Exit codes: 0 clean stop,
// 1 start-up failure (bad routes, unreadable TLS files), 2 usage or config error.
import { promises as fsp } from 'node:fs';
import pino from 'pino';
import { AgentConfig, loadAgentConfig } from '../agent/config';
import { execCommand } from '../agent/command-runner';
import { LoadMeter, readTextFile } from '../agent/load-meter';
import { tcpProbe } from '../agent/tcp-probe';
import { rawIcmpSender } from '../agent/raw-icmp';
import { NetnsCpu } from '../agent/netns-cpu';
import { LocalRoutes } from '../agent/local-routes';
import { RouteControl, ServerAgent } from '../agent/server-agent';
import { createRegistrationClient } from '../peering/registration-client';
import { AgentMetrics, parseListenAddress, startMetricsListener, type MetricsListener } from '../controller/metrics';
import { wallClock } from '../controller/clock';
import { Log } from '../peering/log';
import { formatUsageError, parseCommandLine, stringValue, UsageError } from '../northbound-api/client/strict-args';

const USAGE = `usage: slr agent --config FILE

  -c, --config FILE   the agent's JSON config (serverId, slr address, TLS files, subnets)
`;

export const AGENT_SPEC = { command: 'slr agent', options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } } } as const;

const noRoutes: RouteControl = { install: async () => undefined, remove: async () => undefined };

async function buildAgent(config: AgentConfig, log: Log, metrics?: AgentMetrics): Promise<ServerAgent> {
  const [ca, cert, key] = await Promise.all([config.tls.caFile, config.tls.certFile, config.tls.keyFile].map((f) => fsp.readFile(f)));
  const client = createRegistrationClient({
    address: config.slr.address,
    ca,
    cert,
    key,
    serverName: config.slr.serverName,
    callTimeoutMs: config.slr.callTimeoutMs,
  });
  const slr = metrics ? metrics.instrument(client) : client;
  const routes = config.routes.manage
    ? new LocalRoutes({ subnets: config.subnets.map((s) => s.subnet), device: config.routes.device, run: execCommand, log })
    : noRoutes;
  const meter = new LoadMeter({
    subnets: config.subnets,
    weights: config.load,
    matchVipAddress: config.load.matchVipAddress,
    procRoot: config.procRoot,
    cpu: config.load.cpuSource === 'netns' ? new NetnsCpu({ procRoot: config.procRoot }) : undefined,
    socketScanBudget: config.load.socketScanBudget,
  });
  const agent = new ServerAgent({ config, certificatePem: cert.toString('utf8'), slr, routes, meter, clock: wallClock, log, probe: tcpProbe, icmpSender: rawIcmpSender(execCommand), readFile: readTextFile });
  metrics?.watchState(agent);
  return agent;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (sig: NodeJS.Signals): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      // A second signal while stopping means "now": exit without cleanup.
      process.once('SIGTERM', () => process.exit(130));
      process.once('SIGINT', () => process.exit(130));
      resolve(sig);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

export async function run(argv: string[]): Promise<number> {
  let file: string | undefined;
  try {
    const parsed = parseCommandLine(argv, AGENT_SPEC);
    if (parsed.values.help === true) {
      process.stdout.write(USAGE);
      return 0;
    }
    file = stringValue(parsed, 'config');
    if (!file) throw new UsageError('--config FILE is required', `usage: slr agent --config FILE`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(formatUsageError('slr agent', err));
      return 2;
    }
    throw err;
  }
  let config: AgentConfig;
  try {
    config = await loadAgentConfig(file);
  } catch (err) {
    process.stderr.write(`slr agent: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  // Synchronous writes (as the controller does): nothing is lost when a signal ends us.
  const log = pino(
    { name: 'slr-agent', level: process.env.SLR_LOG_LEVEL ?? 'info' },
    pino.destination({ dest: 1, sync: true }),
  ).child({ serverId: config.serverId });
  const signal = waitForSignal();
  let agent: ServerAgent;
  const metrics = config.metrics ? new AgentMetrics() : undefined;
  let metricsListener: MetricsListener | undefined;
  try {
    agent = await buildAgent(config, log, metrics);
    if (metrics && config.metrics) metricsListener = await startMetricsListener(metrics.registry, parseListenAddress(config.metrics.listen), log);
    await agent.start();
  } catch (err) {
    log.error({ err: err instanceof Error ? err.message : String(err) }, 'agent failed to start');
    await metricsListener?.close();
    return 1;
  }
  const sig = await signal;
  log.info({ signal: sig }, 'stopping agent');
  await agent.stop(`signal ${sig}`);
  await metricsListener?.close();
  log.info({}, 'agent stopped');
  return 0;
}
