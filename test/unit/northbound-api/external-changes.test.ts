// State changed outside the API (a server agent registering puts targets and services
// straight into the catalog) is shown by the API and never overwritten by its writes.
import { makeHarness, type Harness } from './fixture';
import { MemoryApiStateStore } from '../../../northbound-api/state/state-store';
import { parseDocument } from '../../../northbound-api/state/document';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.app.close();
    h.services.close();
  }
});
async function harness(stateStore = new MemoryApiStateStore()): Promise<Harness> {
  const h = await makeHarness({ stateStore });
  open.push(h);
  return h;
}

function agentRegisters(h: Harness, id: string): void {
  h.catalog.putTarget({ id, kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.0.1.9', mac: '02:00:00:00:01:09' } });
  const web = h.catalog.service('web')!.spec;
  h.catalog.putService({ ...web, targets: [...web.targets, id] });
}

describe('changes made outside the API', () => {
  it('are listed, with new versions for what changed only', async () => {
    const h = await harness();
    agentRegisters(h, 'agent7');
    const targets = (await h.call('GET', '/v1/targets')).json().items as Array<{ id: string; version: number }>;
    expect(targets.find((t) => t.id === 'agent7')?.version).toBe(2);
    expect(targets.find((t) => t.id === 'srv1')?.version).toBe(1);
    expect((await h.call('GET', '/v1/services/web')).json()).toMatchObject({ targets: ['srv1', 'srv2', 'agent7'], version: 2 });
  });

  it('survive the next API write, which also persists them', async () => {
    const store = new MemoryApiStateStore();
    const h = await harness(store);
    agentRegisters(h, 'agent7');
    expect((await h.call('PATCH', '/v1/targets/srv1', { weight: 2 })).statusCode).toBe(200);
    expect(h.catalog.target('agent7')).toBeDefined();
    expect(h.catalog.service('web')?.spec.targets).toContain('agent7');
    const stored = parseDocument((await store.load())!.text);
    expect(stored.targets.has('agent7')).toBe(true);
  });

  it('made while an API write is being saved are merged, not lost', async () => {
    const store = new MemoryApiStateStore();
    const h = await harness(store);
    const realSave = store.save.bind(store);
    store.save = async (text, generation, expected) => {
      agentRegisters(h, 'late1');
      return realSave(text, generation, expected);
    };
    expect((await h.call('PATCH', '/v1/targets/srv2', { cost: 9 })).statusCode).toBe(200);
    expect(h.catalog.target('srv2')?.cost).toBe(9);
    expect(h.catalog.target('late1')).toBeDefined();
    expect(h.catalog.service('web')?.spec.targets).toEqual(['srv1', 'srv2', 'late1']);
  });

  it('an API edit of the same object wins over a racing outside change', async () => {
    const store = new MemoryApiStateStore();
    const h = await harness(store);
    const realSave = store.save.bind(store);
    store.save = async (text, generation, expected) => {
      h.catalog.putTarget({ ...h.catalog.target('srv3')!, weight: 7 });
      return realSave(text, generation, expected);
    };
    expect((await h.call('PATCH', '/v1/targets/srv3', { weight: 4 })).statusCode).toBe(200);
    expect(h.catalog.target('srv3')?.weight).toBe(4);
  });
});

describe('refresh (hot spare)', () => {
  it('picks up a document another controller stored', async () => {
    const store = new MemoryApiStateStore();
    const active = await harness(store);
    const spare = await harness(store);
    await active.call('PATCH', '/v1/targets/srv1', { adminState: 'draining' });
    expect(spare.catalog.target('srv1')?.adminState).toBe('enabled');
    await spare.app.refreshState();
    expect(spare.catalog.target('srv1')?.adminState).toBe('draining');
    expect((await spare.call('PATCH', '/v1/targets/srv2', { weight: 3 })).statusCode).toBe(200);
  });

  it('runs on a timer when refreshIntervalMs is set, and stops with the app', async () => {
    const store = new MemoryApiStateStore();
    const active = await harness(store);
    const spare = await makeHarness({ stateStore: store, refreshIntervalMs: 20 });
    await active.call('PATCH', '/v1/targets/srv3', { cost: 6 });
    const deadline = Date.now() + 3000;
    while (spare.catalog.target('srv3')?.cost !== 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(spare.catalog.target('srv3')?.cost).toBe(6);
    await spare.app.close();
    spare.services.close();
    await active.call('PATCH', '/v1/targets/srv3', { cost: 8 });
    await new Promise((r) => setTimeout(r, 100));
    expect(spare.catalog.target('srv3')?.cost).toBe(6);
  });
});
