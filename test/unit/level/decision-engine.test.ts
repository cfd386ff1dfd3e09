import { catalogSpec, ip, server, service } from './fixtures';
import { setup } from './engine-helpers';
import type { PolicySpec } from '../../../level/types';

const SUBNET = '192.200.0.0/24';
const policies: Record<string, PolicySpec> = { least: { type: 'least-load' }, weighted: { type: 'weighted' } };

describe('herding avoidance', () => {
  it('spreads a burst of 100 decisions between two reports instead of piling onto the least loaded', () => {
    const h = setup(catalogSpec([server('s1'), server('s2'), server('s3')], [service('web', SUBNET, ['s1', 's2', 's3'])], policies));
    h.report(SUBNET, 's1', 10);
    h.report(SUBNET, 's2', 20);
    h.report(SUBNET, 's3', 30);
    h.engine.updateTable();
    const counts = h.burst('web', 100);
    // Water-filling: total 60 + 100 = 160 -> about 53.3 each, so 43/33/23 (+-1 by tie order).
    expect(counts.s1).toBeGreaterThanOrEqual(43);
    expect(counts.s1).toBeLessThanOrEqual(44);
    expect(counts.s2).toBeGreaterThanOrEqual(33);
    expect(counts.s2).toBeLessThanOrEqual(34);
    expect(counts.s3).toBeGreaterThanOrEqual(23);
    expect(counts.s3).toBeLessThanOrEqual(24);
    const est = h.engine.explain(h.svc('web'), 1).candidates.map((c) => c.estimatedLoad);
    expect(Math.max(...est) - Math.min(...est)).toBeLessThanOrEqual(1);
  });

  it('replaces the estimate when a fresh report arrives, resetting the assignment count', () => {
    const h = setup(catalogSpec([server('s1'), server('s2')], [service('web', SUBNET, ['s1', 's2'])], policies));
    h.report(SUBNET, 's1', 0);
    h.report(SUBNET, 's2', 0);
    h.engine.updateTable();
    h.burst('web', 10); // 5 each, estimates 5/5
    h.clock.advance(1000);
    h.report(SUBNET, 's1', 100); // s1 really is busy now
    h.engine.updateTable();
    const c = h.engine.explain(h.svc('web'), 1).candidates;
    expect(c.map((x) => [x.targetId, x.assignedSinceReport, x.estimatedLoad])).toEqual([
      ['s1', 0, 100],
      ['s2', 5, 5],
    ]);
    expect(h.burst('web', 20)).toEqual({ s2: 20 });
  });

  it('shares estimates between services of one subnet (reports are per subnet)', () => {
    const h = setup(
      catalogSpec(
        [server('s1'), server('s2')],
        [service('http', SUBNET, ['s1', 's2'], { ports: [80] }), service('https', SUBNET, ['s1', 's2'], { ports: [443] })],
        policies,
      ),
    );
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('http'), 1, 1).target?.id).toBe('s1');
    expect(h.engine.decide(h.svc('https'), 1, 1).target?.id).toBe('s2');
  });
});

describe('weighted split', () => {
  it('follows weights 5:3:2 within 0.1% over 10,000 decisions (deterministic)', () => {
    const h = setup(
      catalogSpec(
        [server('a', { weight: 5 }), server('b', { weight: 3 }), server('c', { weight: 2 })],
        [service('web', SUBNET, ['a', 'b', 'c'], { policy: 'weighted' })],
        policies,
      ),
      { assignmentLoadIncrement: 0.01 },
    );
    for (const id of ['a', 'b', 'c']) h.report(SUBNET, id, 0);
    h.engine.updateTable();
    const counts = h.burst('web', 10_000);
    expect(Math.abs(counts.a - 5000)).toBeLessThanOrEqual(10);
    expect(Math.abs(counts.b - 3000)).toBeLessThanOrEqual(10);
    expect(Math.abs(counts.c - 2000)).toBeLessThanOrEqual(10);
  });

  it('interleaves smoothly: no target gets more than its share in any window of 10', () => {
    const h = setup(
      catalogSpec([server('a', { weight: 3 }), server('b', { weight: 1 })], [service('web', SUBNET, ['a', 'b'], { policy: 'weighted' })], policies),
    );
    const seq: string[] = [];
    for (let i = 0; i < 40; i++) seq.push(h.engine.decide(h.svc('web'), 1, i).target!.id);
    for (let i = 0; i + 8 <= seq.length; i += 8) {
      expect(seq.slice(i, i + 8).filter((x) => x === 'b')).toHaveLength(2);
    }
  });
});

describe('client-prefix affinity', () => {
  const spec = catalogSpec(
    [server('east1'), server('east2'), server('west1')],
    [service('web', SUBNET, ['east1', 'east2', 'west1'], { policy: 'aff' })],
    {
      least: { type: 'least-load' },
      aff: {
        type: 'affinity',
        base: 'least',
        rules: [
          { clientPrefix: '10.0.0.0/8', targets: ['east1', 'east2'] },
          { clientPrefix: '10.5.0.0/16', targets: ['west1'] },
        ],
      },
    },
  );

  it('sends matching clients to their preferred targets, most specific rule first', () => {
    const h = setup(spec);
    h.report(SUBNET, 'east1', 50);
    h.report(SUBNET, 'east2', 40);
    h.report(SUBNET, 'west1', 0);
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), ip('10.1.2.3'), 1)).toMatchObject({ target: { id: 'east2' }, reason: 'affinity' });
    expect(h.engine.decide(h.svc('web'), ip('10.5.2.3'), 1)).toMatchObject({ target: { id: 'west1' }, reason: 'affinity' });
  });

  it('uses the base policy over all targets for other clients', () => {
    const h = setup(spec);
    h.report(SUBNET, 'east1', 50);
    h.report(SUBNET, 'east2', 40);
    h.report(SUBNET, 'west1', 0);
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), ip('172.16.0.1'), 1)).toMatchObject({ target: { id: 'west1' }, reason: 'lowest-metric' });
  });

  it('falls back to the base policy when no preferred target is eligible', () => {
    const h = setup({ ...spec, targets: spec.targets.map((t) => (t.id === 'west1' ? { ...t, adminState: 'draining' as const } : t)) });
    h.report(SUBNET, 'east1', 50);
    h.report(SUBNET, 'east2', 40);
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), ip('10.5.9.9'), 1)).toMatchObject({ target: { id: 'east2' }, reason: 'affinity-fallback' });
  });
});

describe('time-of-day', () => {
  // 2023-11-14 is a Tuesday. UTC+2: 06:00Z is 08:00 local.
  const tuesday0600Z = Date.UTC(2023, 10, 14, 6, 0);
  const spec = catalogSpec(
    [server('near', { cost: 1 }), server('far', { cost: 9 })],
    [service('web', SUBNET, ['near', 'far'], { policy: 'tod' })],
    {
      least: { type: 'least-load' },
      cost: { type: 'cost' },
      tod: {
        type: 'time-of-day',
        tzOffsetMinutes: 120,
        windows: [
          { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5], policy: 'cost' },
          { start: '22:00', end: '02:00', policy: 'cost' },
        ],
        default: 'least',
      },
    },
  );

  function decideAt(ms: number): { target?: string; policy: string } {
    const h = setup(spec, {}, ms);
    h.report('192.200.0.0/24', 'near', 90, ms);
    h.report('192.200.0.0/24', 'far', 10, ms);
    h.engine.updateTable();
    const d = h.engine.decide(h.svc('web'), 1, 1);
    return { target: d.target?.id, policy: d.policy };
  }

  it('uses the business-hours policy inside the window (local time via offset)', () => {
    expect(decideAt(tuesday0600Z)).toEqual({ target: 'near', policy: 'cost' });
  });

  it('uses the default before the window opens', () => {
    expect(decideAt(tuesday0600Z - 60_000)).toEqual({ target: 'far', policy: 'least' });
  });

  it('honours days of week (Sunday is outside the weekday window)', () => {
    expect(decideAt(tuesday0600Z - 2 * 86_400_000 + 3 * 3_600_000)).toEqual({ target: 'far', policy: 'least' });
  });

  it('handles windows that wrap past midnight', () => {
    const local0100 = Date.UTC(2023, 10, 14, 23, 0); // 01:00 local Wednesday
    expect(decideAt(local0100)).toEqual({ target: 'near', policy: 'cost' });
    expect(decideAt(local0100 + 3_600_000)).toEqual({ target: 'far', policy: 'least' });
  });

  it('switches policy as the injected clock moves, without a table rebuild', () => {
    const h = setup(spec, {}, tuesday0600Z - 60_000);
    h.report(SUBNET, 'near', 90);
    h.report(SUBNET, 'far', 10);
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), 1, 1).policy).toBe('least');
    h.clock.advance(60_000);
    expect(h.engine.decide(h.svc('web'), 1, 1).policy).toBe('cost');
  });
});

describe('table update and explain', () => {
  it('runs the table update on the scheduler interval and stops', () => {
    const h = setup(catalogSpec([server('s1'), server('s2')], [service('web', SUBNET, ['s1', 's2'])], policies), {
      tableUpdateIntervalMs: 250,
    });
    h.engine.start();
    expect([...h.scheduler.timers.values()].map((t) => t.ms)).toEqual([250]);
    h.report(SUBNET, 's1', 9);
    h.report(SUBNET, 's2', 1);
    expect(h.engine.table()).toEqual([{ serviceId: 'web', subnet: SUBNET, policy: 'least', best: 's1' }]);
    h.scheduler.fire();
    expect(h.engine.table()[0].best).toBe('s2');
    h.engine.stop();
    expect(h.scheduler.timers.size).toBe(0);
  });

  it('ignores reports until the next table update (decisions use the table)', () => {
    const h = setup(catalogSpec([server('s1'), server('s2')], [service('web', SUBNET, ['s1', 's2'])], policies));
    h.report(SUBNET, 's1', 100);
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s1');
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s2');
  });

  it('explains each candidate without changing state', () => {
    const h = setup(catalogSpec([server('s1', { cost: 3 }), server('s2', { adminState: 'draining' })], [service('web', SUBNET, ['s1', 's2'])], policies));
    h.report(SUBNET, 's1', 7, 123);
    h.engine.updateTable();
    const before = JSON.stringify(h.engine.explain(h.svc('web'), 1));
    const e = JSON.parse(before);
    expect(e).toMatchObject({ serviceId: 'web', policy: 'least', chosen: 's1', reason: 'lowest-metric', affinityRule: null });
    expect(e.candidates[0]).toEqual({
      targetId: 's1', adminState: 'enabled', eligible: true, healthy: true, preferred: null, reportedLoad: 7, reportedAt: 123,
      assignedSinceReport: 0, estimatedLoad: 7, cost: 3, configuredCost: 3, measuredRttMs: null, weight: 1, metric: 7,
    });
    expect(e.candidates[1]).toMatchObject({ targetId: 's2', eligible: false, reportedLoad: null });
    expect(JSON.stringify(h.engine.explain(h.svc('web'), 1))).toBe(before);
  });

  it('adds a measured round trip to the configured cost at the next table update, and the cost policy follows it', () => {
    const h = setup(catalogSpec([server('s1', { cost: 1 }), server('s2', { cost: 2 })], [service('web', SUBNET, ['s1', 's2'], { policy: 'near' })], { near: { type: 'cost' } }), {
      rttCostFactor: 2,
    });
    h.engine.updateTable();
    expect(h.burst('web', 2)).toEqual({ s1: 2 });
    h.engine.setMeasuredRtt('s1', 1.5); // 1 + 2 x 1.5 = 4 > 2
    h.engine.setMeasuredRtt('s2', -3); // not a round trip: ignored
    h.engine.updateTable();
    expect(h.burst('web', 2)).toEqual({ s2: 2 });
    const c = h.engine.explain(h.svc('web'), 1).candidates;
    expect(c.map((x) => [x.targetId, x.configuredCost, x.measuredRttMs, x.cost])).toEqual([['s1', 1, 1.5, 4], ['s2', 2, null, 2]]);
  });

  it('can require load reports and drop stale ones', () => {
    const h = setup(catalogSpec([server('s1'), server('s2'), server('s3')], [service('web', SUBNET, ['s1', 's2', 's3'])], policies), {
      requireLoadReport: true,
      maxReportAgeMs: 5000,
    });
    h.report(SUBNET, 's2', 50, h.clock.now() - 10_000); // stale
    h.report(SUBNET, 's3', 80);
    h.engine.updateTable();
    expect(h.burst('web', 5)).toEqual({ s3: 5 });
    h.store.removeTarget('s3'); // expired/deregistered
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), 1, 1).reason).toBe('no-eligible-target');
  });

  it('aggregates M_k per subnet over eligible reported targets', () => {
    const h = setup(
      catalogSpec(
        [server('s1', { weight: 3 }), server('s2', { weight: 1 }), server('s3', { adminState: 'disabled' })],
        [service('web', SUBNET, ['s1', 's2', 's3'])],
        policies,
      ),
    );
    h.report(SUBNET, 's1', 10);
    h.report(SUBNET, 's2', 30);
    h.report(SUBNET, 's3', 0);
    h.engine.updateTable();
    expect(h.engine.subnetLoads('min').get(SUBNET)).toBe(10);
    expect(h.engine.subnetLoads('mean').get(SUBNET)).toBe(20);
    expect(h.engine.subnetLoads('weighted-mean').get(SUBNET)).toBe(15);
  });

  it('takes routing costs into G: as load + factor x cost, or through the policy\'s metric F (min-metric)', () => {
    const h = setup(
      catalogSpec(
        [server('s1', { cost: 10 }), server('s2', { cost: 0 })],
        [service('web', SUBNET, ['s1', 's2'], { policy: 'mix' })],
        { mix: { type: 'weighted-sum', loadFactor: 1, costFactor: 0.5 } },
      ),
    );
    h.report(SUBNET, 's1', 1);
    h.report(SUBNET, 's2', 4);
    h.engine.updateTable();
    expect(h.engine.subnetLoads('min').get(SUBNET)).toBe(1);
    expect(h.engine.subnetLoads('min', 1).get(SUBNET)).toBe(4); // s1: 1 + 10, s2: 4 + 0
    expect(h.engine.subnetLoads('mean', 0.1).get(SUBNET)).toBe(3); // (2 + 4) / 2
    expect(h.engine.subnetLoads('min-metric').get(SUBNET)).toBe(4); // s1: 1 + 5, s2: 4 + 0
  });

  it('offers a subnet only while some target for it is eligible and reporting', () => {
    const h = setup(catalogSpec([server('s1'), server('s2')], [service('web', SUBNET, ['s1', 's2'])], policies), { requireLoadReport: true });
    h.report(SUBNET, 's1', 0.2);
    h.engine.updateTable();
    expect([...h.engine.subnetLoads('mean').keys()]).toEqual([SUBNET]);
    h.engine.setTargetDown('s1', true);
    expect(h.engine.subnetLoads('mean').has(SUBNET)).toBe(false);
  });

  it('applies catalog changes to the next decision and keeps estimates of surviving targets', () => {
    const h = setup(catalogSpec([server('s1'), server('s2')], [service('web', SUBNET, ['s1', 's2'])], policies));
    h.burst('web', 4);
    h.catalog.putTarget(server('s0'));
    h.catalog.putService(service('web', SUBNET, ['s0', 's1', 's2']));
    const c = h.engine.explain(h.svc('web'), 1).candidates;
    expect(c.map((x) => x.assignedSinceReport)).toEqual([0, 2, 2]);
    expect(h.burst('web', 2)).toEqual({ s0: 2 });
  });
});
