// The agent's active health check: consecutive failures make a subnet unhealthy,
// consecutive successes bring it back, the verdict rides the next report, and a change
// is reported at once rather than at the next interval.
import { parseAgentConfig } from '../../../agent/config';
import { defaultCheckAddress, HealthChecker, type HealthCheckConfig } from '../../../agent/health-check';
import { ServerAgent } from '../../../agent/server-agent';
import { FakeClock } from '../peering/fake-clock';
import { RecordingLog } from '../peering/recording-log';
import { ScriptedSlr } from '../peering/scripted-slr';

const CHECK: HealthCheckConfig = { enabled: true, intervalMs: 500, timeoutMs: 400, failuresToDown: 2, successesToUp: 2 };

/** A probe whose answer per host:port the test sets; records every call. */
function scriptedProbe() {
  const up = new Map<string, boolean>();
  const calls: string[] = [];
  const probe = async (host: string, port: number): Promise<boolean> => {
    calls.push(`${host}:${port}`);
    return up.get(`${host}:${port}`) ?? true;
  };
  return { up, calls, probe };
}

describe('HealthChecker', () => {
  function setup(config: Partial<HealthCheckConfig> = {}) {
    const clock = new FakeClock();
    const p = scriptedProbe();
    let changes = 0;
    const checker = new HealthChecker({
      config: { ...CHECK, ...config },
      subnets: [{ subnet: '10.0.0.100/32', ports: [80, 443] }, { subnet: '192.200.0.0/16', ports: [8080] }],
      probe: p.probe,
      clock,
      log: new RecordingLog(),
      onChange: () => changes++,
    });
    return { clock, checker, ...p, changes: () => changes };
  }

  it('probes each subnet at its first address and first port, at once and then every interval', async () => {
    const h = setup();
    h.checker.start();
    await h.clock.advanceAsync(0);
    expect(h.calls).toEqual(['10.0.0.100:80', '192.200.0.1:8080']);
    await h.clock.advanceAsync(1000);
    expect(h.calls).toHaveLength(6);
  });

  it('marks a subnet unhealthy after failuresToDown failures in a row and healthy after successesToUp successes', async () => {
    const h = setup();
    h.up.set('10.0.0.100:80', false);
    h.checker.start();
    await h.clock.advanceAsync(0);
    expect(h.checker.unhealthy('10.0.0.100/32')).toBe(false); // one failure is not enough
    await h.clock.advanceAsync(500);
    expect(h.checker.unhealthy('10.0.0.100/32')).toBe(true);
    expect(h.checker.unhealthy('192.200.0.0/16')).toBe(false);
    expect(h.changes()).toBe(1);
    h.up.set('10.0.0.100:80', true);
    await h.clock.advanceAsync(500);
    expect(h.checker.unhealthy('10.0.0.100/32')).toBe(true); // one success is not enough
    await h.clock.advanceAsync(500);
    expect(h.checker.unhealthy('10.0.0.100/32')).toBe(false);
    expect(h.changes()).toBe(2);
  });

  it('resets the failure count on a success (flapping below the threshold changes nothing)', async () => {
    const h = setup({ failuresToDown: 3 });
    h.checker.start();
    for (const up of [false, false, true, false, false, true]) {
      h.up.set('10.0.0.100:80', up);
      await h.clock.advanceAsync(500);
    }
    expect(h.checker.unhealthy('10.0.0.100/32')).toBe(false);
    expect(h.changes()).toBe(0);
  });

  it('counts a probe that throws as a failure, uses the configured address and port, and stops probing when stopped', async () => {
    const clock = new FakeClock();
    const calls: string[] = [];
    const checker = new HealthChecker({
      config: { ...CHECK, failuresToDown: 1, address: '127.0.0.1', port: 9000 },
      subnets: [{ subnet: '10.0.0.100/32', ports: [80] }],
      probe: async (host, port) => { calls.push(`${host}:${port}`); throw new Error('boom'); },
      clock,
      log: new RecordingLog(),
      onChange: () => undefined,
    });
    checker.start();
    await clock.advanceAsync(0);
    expect(calls).toEqual(['127.0.0.1:9000']);
    expect(checker.unhealthy('10.0.0.100/32')).toBe(true);
    checker.stop();
    await clock.advanceAsync(5000);
    expect(calls).toHaveLength(1);
  });

  it('does nothing when disabled', async () => {
    const h = setup({ enabled: false });
    h.checker.start();
    await h.clock.advanceAsync(5000);
    expect(h.calls).toEqual([]);
  });

  it('derives the default address: the VIP of a /32, else the first host; none for IPv6', () => {
    expect(defaultCheckAddress('10.0.0.100/32')).toBe('10.0.0.100');
    expect(defaultCheckAddress('192.200.0.0/16')).toBe('192.200.0.1');
    expect(defaultCheckAddress('2001:db8::/64')).toBeUndefined();
  });
});

describe('ServerAgent with a health check', () => {
  function setup(healthCheck: Record<string, unknown>) {
    const config = parseAgentConfig({
      serverId: 'srv1',
      slr: { address: 'unix:/tmp/x.sock' },
      tls: { caFile: 'ca', certFile: 'c', keyFile: 'k' },
      dataPlane: { ip: '10.0.0.1', mac: '00:00:00:00:00:0a' },
      subnets: [{ subnet: '10.0.0.100/32', ports: [80] }],
      healthCheck,
    });
    const clock = new FakeClock();
    const slr = new ScriptedSlr();
    const p = scriptedProbe();
    const meter = { prime: async () => undefined, sample: async () => [{ subnet: '10.0.0.100/32', load: 0.1, connections: 1, cpu: 0.1 }] };
    const routes = { install: async () => undefined, remove: async () => undefined };
    const agent = new ServerAgent({ config, certificatePem: 'PEM', slr, routes, meter, clock, log: new RecordingLog(), probe: p.probe });
    return { agent, slr, clock, ...p };
  }

  it('reports the subnet unhealthy as soon as the check fails (before the next interval), keeps offering it, and healthy again once it passes', async () => {
    const h = setup({ enabled: true, intervalMs: 300, timeoutMs: 200 });
    await h.agent.start();
    await h.clock.advanceAsync(0);
    expect(h.slr.reports.map((r) => r.loads[0]!.unhealthy ?? false)).toEqual([false]);
    h.up.set('10.0.0.100:80', false);
    // Failed probes at 300 and 600 ms; the regular report would be at 1000 ms.
    await h.clock.advanceAsync(600);
    expect(h.slr.reports).toHaveLength(2);
    expect(h.slr.reports[1]!.loads[0]).toMatchObject({ subnet: '10.0.0.100/32', load: 0.1, unhealthy: true });
    // The interval goes on from the early report; the verdict stays on every report.
    await h.clock.advanceAsync(1000);
    expect(h.slr.reports).toHaveLength(3);
    expect(h.slr.reports[2]!.loads[0]!.unhealthy).toBe(true);
    h.up.set('10.0.0.100:80', true);
    await h.clock.advanceAsync(600);
    expect(h.slr.reports).toHaveLength(4);
    expect(h.slr.reports[3]!.loads[0]!.unhealthy ?? false).toBe(false);
    await h.agent.stop();
  });

  it('refuses a check whose timeout is longer than its interval, and an address that is not one', () => {
    expect(() => setup({ enabled: true, intervalMs: 100, timeoutMs: 200 })).toThrow(/timeoutMs is above intervalMs/);
    expect(() => setup({ enabled: true, address: 'nowhere' })).toThrow(/not an IP address/);
  });

  it('needs a probe when enabled', () => {
    const config = parseAgentConfig({
      serverId: 'srv1', slr: { address: 'unix:/tmp/x.sock' }, tls: { caFile: 'ca', certFile: 'c', keyFile: 'k' },
      dataPlane: { ip: '10.0.0.1', mac: '00:00:00:00:00:0a' }, subnets: [{ subnet: '10.0.0.100/32', ports: [80] }], healthCheck: { enabled: true },
    });
    const slr = new ScriptedSlr();
    expect(() => new ServerAgent({ config, certificatePem: 'PEM', slr, routes: { install: async () => undefined, remove: async () => undefined }, meter: { prime: async () => undefined, sample: async () => [] }, clock: new FakeClock(), log: new RecordingLog() }))
      .toThrow(/no probe/);
  });
});

