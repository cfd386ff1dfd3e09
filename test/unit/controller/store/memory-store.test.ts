import { MemoryStore } from '../../../../controller/store/memory-store';
import type { LoadEntry } from '../../../../controller/store/types';

describe('MemoryStore load tables', () => {
  it('reads back reported loads synchronously and notifies listeners', () => {
    const s = new MemoryStore();
    const seen: Array<[string, string, LoadEntry | undefined]> = [];
    s.onLoadChange((subnet, target, entry) => seen.push([subnet, target, entry]));
    s.reportLoad({ subnet: '10.0.0.0/24', targetId: 'a', load: 3, reportedAt: 100 });
    expect(s.loads.get('10.0.0.0/24', 'a')).toEqual({ load: 3, reportedAt: 100 });
    expect([...s.loads.subnets()]).toEqual(['10.0.0.0/24']);
    expect(seen).toEqual([['10.0.0.0/24', 'a', { load: 3, reportedAt: 100 }]]);
  });

  it('never lets an older report replace a newer one', () => {
    const s = new MemoryStore();
    s.reportLoad({ subnet: 'k', targetId: 'a', load: 5, reportedAt: 200 });
    s.reportLoad({ subnet: 'k', targetId: 'a', load: 1, reportedAt: 150 });
    expect(s.loads.get('k', 'a')).toEqual({ load: 5, reportedAt: 200 });
  });

  it('removes every row of a target and tells listeners', () => {
    const s = new MemoryStore();
    s.reportLoad({ subnet: 'k1', targetId: 'a', load: 1, reportedAt: 1 });
    s.reportLoad({ subnet: 'k2', targetId: 'a', load: 1, reportedAt: 1 });
    s.reportLoad({ subnet: 'k2', targetId: 'b', load: 1, reportedAt: 1 });
    const removed: string[] = [];
    s.onLoadChange((subnet, target, entry) => entry === undefined && removed.push(`${subnet}/${target}`));
    s.removeTarget('a');
    expect(removed.sort()).toEqual(['k1/a', 'k2/a']);
    expect(s.loads.subnet('k1')).toBeUndefined();
    expect([...(s.loads.subnet('k2')?.keys() ?? [])]).toEqual(['b']);
  });

  it('keeps notifying other listeners when one throws', () => {
    const s = new MemoryStore();
    let calls = 0;
    s.onLoadChange(() => {
      throw new Error('boom');
    });
    s.onLoadChange(() => calls++);
    s.reportLoad({ subnet: 'k', targetId: 'a', load: 1, reportedAt: 1 });
    expect(calls).toBe(1);
  });
});

describe('MemoryStore pin mirror', () => {
  it('keeps the first claim, reports conflicts, releases only its own value', async () => {
    const s = new MemoryStore({ mirrorPins: true });
    const conflicts: Array<[string, string | null]> = [];
    s.pins.onConflict((k, theirs) => conflicts.push([k, theirs]));
    s.pins.claim('p1', 'A');
    s.pins.claim('p1', 'A'); // same claim again: not a conflict
    s.pins.claim('p1', 'B');
    expect(conflicts).toEqual([['p1', 'A']]);
    s.pins.release('p1', 'B');
    expect(await s.pins.loadAll()).toEqual(new Map([['p1', 'A']]));
    s.pins.release('p1', 'A');
    expect((await s.pins.loadAll()).size).toBe(0);
    expect(s.stats()).toMatchObject({ kind: 'memory', connected: true, pinConflicts: 1 });
  });
});

describe('MemoryStore default (embedded)', () => {
  it('mirrors no pins: the pin table is the only copy', async () => {
    const s = new MemoryStore();
    expect(s.pins.active).toBe(false);
    s.pins.claim('p1', 'A');
    expect((await s.pins.loadAll()).size).toBe(0);
  });
});
