// Service classes travel up the hierarchy with the aggregated load: a level records the
// class each target reports a subnet with, and advertises a subnet with its own class
// (from its qos section) or else the one its targets reported.
import { silentLogger } from '../../../controller/logger';
import { MemoryStore } from '../../../controller/store/memory-store';
import { ServiceCatalog } from '../../../level/catalog/catalog';
import { DecisionEngine } from '../../../level/decision/decision-engine';
import { RegistrationEvents } from '../../../level/registration-events';
import { catalogSpec, service } from './fixtures';

const A = '192.200.0.0/16';
const B = '192.201.0.0/16';

function setup(): RegistrationEvents {
  const catalog = new ServiceCatalog(catalogSpec(
    [
      { id: 'site-a', kind: 'site', weight: 1, cost: 5, adminState: 'enabled', attachment: { port: 3 } },
      { id: 'site-b', kind: 'site', weight: 1, cost: 5, adminState: 'enabled', attachment: { port: 4 } },
      { id: 'site-c', kind: 'site', weight: 1, cost: 5, adminState: 'enabled', attachment: { port: 5 } },
    ],
    [service('a', A, ['site-a', 'site-b', 'site-c']), service('b', B, ['site-a'])],
  ));
  const store = new MemoryStore();
  const engine = new DecisionEngine(catalog, store.loads, { tableUpdateIntervalMs: 1000, assignmentLoadIncrement: 0.01 });
  return new RegistrationEvents(catalog, engine, store, silentLogger());
}

describe('classes reported from below', () => {
  it('takes the class most targets report a subnet with, and none for a subnet reported without', () => {
    const ev = setup();
    ev.report('site-a', 1, [{ subnet: A, load: 0.2, serviceClass: 'premium' }, { subnet: B, load: 0.1 }]);
    ev.report('site-b', 1, [{ subnet: A, load: 0.2, serviceClass: 'best-effort' }]);
    ev.report('site-c', 1, [{ subnet: A, load: 0.2, serviceClass: 'premium' }]);
    expect(ev.reportedClass(A)).toBe('premium');
    expect(ev.reportedClass(B)).toBeUndefined();
  });

  it('forgets a target\'s class when it withdraws the subnet or goes away', () => {
    const ev = setup();
    ev.report('site-a', 1, [{ subnet: A, load: 0.2, serviceClass: 'premium' }, { subnet: B, load: 0.1, serviceClass: 'premium' }]);
    ev.report('site-a', 2, [{ subnet: A, load: 0.2, serviceClass: 'premium' }]);
    expect(ev.reportedClass(B)).toBeUndefined();
    ev.report('site-b', 2, [{ subnet: A, load: 0.2, serviceClass: 'best-effort' }]);
    ev.expired('site-a');
    expect(ev.reportedClass(A)).toBe('best-effort');
    ev.deregistered('site-b');
    expect(ev.reportedClass(A)).toBeUndefined();
  });
});
