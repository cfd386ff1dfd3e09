import { PackedGenerations } from '../../../../apps/forwarding/packed-generations';
import { PackedTable } from '../../../../apps/forwarding/packed-table';

function put(t: PackedTable, k0: number, k1: number, v: number): number {
  t.key[0] = k0;
  t.key[1] = k1;
  const slot = t.insert();
  t.setValue(slot, 0, v);
  return slot;
}

function get(t: PackedTable, k0: number, k1: number): number | undefined {
  t.key[0] = k0;
  t.key[1] = k1;
  const slot = t.find();
  return slot < 0 ? undefined : t.value(slot, 0);
}

describe('PackedTable', () => {
  it('stores and finds multi-word keys, including colliding ones', () => {
    const t = new PackedTable(2, 1, 100);
    for (let i = 0; i < 100; i++) put(t, i & 3, 0xffff0000 + i, i * 10);
    expect(t.count).toBe(100);
    for (let i = 0; i < 100; i++) expect(get(t, i & 3, 0xffff0000 + i)).toBe(i * 10);
    expect(get(t, 9, 9)).toBeUndefined();
  });

  it('starts small and grows, keeping every entry and its stamp', () => {
    const t = new PackedTable(2, 1, 10_000);
    expect(t.capacity).toBe(64);
    for (let i = 0; i < 10_000; i++) {
      const slot = put(t, 7, i, i + 1);
      t.stamps[slot] = i / 2;
    }
    expect(t.capacity).toBe(32_768);
    for (let i = 0; i < 10_000; i += 7) {
      t.key[0] = 7;
      t.key[1] = i;
      const slot = t.find();
      expect(t.value(slot, 0)).toBe(i + 1);
      expect(t.stamps[slot]).toBe(i / 2);
    }
  });

  it('updates in place and deletes with tombstones that do not break probing', () => {
    const t = new PackedTable(2, 1, 16);
    for (let i = 0; i < 16; i++) put(t, 0, i, i);
    expect(put(t, 0, 3, 33)).toBe(put(t, 0, 3, 33));
    expect(t.count).toBe(16);
    t.key[0] = 0;
    t.key[1] = 5;
    t.delete(t.find());
    expect(get(t, 0, 5)).toBeUndefined();
    for (let i = 0; i < 16; i++) if (i !== 5) expect(get(t, 0, i)).toBe(i === 3 ? 33 : i);
    put(t, 0, 5, 55);
    expect(get(t, 0, 5)).toBe(55);
    expect([...t.slots()]).toHaveLength(16);
    t.clear();
    expect(t.count).toBe(0);
    expect(get(t, 0, 1)).toBeUndefined();
  });
});

describe('PackedGenerations', () => {
  function upsert(g: PackedGenerations, k: number, v?: number): boolean {
    g.setKey(0, 0);
    g.setKey(1, k);
    const slot = g.upsert();
    const isNew = g.lastWasNew;
    if (v !== undefined) g.young.setValue(slot, 0, v);
    return isNew;
  }

  it('stays within its bound and keeps recently touched keys with their values', () => {
    const g = new PackedGenerations(2, 1, 4);
    upsert(g, 1, 100);
    upsert(g, 2, 200);
    upsert(g, 3, 300); // 1 and 2 are now the old generation
    expect(upsert(g, 1)).toBe(false); // moved up, value carried
    upsert(g, 4, 400); // young full: generation of 2 dropped
    g.setKey(1, 2);
    expect(g.locate()).toBe(-1);
    g.setKey(1, 1);
    const slot = g.locate();
    expect(g.locatedIn.value(slot, 0)).toBe(100);
    expect(g.size).toBeLessThanOrEqual(4);
    expect(g.evictions).toBe(1);
  });

  it('handles 100k distinct keys within a small bound', () => {
    const g = new PackedGenerations(2, 1, 1000);
    for (let i = 0; i < 100_000; i++) expect(upsert(g, i, i)).toBe(true);
    expect(g.size).toBeLessThanOrEqual(1000);
    expect(g.evictions + g.size).toBe(100_000);
  });

  it('deleteWhere reaches both generations', () => {
    const g = new PackedGenerations(2, 1, 4);
    for (let i = 0; i < 4; i++) upsert(g, i, i % 2);
    expect(g.deleteWhere((t, s) => t.value(s, 0) === 1)).toBe(2);
    expect(g.size).toBe(2);
  });
});
