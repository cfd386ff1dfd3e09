import { decodeMessage, decodeRow, encodeEntry, encodeMessage, encodeTombstone, redisKeys } from '../../../../controller/store/redis-codec';

describe('redis codec', () => {
  it('round-trips rows and tombstones', () => {
    expect(decodeRow(encodeEntry({ load: 0.25, reportedAt: 1700000000123 }))).toEqual({
      kind: 'row',
      entry: { load: 0.25, reportedAt: 1700000000123 },
    });
    expect(decodeRow(encodeTombstone(55))).toEqual({ kind: 'tombstone', removedAt: 55 });
    expect(decodeRow('garbage')).toBeUndefined();
    expect(decodeRow('x 1')).toBeUndefined();
  });

  it('round-trips messages and rejects malformed ones', () => {
    const m = { origin: 'A', set: [['k', 's', 1, 2]] as Array<[string, string, number, number]>, removed: [['k', 't', 3]] as Array<[string, string, number]> };
    expect(decodeMessage(encodeMessage(m))).toEqual(m);
    expect(decodeMessage('{')).toBeUndefined();
    expect(decodeMessage('null')).toBeUndefined();
    expect(decodeMessage(JSON.stringify({ o: 'A', s: [['k', 's', 'x', 2]], r: [] }))).toBeUndefined();
    expect(decodeMessage(JSON.stringify({ o: 'A', s: [], r: [['k']] }))).toBeUndefined();
  });

  it('names keys under the prefix', () => {
    const k = redisKeys('slr:');
    expect(k.loadHash('10.0.0.0/8')).toBe('slr:load:10.0.0.0/8');
    expect(k.subnetOf('slr:load:10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(k.pinKeyOf(k.pin('6 a:1 b:2'))).toBe('6 a:1 b:2');
  });
});
