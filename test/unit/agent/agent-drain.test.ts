import { parseAgentConfig } from '../../../agent/config';
import { ServerAgent } from '../../../agent/server-agent';
import type { RegistrationApi } from '../../../peering/registration-client';
import { FakeClock } from '../peering/fake-clock';
import { RecordingLog } from '../peering/recording-log';

// An agent that is registered, then stopped while its server still holds connections.
function setup(connectionsPerSample: number[], drainTimeoutMs: number) {
  const config = parseAgentConfig({
    serverId: 'srv1',
    slr: { address: 'unix:/tmp/x.sock' },
    tls: { caFile: 'ca', certFile: 'c', keyFile: 'k' },
    dataPlane: { ip: '10.0.0.1', mac: '00:00:00:00:00:0a' },
    subnets: [{ subnet: '192.200.0.0/16', ports: [80] }],
    routes: { drainTimeoutMs },
  });
  const clock = new FakeClock();
  const events: string[] = [];
  const slr: RegistrationApi = {
    hello: async () => ({ sessionId: 's1', reportIntervalMs: 60_000, missedReportsToExpire: 3, expiryMs: 180_000 }),
    report: async () => ({ reportIntervalMs: 60_000 }),
    goodbye: async () => {
      events.push('goodbye');
      return {};
    },
    shortcut: async () => ({ results: [] }),
    release: async () => ({ released: false, detail: 'servers release nothing' }),
    close: () => undefined,
  };
  const queue = [...connectionsPerSample];
  const meter = {
    prime: async () => undefined,
    sample: async () => {
      const connections = queue.length > 1 ? queue.shift()! : queue[0]!;
      events.push(`sample:${connections}`);
      return [{ subnet: '192.200.0.0/16', load: 0, connections, cpu: 0 }];
    },
  };
  const routes = { install: async () => undefined, remove: async () => void events.push('routes-removed') };
  const log = new RecordingLog();
  const agent = new ServerAgent({ config, certificatePem: 'PEM', slr, routes, meter, clock, log, random: () => 1 });
  return { agent, clock, events, log };
}

/** Lets the agent's promise chain run between fake-clock steps. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('ServerAgent drain on stop', () => {
  it('keeps the routes after goodbye until the open connections end', async () => {
    const { agent, clock, events } = setup([9, 3, 1, 0], 10_000); // 9: the first report
    await agent.start();
    await clock.advanceAsync(0);
    events.length = 0; // forget the registration-time report sample
    let stopped = false;
    const stopping = agent.stop('drain').then(() => (stopped = true));
    await settle();
    expect(events).toEqual(['goodbye', 'sample:3']);
    await clock.advanceAsync(250);
    await settle();
    expect(stopped).toBe(false);
    await clock.advanceAsync(250);
    await stopping;
    expect(events).toEqual(['goodbye', 'sample:3', 'sample:1', 'sample:0', 'routes-removed']);
  });

  it('removes the routes when the drain time is up, with a warning naming the open connections', async () => {
    const { agent, clock, events, log } = setup([5], 1000);
    await agent.start();
    await clock.advanceAsync(0);
    const stopping = agent.stop('drain');
    for (let t = 0; t < 6; t++) {
      await settle();
      await clock.advanceAsync(250);
    }
    await stopping;
    expect(events.at(-1)).toBe('routes-removed');
    expect(log.find(/drain time is up/, 'warn')?.fields).toMatchObject({ open: 5, drainTimeoutMs: 1000 });
  });

  it('does not wait at all with the default drain time of 0', async () => {
    const { agent, clock, events } = setup([7], 0);
    await agent.start();
    await clock.advanceAsync(0);
    events.length = 0;
    await agent.stop('now');
    expect(events).toEqual(['goodbye', 'routes-removed']);
  });
});
