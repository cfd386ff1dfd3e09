// Idle flows from successive flow-statistics readings (controller/flow-expiry).
import { defaultFlowKey, IdleTracker } from '../../../../controller/flow-expiry';
import type { FlowStats } from '../../../../southbound/codec/types';

function flow(srcPort: number, packets: number, durationSec = 0, extra: Partial<FlowStats> = {}): FlowStats {
  return {
    tableId: 0, durationSec, durationNsec: 0, priority: 1000, idleTimeout: 0, hardTimeout: 0, flags: 0, cookie: 3n,
    packetCount: BigInt(packets), byteCount: BigInt(packets * 60),
    match: [{ field: 'eth_type', value: 0x0800 }, { field: 'ip_proto', value: 6 }, { field: 'tcp_src', value: srcPort }],
    instructions: [], ...extra,
  };
}

const ports = (fs: FlowStats[]): number[] => fs.map((f) => Number(f.match[2].field === 'raw' ? -1 : f.match[2].value));

describe('IdleTracker', () => {
  it('expires a flow once its packet count has not moved for idleMs, and not before', () => {
    const t = new IdleTracker(10_000);
    expect(t.observe(0, [flow(1, 5, 100)], 0)).toEqual([]); // packets seen: active now
    expect(t.observe(0, [flow(1, 5, 105)], 5_000)).toEqual([]);
    expect(ports(t.observe(0, [flow(1, 5, 110)], 10_000))).toEqual([1]);
  });

  it('a moving packet count restarts the clock', () => {
    const t = new IdleTracker(10_000);
    t.observe(0, [flow(1, 5)], 0);
    expect(t.observe(0, [flow(1, 6)], 9_000)).toEqual([]);
    expect(t.observe(0, [flow(1, 6)], 18_000)).toEqual([]);
    expect(ports(t.observe(0, [flow(1, 6)], 19_000))).toEqual([1]);
  });

  it('a flow never hit is idle since it was installed (its duration), even at first sight', () => {
    const t = new IdleTracker(10_000);
    expect(ports(t.observe(0, [flow(1, 0, 12), flow(2, 0, 3), flow(3, 1, 50)], 100_000))).toEqual([1]);
    expect(ports(t.observe(0, [flow(2, 0, 10), flow(3, 1, 57)], 107_000))).toEqual([2]);
  });

  it('keeps returning an idle flow until it is gone (a lost delete is retried), and forgets vanished flows', () => {
    const t = new IdleTracker(1_000);
    t.observe(0, [flow(1, 2), flow(2, 2)], 0);
    expect(ports(t.observe(0, [flow(1, 2), flow(2, 2)], 1_000))).toEqual([1, 2]);
    expect(ports(t.observe(0, [flow(2, 2)], 1_500))).toEqual([2]);
    expect(t.size).toBe(1);
    // Port 1 comes back (a new flow of the same identity): its clock starts afresh.
    expect(t.observe(0, [flow(1, 2), flow(2, 3)], 2_000)).toEqual([]);
  });

  it('slices are independent readings', () => {
    const t = new IdleTracker(1_000);
    t.observe(0, [flow(1, 1)], 0);
    t.observe(1, [flow(2, 1)], 0);
    expect(t.observe(1, [], 500)).toEqual([]); // slice 1 empties; slice 0 untouched
    expect(t.size).toBe(1);
    expect(ports(t.observe(0, [flow(1, 1)], 1_000))).toEqual([1]);
    t.clear();
    expect(t.size).toBe(0);
  });

  it('tracks thousands of flows, reuses the slots of vanished ones, counts a flow listed twice once', () => {
    const t = new IdleTracker(1_000);
    const many = Array.from({ length: 5000 }, (_, i) => flow(i, 1));
    t.observe(0, many, 0);
    expect(t.size).toBe(5000);
    t.observe(0, many.slice(0, 1000), 10);
    expect(t.size).toBe(1000);
    t.observe(1, Array.from({ length: 3000 }, (_, i) => flow(10_000 + i, 1)), 20);
    expect(t.size).toBe(4000);
    expect(t.observe(0, [...many.slice(0, 1000), flow(0, 1)], 1_000)).toHaveLength(1000);
    // Moving counts keep them: none idle at 1,500 although 1,000 had passed for the others.
    expect(t.observe(1, Array.from({ length: 3000 }, (_, i) => flow(10_000 + i, 2)), 1_500)).toEqual([]);
  });

  it('tells flows apart by table, priority and the whole match', () => {
    const a = flow(1, 0);
    expect(new Set([a, flow(1, 0, 0, { priority: 999 }), flow(1, 0, 0, { tableId: 1 }), flow(2, 0),
      flow(1, 0, 0, { match: [...a.match, { field: 'ipv4_dst', value: '10.0.0.0', mask: '255.0.0.0' }] }),
      flow(1, 0, 0, { match: [...a.match, { field: 'raw', oxmClass: 0xffff, oxmField: 42, hasMask: true, raw: Buffer.from('00') }] }),
    ].map(defaultFlowKey)).size).toBe(6);
    expect(defaultFlowKey(flow(1, 7, 9))).toBe(defaultFlowKey(flow(1, 0)));
    expect(() => new IdleTracker(0)).toThrow(RangeError);
  });
});
