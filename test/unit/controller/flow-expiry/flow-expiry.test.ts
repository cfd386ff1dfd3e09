// FlowExpiry against a fake host: the statistics filters it asks for, the strict
// deletes it sends, what it reports to the app, and its ticking over slices.
import { FlowExpiry, ManualClock, sliceCookie, type Change, type ExpiryHost, type FlowFilter } from '../../../../controller';
import type { FlowStats } from '../../../../southbound/codec/types';

const APP = 0x0003n << 48n;

function flow(srcPort: number, packets: number, slice = 0): FlowStats {
  return {
    tableId: 0, durationSec: 0, durationNsec: 0, priority: 1000, idleTimeout: 0, hardTimeout: 0, flags: 0,
    cookie: APP | sliceCookie(0x10000n, slice, 2, 0), packetCount: BigInt(packets), byteCount: 0n,
    match: [{ field: 'tcp_src', value: srcPort }], instructions: [],
  };
}

class FakeHost implements ExpiryHost {
  readonly requests: FlowFilter[] = [];
  readonly applied: Change[][] = [];
  flows = new Map<number, FlowStats[]>();
  accept = true;
  fail = false;
  async flowStats(_dpid: bigint, filter: FlowFilter = {}): Promise<FlowStats[]> {
    this.requests.push(filter);
    if (this.fail) throw new Error('switch gone');
    return this.flows.get(Number((filter.cookie ?? 0n) & 3n)) ?? [];
  }
  apply(_dpid: bigint, changes: Change[]): boolean {
    this.applied.push(changes);
    return this.accept;
  }
}

describe('FlowExpiry', () => {
  it('reads one slice by cookie, strictly deletes its idle flows with app-local cookies, and reports them', async () => {
    const host = new FakeHost();
    const clock = new ManualClock(0);
    const expired: number[] = [];
    const e = new FlowExpiry(host, {
      idleMs: 10_000, clock, cookie: 0x10000n, cookieMask: 0xf0000n, sliceBits: 2, sliceShift: 0,
      onExpired: (_d, fs) => expired.push(...fs.map((f) => Number(f.match[0].field === 'tcp_src' ? f.match[0].value : 0))),
    });
    expect(e.filterOf(2)).toEqual({ tableId: 0, cookie: 0x10002n, cookieMask: 0xf0003n });
    host.flows.set(1, [flow(1, 4, 1), flow(2, 4, 1)]);
    expect(await e.sweep(7n, 1)).toEqual({ dpid: 7n, slice: 1, read: 2, expired: 0, sent: true });
    clock.advance(10_000);
    host.flows.set(1, [flow(1, 4, 1), flow(2, 5, 1)]);
    expect(await e.sweep(7n, 1)).toMatchObject({ read: 2, expired: 1 });
    expect(host.applied).toEqual([[{ kind: 'delete-flow', flow: { tableId: 0, priority: 1000, match: [{ field: 'tcp_src', value: 1 }], cookie: 0x10001n } }]]);
    expect(expired).toEqual([1]);
  });

  it('when the switch refuses the deletes, reports the flows only once they are gone', async () => {
    const host = new FakeHost();
    const clock = new ManualClock(0);
    const expired: number[] = [];
    const e = new FlowExpiry(host, { idleMs: 1_000, clock, onExpired: (_d, fs) => expired.push(...fs.map((f) => Number(f.match[0].field === 'tcp_src' ? f.match[0].value : 0))) });
    host.flows.set(0, [flow(1, 1), flow(2, 1)]);
    await e.sweep(1n, 0);
    clock.advance(1_000);
    host.accept = false;
    expect(await e.sweep(1n, 0)).toMatchObject({ expired: 2, sent: false });
    expect(expired).toEqual([]);
    // One delete got through after all; the other flow is still there and idle: retried.
    host.accept = true;
    host.flows.set(0, [flow(2, 1)]);
    clock.advance(500);
    expect(await e.sweep(1n, 0)).toMatchObject({ expired: 1, sent: true });
    expect(expired).toEqual([1, 2]);
  });

  it('ticks through the slices on every switch, one reading at a time, and reports failures', async () => {
    jest.useFakeTimers();
    try {
      const host = new FakeHost();
      const errors: bigint[] = [];
      const e = new FlowExpiry(host, { idleMs: 4_000, intervalMs: 2_000, sliceBits: 2, sliceShift: 0, clock: new ManualClock(0), onError: (d) => errors.push(d) });
      e.start(() => [1n, 2n]);
      await jest.advanceTimersByTimeAsync(2_000); // 4 ticks of 500 ms
      expect(host.requests.map((r) => Number((r.cookie ?? 0n) & 3n))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
      host.fail = true;
      await jest.advanceTimersByTimeAsync(500);
      expect(errors).toEqual([1n, 2n]);
      e.stop();
      await jest.advanceTimersByTimeAsync(5_000);
      expect(host.requests).toHaveLength(10);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses nonsense options', () => {
    const host = new FakeHost();
    expect(() => new FlowExpiry(host, { idleMs: 0, clock: new ManualClock() })).toThrow(RangeError);
    expect(() => new FlowExpiry(host, { idleMs: 1000, sliceBits: 17, clock: new ManualClock() })).toThrow(RangeError);
    expect(sliceCookie(0xffn, 2, 2, 4)).toBe(0xefn);
  });
});
