import { status } from '@grpc/grpc-js';
import { parseAgentConfig } from '../../../agent/config';
import { ServerAgent } from '../../../agent/server-agent';
import { RegistrationApi } from '../../../peering/registration-client';
import { GoodbyeRequestMsg, HelloRequestMsg, LoadReportMsg } from '../../../peering/wire-types';
import { FakeClock } from '../peering/fake-clock';
import { RecordingLog } from '../peering/recording-log';

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details });
}

// A scripted SLR: hello outcomes are taken from a queue (default: accept).
class FakeSlr implements RegistrationApi {
  hellos: HelloRequestMsg[] = [];
  reports: LoadReportMsg[] = [];
  goodbyes: GoodbyeRequestMsg[] = [];
  helloFailures: Error[] = [];
  reportFailures: Error[] = [];
  closed = false;
  intervalMs = 1000;

  async hello(req: HelloRequestMsg) {
    this.hellos.push(req);
    const failure = this.helloFailures.shift();
    if (failure) throw failure;
    return { sessionId: `s${this.hellos.length}`, reportIntervalMs: this.intervalMs, missedReportsToExpire: 3, expiryMs: 3500 };
  }
  async report(req: LoadReportMsg) {
    this.reports.push(req);
    const failure = this.reportFailures.shift();
    if (failure) throw failure;
    return { reportIntervalMs: this.intervalMs };
  }
  async goodbye(req: GoodbyeRequestMsg) {
    this.goodbyes.push(req);
    return {};
  }
  async shortcut() {
    return { results: [] };
  }
  async release() {
    return { released: false, detail: 'servers release nothing' };
  }
  close(): void {
    this.closed = true;
  }
}

function setup(overrides: Record<string, unknown> = {}) {
  const config = parseAgentConfig({
    serverId: 'srv1',
    slr: { address: 'unix:/tmp/x.sock' },
    tls: { caFile: 'ca', certFile: 'c', keyFile: 'k' },
    dataPlane: { ip: '10.0.0.1', mac: '00:00:00:00:00:0A' },
    subnets: [{ subnet: '192.200.0.0/16', ports: [80] }],
    registration: { initialBackoffMs: 100, maxBackoffMs: 400 },
    ...overrides,
  });
  const clock = new FakeClock();
  const slr = new FakeSlr();
  const events: string[] = [];
  const routes = {
    install: async () => { events.push('routes-installed'); },
    remove: async () => { events.push('routes-removed'); },
  };
  let samples = 0;
  const meter = {
    prime: async () => { events.push('primed'); },
    sample: async () => [{ subnet: '192.200.0.0/16', load: 0.1 * ++samples, connections: samples, cpu: 0.2 }],
  };
  const log = new RecordingLog();
  const agent = new ServerAgent({ config, certificatePem: 'PEM', slr, routes, meter, clock, log, random: () => 1 });
  const step = (ms: number): Promise<void> => clock.advanceAsync(ms);
  return { agent, slr, clock, events, log, step };
}

describe('ServerAgent', () => {
  it('installs routes, then says hello with its identity, data-plane address and subnets', async () => {
    const { agent, slr, events, step } = setup();
    await agent.start();
    expect(events).toEqual(['routes-installed', 'primed']);
    await step(0);
    expect(slr.hellos).toEqual([
      {
        id: 'srv1',
        certificatePem: 'PEM',
        kind: 'server',
        attachment: { ip: '10.0.0.1', mac: '00:00:00:00:00:0a', mplsLabel: 0 },
        subnets: [{ subnet: '192.200.0.0/16', ports: [80] }],
        version: 'slr-agent',
      },
    ]);
    expect(agent.state()).toBe('registered');
  });

  it('retries registration with exponential backoff while the SLR is down', async () => {
    const { agent, slr, step, log } = setup();
    slr.helloFailures = [grpcError(status.UNAVAILABLE, 'down'), grpcError(status.UNAVAILABLE, 'down'), grpcError(status.UNAVAILABLE, 'down')];
    await agent.start();
    await step(0);
    expect(slr.hellos).toHaveLength(1);
    await step(99);
    expect(slr.hellos).toHaveLength(1); // first retry after 100 ms
    await step(1);
    expect(slr.hellos).toHaveLength(2);
    await step(199);
    expect(slr.hellos).toHaveLength(2); // then 200 ms
    await step(1);
    expect(slr.hellos).toHaveLength(3);
    await step(400); // then 400 ms (the cap)
    expect(slr.hellos).toHaveLength(4);
    expect(agent.state()).toBe('registered');
    expect(log.find(/registration failed/, 'warn')).toBeDefined();
  });

  it('reports at the interval the SLR asks for, with session id, increasing seq and measured loads', async () => {
    const { agent, slr, step } = setup();
    slr.intervalMs = 500;
    await agent.start();
    await step(0);
    expect(slr.reports).toHaveLength(1); // first report right after hello
    await step(499);
    expect(slr.reports).toHaveLength(1);
    await step(1);
    await step(500);
    expect(slr.reports.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(slr.reports.every((r) => r.sessionId === 's1' && r.id === 'srv1')).toBe(true);
    expect(slr.reports[2].loads).toEqual([{ subnet: '192.200.0.0/16', load: 0.30000000000000004, connections: 3, cpu: 0.2 }]);
  });

  it('reports more often than the SLR asks when configured so, never less often', async () => {
    const fast = setup({ reportIntervalMs: 200 });
    fast.slr.intervalMs = 1000;
    await fast.agent.start();
    await fast.step(0);
    await fast.step(1000);
    expect(fast.slr.reports).toHaveLength(6);

    const slow = setup({ reportIntervalMs: 5000 });
    slow.slr.intervalMs = 1000;
    await slow.agent.start();
    await slow.step(0);
    await slow.step(1000);
    expect(slow.slr.reports).toHaveLength(2);
  });

  it('registers again when the SLR no longer knows it (FAILED_PRECONDITION)', async () => {
    const { agent, slr, step } = setup();
    await agent.start();
    await step(0);
    slr.reportFailures = [grpcError(status.FAILED_PRECONDITION, 'not registered')];
    await step(1000);
    expect(slr.hellos).toHaveLength(2);
    await step(0);
    expect(slr.reports.at(-1)).toMatchObject({ sessionId: 's2', seq: 1 });
  });

  it('keeps reporting through transient report failures', async () => {
    const { agent, slr, step } = setup();
    await agent.start();
    await step(0);
    slr.reportFailures = [grpcError(status.UNAVAILABLE, 'blip')];
    await step(1000);
    await step(1000);
    expect(slr.reports).toHaveLength(3);
    expect(slr.hellos).toHaveLength(1);
  });

  it('on stop says goodbye with its session, removes routes and reports no more', async () => {
    const { agent, slr, events, clock, step } = setup();
    await agent.start();
    await step(0);
    await agent.stop('signal SIGTERM');
    expect(slr.goodbyes).toEqual([{ id: 'srv1', sessionId: 's1', reason: 'signal SIGTERM' }]);
    expect(events.at(-1)).toBe('routes-removed');
    expect(slr.closed).toBe(true);
    expect(agent.state()).toBe('stopped');
    const before = slr.reports.length;
    await step(5000);
    expect(slr.reports).toHaveLength(before);
    expect(clock.pendingCount()).toBe(0);
  });

  it('stopping before registration removes routes without a goodbye', async () => {
    const { agent, slr, events, step } = setup();
    slr.helloFailures = [grpcError(status.UNAVAILABLE, 'down')];
    await agent.start();
    await step(0);
    await agent.stop();
    expect(slr.goodbyes).toEqual([]);
    expect(events).toEqual(['routes-installed', 'primed', 'routes-removed']);
  });
});
