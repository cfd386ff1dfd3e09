import { RegistrationSink, RegisteredPeer, SessionSecrets, SubnetLoadEvent } from '../../../peering/registration-sink';
import { Registry } from '../../../peering/registry';
import { emptyCounters } from '../../../peering/refusals';
import { staticDirectory } from '../../../peering/directory';
import { FakeClock } from './fake-clock';
import { RecordingLog } from './recording-log';

class RecordingSink implements RegistrationSink {
  events: Array<[string, ...unknown[]]> = [];
  readonly secrets: SessionSecrets[] = [];
  registered(a: RegisteredPeer, secrets?: SessionSecrets): void {
    this.events.push(['registered', a.id]);
    if (secrets !== undefined) this.secrets.push(secrets);
  }
  report(id: string, at: number, loads: SubnetLoadEvent[], rtt?: number): void { this.events.push(rtt === undefined ? ['report', id, at, loads] : ['report', id, at, loads, rtt]); }
  expired(id: string): void { this.events.push(['expired', id]); }
  deregistered(id: string): void { this.events.push(['deregistered', id]); }
}

const srv1: RegisteredPeer = {
  id: 'srv1',
  kind: 'server',
  ip: '10.0.0.1',
  mac: '00:00:00:00:00:01',
  subnets: ['192.200.0.0/16', '192.202.0.0/16'],
  ports: { '192.200.0.0/16': [80], '192.202.0.0/16': [80] },
};

function setup(intervalMs = 1000, missed = 3) {
  const clock = new FakeClock();
  const sink = new RecordingSink();
  const log = new RecordingLog();
  const counters = emptyCounters();
  let n = 0;
  const registry = new Registry({
    clock,
    sink,
    log,
    counters,
    directory: staticDirectory([{ id: 'srv1', kind: 'server', subnets: ['192.200.0.0/16', '192.202.0.0/16', '192.203.0.0/16'] }]),
    reportIntervalMs: intervalMs,
    missedReportsToExpire: missed,
    newSessionId: () => `session-${++n}`,
  });
  return { clock, sink, log, counters, registry };
}

const load = (subnet: string, value = 0.5) => ({ subnet, load: value, connections: 4, cpu: 0.25 });

describe('Registry expiry', () => {
  it('expires a silent agent after N missed intervals (plus half an interval of grace), not before', () => {
    const { clock, sink, registry, counters, log } = setup(1000, 3);
    registry.register(srv1);
    clock.advance(3000);
    expect(registry.get('srv1')).toBeDefined();
    expect(sink.events.map((e) => e[0])).toEqual(['registered']);
    clock.advance(499);
    expect(registry.get('srv1')).toBeDefined();
    clock.advance(1);
    expect(registry.get('srv1')).toBeUndefined();
    expect(sink.events.at(-1)).toEqual(['expired', 'srv1']);
    expect(counters.expiries).toBe(1);
    expect(log.find(/peer expired/, 'warn')).toBeDefined();
  });

  it('each accepted report restarts the expiry countdown', () => {
    const { clock, registry, sink } = setup(1000, 2);
    const session = registry.register(srv1);
    for (let i = 0; i < 10; i++) {
      clock.advance(2000);
      expect(registry.report('srv1', session, [load('192.200.0.0/16')])).toBeUndefined();
    }
    expect(registry.get('srv1')?.lastReportAt).toBe(clock.now());
    clock.advance(2499);
    expect(registry.get('srv1')).toBeDefined();
    clock.advance(1);
    expect(registry.get('srv1')).toBeUndefined();
    expect(sink.events.filter((e) => e[0] === 'expired')).toHaveLength(1);
  });

  it('a re-registration replaces the old session, whose timer and reports no longer count', () => {
    const { clock, registry, sink } = setup(1000, 3);
    const old = registry.register(srv1);
    clock.advance(2000);
    const fresh = registry.register(srv1);
    expect(fresh).not.toBe(old);
    expect(registry.report('srv1', old, [load('192.200.0.0/16')])?.reason).toBe('not-registered');
    clock.advance(3499);
    expect(registry.get('srv1')).toBeDefined(); // the old session's timer did not fire
    clock.advance(1);
    expect(sink.events.filter((e) => e[0] === 'expired')).toHaveLength(1);
  });

  it('goodbye removes the agent without an expiry, and close() stops every timer', () => {
    const { clock, registry, sink, counters } = setup();
    const s = registry.register(srv1);
    expect(registry.goodbye('srv1', s, 'shutdown')).toBeUndefined();
    expect(sink.events.at(-1)).toEqual(['deregistered', 'srv1']);
    expect(counters.deregistrations).toBe(1);
    clock.advance(60_000);
    expect(sink.events.some((e) => e[0] === 'expired')).toBe(false);
    registry.register(srv1);
    registry.close();
    expect(clock.pendingCount()).toBe(0);
  });
});

describe('Registry reports', () => {
  it('delivers an accepted report to the sink with the SLR clock and canonical subnets', () => {
    const { clock, registry, sink, counters } = setup();
    const s = registry.register(srv1);
    clock.advance(10);
    expect(registry.report('srv1', s, [{ subnet: '192.200.9.9/16', load: 0.7, connections: 12, cpu: 0.4 }])).toBeUndefined();
    expect(sink.events.at(-1)).toEqual(['report', 'srv1', clock.now(), [{ subnet: '192.200.0.0/16', load: 0.7, connections: 12, cpu: 0.4 }]]);
    expect(counters.reports).toBe(1);
  });

  it('refuses a report naming a subnet the server is not configured for, and changes nothing', () => {
    const { clock, registry, sink, counters } = setup(1000, 3);
    const s = registry.register(srv1);
    clock.advance(1000);
    registry.report('srv1', s, [load('192.200.0.0/16', 0.1)]);
    const before = { events: sink.events.length, view: registry.get('srv1'), counters: structuredClone(counters) };
    clock.advance(1000);
    // One good subnet and one unconfigured: the whole report is refused.
    const r = registry.report('srv1', s, [load('192.200.0.0/16', 0.9), load('10.99.0.0/16', 0.9)]);
    expect(r).toEqual({ reason: 'unconfigured-subnet', detail: "server 'srv1' is not configured to serve 10.99.0.0/16" });
    expect(sink.events).toHaveLength(before.events);
    expect(registry.get('srv1')).toEqual(before.view);
    expect(counters).toEqual(before.counters);
    // Nor did it refresh the expiry: the agent expires counting from the last good report.
    clock.advance(2500);
    expect(registry.get('srv1')).toBeUndefined();
  });

  it('passes a subnet\'s service class on, and refuses one that is not a name', () => {
    const { registry, sink } = setup();
    const s = registry.register(srv1);
    expect(registry.report('srv1', s, [{ subnet: '192.200.0.0/16', load: 0.2, connections: 1, cpu: 0.1, serviceClass: 'premium' }, { subnet: '192.202.0.0/16', load: 0.1, connections: 0, cpu: 0.1, serviceClass: '' }])).toBeUndefined();
    expect(sink.events.at(-1)?.[3]).toEqual([
      { subnet: '192.200.0.0/16', load: 0.2, connections: 1, cpu: 0.1, serviceClass: 'premium' },
      { subnet: '192.202.0.0/16', load: 0.1, connections: 0, cpu: 0.1 },
    ]);
    expect(registry.report('srv1', s, [{ subnet: '192.200.0.0/16', load: 0, connections: 0, cpu: 0, serviceClass: 'pre mium!' }])?.reason).toBe('malformed');
  });

  it('passes a subnet\'s unhealthy flag on (absent when healthy)', () => {
    const { registry, sink } = setup();
    const s = registry.register(srv1);
    expect(registry.report('srv1', s, [{ subnet: '192.200.0.0/16', load: 0.2, connections: 1, cpu: 0.1, unhealthy: true }, { subnet: '192.202.0.0/16', load: 0.1, connections: 0, cpu: 0.1, unhealthy: false }])).toBeUndefined();
    expect(sink.events.at(-1)?.[3]).toEqual([
      { subnet: '192.200.0.0/16', load: 0.2, connections: 1, cpu: 0.1, unhealthy: true },
      { subnet: '192.202.0.0/16', load: 0.1, connections: 0, cpu: 0.1 },
    ]);
  });

  it('gives each session its own flow-advertisement key and hands it to the level, never into the peer view', () => {
    const { registry, sink } = setup();
    registry.register(srv1);
    const first = registry.advertisementKey('srv1');
    expect(first?.length).toBe(32);
    registry.register(srv1);
    const second = registry.advertisementKey('srv1');
    expect(second?.equals(first!)).toBe(false);
    expect(JSON.stringify(registry.get('srv1'))).not.toContain(second!.toString('hex'));
    expect(registry.advertisementKey('nobody')).toBeUndefined();
    expect(sink.secrets.at(-1)?.advertisementKey.equals(second!)).toBe(true);
  });

  it('distinguishes a configured subnet the agent did not announce', () => {
    const { registry } = setup();
    const s = registry.register(srv1);
    expect(registry.report('srv1', s, [load('192.203.0.0/16')])?.reason).toBe('unannounced-subnet');
  });

  it('refuses reports without a live session, and malformed values', () => {
    const { registry } = setup();
    expect(registry.report('srv1', 'nope', [load('192.200.0.0/16')])?.reason).toBe('not-registered');
    const s = registry.register(srv1);
    expect(registry.report('srv1', s, [{ subnet: '192.200.0.0/16', load: -1, connections: 0, cpu: 0 }])?.reason).toBe('malformed');
    expect(registry.report('srv1', s, [{ subnet: '192.200.0.0/16', load: 0, connections: 0, cpu: 1.5 }])?.reason).toBe('malformed');
    expect(registry.report('srv1', s, [load('not-a-subnet')])?.reason).toBe('malformed');
  });

  it('a sink that throws is logged and does not break the registry', () => {
    const { registry, sink, log } = setup();
    sink.registered = () => { throw new Error('boom'); };
    const s = registry.register(srv1);
    expect(log.find(/sink threw/, 'error')).toBeDefined();
    expect(registry.report('srv1', s, [load('192.200.0.0/16')])).toBeUndefined();
  });
});

describe('Registry round trips and shortcuts', () => {
  const site: RegisteredPeer = { id: 'site-a', kind: 'site', label: 2001, subnets: ['192.200.0.0/16'], ports: { '192.200.0.0/16': [80] } };
  const flow = { proto: 6, srcIp: 0x0a000101, srcPort: 40000, dstIp: 0xc0c80001, dstPort: 80 };

  function siteSetup(shortcut?: RegistrationSink['shortcut']) {
    const clock = new FakeClock();
    const sink = new RecordingSink() as RecordingSink & { shortcut?: RegistrationSink['shortcut'] };
    sink.shortcut = shortcut;
    const counters = emptyCounters();
    const registry = new Registry({
      clock, sink, log: new RecordingLog(), counters,
      directory: staticDirectory([{ id: 'site-a', kind: 'site', subnets: ['192.200.0.0/16'] }, { id: 'srv1', kind: 'server', subnets: ['192.200.0.0/16'] }]),
      reportIntervalMs: 1000, missedReportsToExpire: 3,
    });
    return { registry, sink, counters };
  }

  it('passes the measured round trip of a report on, and none when it is not known yet', () => {
    const { registry, sink } = siteSetup();
    const s = registry.register(site);
    registry.report('site-a', s, [load('192.200.0.0/16')], 0);
    registry.report('site-a', s, [load('192.200.0.0/16')], 0.42);
    expect(sink.events.filter((e) => e[0] === 'report').map((e) => e[4])).toEqual([undefined, 0.42]);
  });

  it('hands a live SLR\'s shortcut to the level, and turns "not yours" into a refusal', async () => {
    const calls: unknown[] = [];
    const { registry, counters } = siteSetup(async (id, f, labels) => {
      calls.push([id, f, labels]);
      return labels[0] === 1 ? { applied: false, refused: true, detail: 'pinned to site-b' } : { applied: true, detail: 'ok' };
    });
    const s = registry.register(site);
    expect(await registry.shortcut('site-a', s, flow, [20011])).toEqual({ applied: true, detail: 'ok' });
    expect(await registry.shortcut('site-a', s, flow, [1])).toEqual({ reason: 'foreign-flow', detail: 'pinned to site-b' });
    expect(calls).toEqual([['site-a', flow, [20011]], ['site-a', flow, [1]]]);
    expect(counters.shortcuts).toBe(2);
  });

  it('refuses a shortcut without a live session, or from a server', async () => {
    const { registry } = siteSetup(async () => ({ applied: true, detail: 'ok' }));
    expect(await registry.shortcut('site-a', 'nope', flow, [20011])).toMatchObject({ reason: 'not-registered' });
    const s = registry.register({ id: 'srv1', kind: 'server', ip: '10.0.0.1', mac: '00:00:00:00:00:01', subnets: ['192.200.0.0/16'], ports: {} });
    expect(await registry.shortcut('srv1', s, flow, [20011])).toMatchObject({ reason: 'malformed' });
  });
});
