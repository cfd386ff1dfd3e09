// Health reported from below, the panic guard and the warm-up in the decision engine:
// an unhealthy target gets no new connections for its subnet, at once; a service whose
// usable targets all fail never ejects them all; the warm-up keeps stale rows in force.
import { catalogSpec, server, service } from './fixtures';
import { setup } from './engine-helpers';
import type { PolicySpec } from '../../../level/types';

const SUBNET = '192.200.0.0/24';
const OTHER = '192.201.0.0/24';
const policies: Record<string, PolicySpec> = { least: { type: 'least-load' } };
const three = () => catalogSpec([server('s1'), server('s2'), server('s3')], [service('web', SUBNET, ['s1', 's2', 's3']), service('api', OTHER, ['s1', 's2', 's3'])], policies);

function reported(h: ReturnType<typeof setup>, loads: Record<string, number>, subnet = SUBNET): void {
  for (const [id, load] of Object.entries(loads)) h.report(subnet, id, load);
  h.engine.updateTable();
}

describe('health from reports', () => {
  it('takes an unhealthy target out of new decisions for its subnet at once, and only for that subnet', () => {
    const h = setup(three());
    reported(h, { s1: 0, s2: 0.5, s3: 0.5 });
    reported(h, { s1: 0, s2: 0.5, s3: 0.5 }, OTHER);
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s1');
    h.engine.setUnhealthy(SUBNET, 's1', true);
    // No table update in between: the verdict applies to the very next connection.
    expect(Object.keys(h.burst('web', 20)).sort()).toEqual(['s2', 's3']);
    expect(h.engine.decide(h.svc('api'), 1, 1).target?.id).toBe('s1');
    const e = h.engine.explain(h.svc('web'), 1);
    expect(e.panic).toBe(false);
    expect(e.candidates.map((c) => [c.targetId, c.healthy, c.eligible])).toEqual([['s1', false, false], ['s2', true, true], ['s3', true, true]]);
    expect(h.engine.unhealthyTargets()).toEqual([{ subnet: SUBNET, target: 's1' }]);
  });

  it('takes a target back once it reports healthy again', () => {
    const h = setup(three());
    reported(h, { s1: 0, s2: 0.5, s3: 0.5 });
    h.engine.setUnhealthy(SUBNET, 's1', true);
    h.engine.setUnhealthy(SUBNET, 's1', false);
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s1');
    expect(h.engine.unhealthyTargets()).toEqual([]);
  });

  it('forgets a departed target\'s health (clearHealth), so its next registration starts healthy', () => {
    const h = setup(three());
    reported(h, { s1: 0, s2: 0.5, s3: 0.5 });
    h.engine.setUnhealthy(SUBNET, 's1', true);
    h.engine.setUnhealthy(OTHER, 's1', true);
    h.engine.clearHealth('s1');
    expect(h.engine.isUnhealthy(SUBNET, 's1')).toBe(false);
    expect(h.engine.isUnhealthy(OTHER, 's1')).toBe(false);
  });
});

describe('panic', () => {
  it('never ejects every target: when all usable targets are unhealthy, all of them take connections', () => {
    const h = setup(three());
    reported(h, { s1: 0.2, s2: 0.1, s3: 0.3 });
    for (const s of ['s1', 's2', 's3']) h.engine.setUnhealthy(SUBNET, s, true);
    expect(h.engine.panicServices()).toEqual(['web']);
    expect(h.engine.explain(h.svc('web'), 1).panic).toBe(true);
    // The policy still chooses among them: least load first.
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s2');
    expect(h.engine.unhealthySubnets()).toEqual(new Set([SUBNET]));
    // One healthy again: panic ends and it takes everything.
    h.engine.setUnhealthy(SUBNET, 's3', false);
    expect(h.engine.panicServices()).toEqual([]);
    expect(h.burst('web', 10)).toEqual({ s3: 10 });
    expect(h.engine.unhealthySubnets()).toEqual(new Set());
  });

  it('counts only usable targets: a drained or departed target is not brought back by panic', () => {
    const spec = three();
    spec.targets[0]!.adminState = 'draining';
    const h = setup(spec);
    reported(h, { s1: 0, s2: 0.1, s3: 0.3 });
    h.engine.setTargetDown('s2', true);
    h.engine.setUnhealthy(SUBNET, 's3', true);
    // s3 is the only usable target and it is unhealthy: panic uses it, never s1 or s2.
    expect(h.engine.panicServices()).toEqual(['web']);
    expect(h.burst('web', 5)).toEqual({ s3: 5 });
  });

  it('with a threshold, panics when fewer than that share are healthy', () => {
    const h = setup(three(), { panicThreshold: 0.5 });
    reported(h, { s1: 0.2, s2: 0.1, s3: 0.3 });
    h.engine.setUnhealthy(SUBNET, 's2', true);
    // 2 of 3 healthy (67% >= 50%): no panic.
    expect(h.engine.panicServices()).toEqual([]);
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s1');
    h.engine.setUnhealthy(SUBNET, 's1', true);
    // 1 of 3 (33% < 50%): panic, and the least loaded of all three wins.
    expect(h.engine.panicServices()).toEqual(['web']);
    expect(h.engine.explain(h.svc('web'), 1).chosen).toBe('s2');
  });

  it('rejects a threshold outside 0..1', () => {
    expect(() => setup(three(), { panicThreshold: 1.5 })).toThrow(RangeError);
  });

  it('advertises a subnet upward without its unhealthy targets, and with them in panic', () => {
    const h = setup(three());
    reported(h, { s1: 0.2, s2: 0.4, s3: 0.6 });
    h.engine.setUnhealthy(SUBNET, 's1', true);
    expect(h.engine.subnetLoads('mean').get(SUBNET)).toBeCloseTo(0.5, 9);
    h.engine.setUnhealthy(SUBNET, 's2', true);
    h.engine.setUnhealthy(SUBNET, 's3', true);
    expect(h.engine.subnetLoads('mean').get(SUBNET)).toBeCloseTo(0.4, 9);
  });
});

describe('warm-up', () => {
  it('keeps targets with stale reports in new decisions until the warm-up ends', () => {
    const h = setup(three(), { maxReportAgeMs: 3000, warmUpMs: 5000 });
    reported(h, { s1: 0.1, s2: 0.2, s3: 0.3 });
    h.clock.advance(10_000);
    // Without a warm-up, every report is stale now.
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), 1, 1).target).toBeNull();
    // A promotion: the rows restored from the store stand for 5 s.
    h.engine.beginWarmUp();
    expect(h.engine.warmingUp()).toBe(true);
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s1');
    h.clock.advance(5001);
    h.engine.updateTable();
    expect(h.engine.warmingUp()).toBe(false);
    expect(h.engine.decide(h.svc('web'), 1, 1).target).toBeNull();
  });

  it('does not make a never-reported target eligible when reports are required', () => {
    const h = setup(three(), { requireLoadReport: true, warmUpMs: 5000 });
    reported(h, { s2: 0.5 });
    h.engine.beginWarmUp();
    expect(h.burst('web', 5)).toEqual({ s2: 5 });
  });

  it('does nothing when warmUpMs is 0', () => {
    const h = setup(three(), { maxReportAgeMs: 3000 });
    reported(h, { s1: 0.1 });
    h.clock.advance(10_000);
    h.engine.beginWarmUp();
    expect(h.engine.warmingUp()).toBe(false);
  });
});
