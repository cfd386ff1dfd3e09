import { silentLogger } from '../../../controller/logger';
import { MemoryStore } from '../../../controller/store/memory-store';
import { ServiceCatalog } from '../../../level/catalog/catalog';
import { DecisionEngine } from '../../../level/decision/decision-engine';
import { RegistrationEvents } from '../../../level/registration-events';
import { catalogSpec, service } from './fixtures';

const A = '192.200.0.0/16';
const B = '192.201.0.0/16';

function setup() {
  const catalog = new ServiceCatalog(catalogSpec(
    [{ id: 'site-a', kind: 'site', weight: 1, cost: 5, adminState: 'enabled', attachment: { port: 3 } }],
    [service('a', A, ['site-a']), service('b', B, ['site-a'])],
  ));
  const store = new MemoryStore();
  const engine = new DecisionEngine(catalog, store.loads, { tableUpdateIntervalMs: 1000, assignmentLoadIncrement: 0.01, rttCostFactor: 1 });
  return { catalog, store, engine, events: new RegistrationEvents(catalog, engine, store, silentLogger()) };
}

describe('registration events of a lower SLR', () => {
  it('keeps the operator\'s port and cost and takes the label the site registered with', () => {
    const { catalog, events } = setup();
    events.registered({ id: 'site-a', kind: 'site', label: 2001, subnets: [A, B] });
    expect(catalog.target('site-a')).toMatchObject({ kind: 'site', cost: 5, attachment: { port: 3, label: 2001 } });
  });

  it('withdraws a subnet the site leaves out of its next report, and offers it again when it is back', () => {
    const { store, events } = setup();
    events.report('site-a', 1, [{ subnet: A, load: 0.2 }, { subnet: B, load: 0.4 }]);
    expect([store.loads.get(A, 'site-a')?.load, store.loads.get(B, 'site-a')?.load]).toEqual([0.2, 0.4]);
    events.report('site-a', 2, [{ subnet: A, load: 0.3 }]);
    expect(store.loads.get(B, 'site-a')).toBeUndefined();
    expect(store.loads.get(A, 'site-a')?.load).toBe(0.3);
    events.report('site-a', 3, [{ subnet: A, load: 0.3 }, { subnet: B, load: 0.1 }]);
    expect(store.loads.get(B, 'site-a')?.load).toBe(0.1);
  });

  it('takes a target that withdrew a subnet out of new decisions for it even when reports are not required, and back when it offers it again', () => {
    const { engine, events, catalog } = setup();
    const b = catalog.service('b')!;
    events.report('site-a', 1, [{ subnet: A, load: 0.2 }, { subnet: B, load: 0.4 }]);
    expect(engine.decide(b, 1, 1).target?.id).toBe('site-a');
    events.report('site-a', 2, [{ subnet: A, load: 0.3 }]);
    // Without the withdrawal it would count as unreported (load 0) and win every decision.
    expect(engine.decide(b, 1, 2).target).toBeNull();
    expect(engine.decide(catalog.service('a')!, 1, 3).target?.id).toBe('site-a');
    events.report('site-a', 3, [{ subnet: A, load: 0.3 }, { subnet: B, load: 0.1 }]);
    expect(engine.decide(b, 1, 4).target?.id).toBe('site-a');
    events.report('site-a', 4, [{ subnet: A, load: 0.3 }]);
    events.expired('site-a');
    expect(engine.isWithdrawn(B, 'site-a')).toBe(false);
  });

  it('turns the round trip a report carries into routing cost', () => {
    const { engine, events, catalog } = setup();
    events.report('site-a', 1, [{ subnet: A, load: 0.2 }], 0.75);
    engine.updateTable();
    expect(engine.measuredRtt('site-a')).toBe(0.75);
    expect(engine.explain(catalog.service('a')!, 1).candidates[0]).toMatchObject({ configuredCost: 5, measuredRttMs: 0.75, cost: 5.75 });
  });

  it('takes a subnet reported unhealthy out of new decisions (panic aside), and forgets it when the subnet is withdrawn or the site goes', () => {
    const { engine, events } = setup();
    events.registered({ id: 'site-a', kind: 'site', label: 2001, subnets: [A, B] });
    events.report('site-a', 1, [{ subnet: A, load: 0.2, unhealthy: true }, { subnet: B, load: 0.4 }]);
    expect(engine.isUnhealthy(A, 'site-a')).toBe(true);
    expect(engine.isUnhealthy(B, 'site-a')).toBe(false);
    // The only target of service a: panic keeps it, and says so.
    expect(engine.panicServices()).toEqual(['a']);
    events.report('site-a', 2, [{ subnet: A, load: 0.2 }, { subnet: B, load: 0.4 }]);
    expect(engine.isUnhealthy(A, 'site-a')).toBe(false);
    events.report('site-a', 3, [{ subnet: A, load: 0.2, unhealthy: true }]);
    events.report('site-a', 4, [{ subnet: B, load: 0.4 }]);
    expect(engine.isUnhealthy(A, 'site-a')).toBe(false);
    events.report('site-a', 5, [{ subnet: B, load: 0.4, unhealthy: true }]);
    events.expired('site-a');
    expect(engine.unhealthyTargets()).toEqual([]);
  });
});
