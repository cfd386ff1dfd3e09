import { catalogSpec, server, service } from './fixtures';
import { setup } from './engine-helpers';
import type { PolicySpec } from '../../../level/types';

const SUBNET = '192.200.0.10/32';
const policies: Record<string, PolicySpec> = {
  least: { type: 'least-load' },
  weighted: { type: 'weighted' },
  cost: { type: 'cost' },
  sum: { type: 'weighted-sum', loadFactor: 1, costFactor: 2 },
};

function threeServers(policy: string, extra: Parameters<typeof server>[1][] = [{}, {}, {}]) {
  return setup(
    catalogSpec(
      [server('s1', extra[0]), server('s2', extra[1]), server('s3', extra[2])],
      [service('web', SUBNET, ['s3', 's1', 's2'], { policy })],
      policies,
    ),
  );
}

describe('metric policies (lowest metric wins)', () => {
  it('least-load picks the least loaded target', () => {
    const h = threeServers('least');
    h.report(SUBNET, 's1', 50);
    h.report(SUBNET, 's2', 20);
    h.report(SUBNET, 's3', 70);
    h.engine.updateTable();
    const d = h.engine.decide(h.svc('web'), 1, 1);
    expect(d).toEqual({ target: expect.objectContaining({ id: 's2' }), reason: 'lowest-metric', policy: 'least' });
  });

  it('breaks ties by target id, not by listing order', () => {
    const h = threeServers('least');
    for (const id of ['s1', 's2', 's3']) h.report(SUBNET, id, 5);
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s1');
  });

  it('breaks metric ties by lower load before id (cost policy)', () => {
    const h = threeServers('cost', [{ cost: 5 }, { cost: 5 }, { cost: 9 }]);
    h.report(SUBNET, 's1', 40);
    h.report(SUBNET, 's2', 10);
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s2');
  });

  it('cost picks the nearest target whatever its load', () => {
    const h = threeServers('cost', [{ cost: 30 }, { cost: 10 }, { cost: 20 }]);
    h.report(SUBNET, 's2', 1000);
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s2');
  });

  it('weighted-sum minimises a*s + b*r', () => {
    // s1: 10 + 2*30 = 70, s2: 40 + 2*10 = 60, s3: 5 + 2*40 = 85
    const h = threeServers('sum', [{ cost: 30 }, { cost: 10 }, { cost: 40 }]);
    h.report(SUBNET, 's1', 10);
    h.report(SUBNET, 's2', 40);
    h.report(SUBNET, 's3', 5);
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s2');
  });

  it('weighted prefers the lowest load/weight', () => {
    // s1: 30/1 = 30, s2: 40/4 = 10, s3: 12/1 = 12
    const h = threeServers('weighted', [{ weight: 1 }, { weight: 4 }, { weight: 1 }]);
    h.report(SUBNET, 's1', 30);
    h.report(SUBNET, 's2', 40);
    h.report(SUBNET, 's3', 12);
    h.engine.updateTable();
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s2');
  });

  it('weighted never picks a weight-0 target', () => {
    const h = threeServers('weighted', [{ weight: 0 }, { weight: 1 }, { weight: 1 }]);
    h.report(SUBNET, 's2', 10);
    h.report(SUBNET, 's3', 10);
    h.engine.updateTable();
    expect(h.burst('web', 50).s1).toBeUndefined();
  });
});

describe('admin state', () => {
  it('gives draining and disabled targets no new connections', () => {
    const h = threeServers('least', [{ adminState: 'draining' }, { adminState: 'disabled' }, {}]);
    h.report(SUBNET, 's1', 0);
    h.report(SUBNET, 's2', 0);
    h.report(SUBNET, 's3', 99);
    h.engine.updateTable();
    expect(h.burst('web', 20)).toEqual({ s3: 20 });
  });

  it('answers no-eligible-target when nobody may take the connection', () => {
    const h = threeServers('least', [{ adminState: 'draining' }, { adminState: 'disabled' }, { adminState: 'draining' }]);
    expect(h.engine.decide(h.svc('web'), 1, 1)).toEqual({ target: null, reason: 'no-eligible-target', policy: 'least' });
  });

  it('applies a drain to the next decision without waiting for a table update', () => {
    const h = threeServers('least');
    h.report(SUBNET, 's1', 0);
    h.report(SUBNET, 's2', 50);
    h.report(SUBNET, 's3', 50);
    h.engine.updateTable();
    h.catalog.setAdminState('s1', 'draining');
    expect(h.engine.decide(h.svc('web'), 1, 1).target?.id).toBe('s2');
  });
});
