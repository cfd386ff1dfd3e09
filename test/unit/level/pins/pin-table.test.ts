import { PinTable } from '../../../../level/pins/pin-table';

/** A tiny deterministic PRNG so the randomized test replays identically. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

describe('PinTable', () => {
  it('claims once: the first claimer wins and later claims get the same target', () => {
    const t = new PinTable();
    expect(t.claim(6, 0x0a000001, 40000, 0xc0c8000a, 80, 7, 0, 1000)).toBe(7);
    expect(t.lastClaimCreated).toBe(true);
    expect(t.claim(6, 0x0a000001, 40000, 0xc0c8000a, 80, 9, 0, 2000)).toBe(7);
    expect(t.lastClaimCreated).toBe(false);
    expect(t.size).toBe(1);
    const slot = t.find(6, 0x0a000001, 40000, 0xc0c8000a, 80);
    expect(t.createdAt(slot)).toBe(1000);
  });

  it('distinguishes every field of the 5-tuple', () => {
    const t = new PinTable();
    const base = [6, 0x0a000001, 40000, 0xc0c8000a, 80] as const;
    t.claim(...base, 1, 0, 0);
    const variants: Array<[number, number, number, number, number]> = [
      [17, base[1], base[2], base[3], base[4]],
      [6, 0x0a000002, base[2], base[3], base[4]],
      [6, base[1], 40001, base[3], base[4]],
      [6, base[1], base[2], 0xc0c8000b, base[4]],
      [6, base[1], base[2], base[3], 443],
    ];
    for (const v of variants) expect(t.find(...v)).toBe(-1);
    variants.forEach((v, i) => t.claim(...v, 10 + i, 0, 0));
    expect(t.size).toBe(6);
    variants.forEach((v, i) => expect(t.targetAt(t.find(...v))).toBe(10 + i));
  });

  it('handles proto 0, address 255.255.255.255 and port 65535', () => {
    const t = new PinTable();
    t.claim(0, 0xffffffff, 65535, 0xffffffff, 65535, 3, 0, 0);
    expect(t.targetAt(t.find(0, 0xffffffff, 65535, 0xffffffff, 65535))).toBe(3);
    expect(t.record(t.find(0, 0xffffffff, 65535, 0xffffffff, 65535))).toMatchObject({ proto: 0, srcIp: 0xffffffff, srcPort: 65535, dstPort: 65535 });
  });

  it('releases, counts per target, and stays consistent through growth and random deletes', () => {
    const t = new PinTable(16);
    const next = lcg(42);
    const live = new Map<string, number>();
    const keys: Array<[number, number, number, number, number]> = [];
    for (let i = 0; i < 20_000; i++) {
      const k: [number, number, number, number, number] = [6, 0x0a000000 | (next() & 0xffff), next() & 0xffff, 0xc0c80000 | (next() & 0xf), 80];
      const target = i % 5;
      const got = t.claim(...k, target, 0, i);
      const id = k.join(',');
      if (!live.has(id)) live.set(id, target);
      expect(got).toBe(live.get(id));
      keys.push(k);
      // Delete about a third, in random order relative to insertion.
      if (next() % 3 === 0) {
        const victim = keys[next() % keys.length];
        const vid = victim.join(',');
        expect(t.release(...victim)).toBe(live.has(vid) ? live.get(vid) : -1);
        live.delete(vid);
      }
    }
    expect(t.size).toBe(live.size);
    for (const [id, target] of live) {
      const k = id.split(',').map(Number) as [number, number, number, number, number];
      expect(t.targetAt(t.find(...k))).toBe(target);
    }
    const perTarget = [0, 0, 0, 0, 0];
    for (const target of live.values()) perTarget[target]++;
    expect([0, 1, 2, 3, 4].map((x) => t.pinsOfTarget(x))).toEqual(perTarget);
    expect(t.capacity).toBeGreaterThan(live.size);
  });

  it('expires pins idle since a cutoff, keeping touched ones', () => {
    const t = new PinTable();
    for (let p = 1; p <= 10; p++) t.claim(6, 1, p, 2, 80, 0, 0, 0);
    t.touch(t.find(6, 1, 3, 2, 80), 500);
    const expired: number[] = [];
    expect(t.expireIdle(100, (r) => expired.push(r.srcPort))).toBe(9);
    expect(expired.sort((a, b) => a - b)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(t.size).toBe(1);
    expect(t.find(6, 1, 3, 2, 80)).toBeGreaterThanOrEqual(0);
  });
});
