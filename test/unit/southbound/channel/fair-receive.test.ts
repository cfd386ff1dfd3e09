// Fair receive (issue 14): one connection handles at most receiveSliceMessages frames
// before the others get a turn, and the answers to a slice leave at its end.
import { encodeMessage } from '../../../../southbound/codec';
import type { OfMessage, PacketIn } from '../../../../southbound/codec/types';
import { receiveScheduler } from '../../../../southbound/channel/receive-scheduler';
import { connect, settle } from './connection-helpers';

const packetIn = (xid: number): PacketIn => ({
  type: 'PACKET_IN', xid, bufferId: 0xffffffff, totalLen: 4, reason: 0, tableId: 0, cookie: 0n,
  match: [{ field: 'in_port', value: 1 }], data: Buffer.from([1, 2, 3, 4]),
});

/** `n` PACKET_INs with xids from..from+n-1, as one chunk (a flood read in one go). */
function flood(from: number, n: number): Buffer {
  return Buffer.concat(Array.from({ length: n }, (_, i) => encodeMessage(packetIn(from + i))));
}

describe('fair receive', () => {
  it('serves a second switch while the first still has most of a 2,000-message backlog', async () => {
    const a = connect({ receiveSliceMessages: 16 }, { datapathId: 1n });
    const b = connect({ receiveSliceMessages: 16 }, { datapathId: 2n });
    await Promise.all([a.conn.ready(), b.conn.ready()]);
    await settle();
    const order: string[] = [];
    a.conn.onMessage = (m: OfMessage) => { if (m.type === 'PACKET_IN') order.push('a'); };
    b.conn.onMessage = (m: OfMessage) => { if (m.type === 'PACKET_IN') order.push('b'); };
    a.fake.sendRaw(flood(1, 2000));
    b.fake.send(packetIn(9));
    await settle(10);
    const bAt = order.indexOf('b');
    expect(bAt).toBeGreaterThanOrEqual(0);
    // b came after a's first slices, long before a's backlog was done.
    expect(bAt).toBeLessThan(200);
    for (let i = 0; i < 400 && order.length < 2001; i++) await settle();
    expect(order.filter((x) => x === 'a')).toHaveLength(2000);
    expect(a.conn.stats.receivePauses).toBeGreaterThan(0);
    expect(receiveScheduler.waiting).toBe(0);
    a.conn.close('test over');
    b.conn.close('test over');
  });

  it('handles at most one slice per data event, then the rest round by round, in order', async () => {
    const h = connect({ receiveSliceMessages: 10 });
    await h.conn.ready();
    await settle();
    const xids: number[] = [];
    h.conn.onMessage = (m) => { if (m.type === 'PACKET_IN') xids.push(m.xid); };
    h.ctl.emit('data', flood(100, 35));
    expect(xids).toHaveLength(10);
    await settle(6);
    expect(xids).toEqual(Array.from({ length: 35 }, (_, i) => 100 + i));
    h.conn.close('test over');
  });

  it('writes the answers to a slice at its end, before the turn is over', async () => {
    const h = connect();
    await h.conn.ready();
    await settle();
    h.conn.onMessage = (m) => {
      if (m.type === 'PACKET_IN') h.conn.send({ type: 'PACKET_OUT', xid: 0, bufferId: 0xffffffff, inPort: 1, actions: [], data: m.data });
    };
    const before = h.ctl.writes;
    h.ctl.emit('data', flood(1, 3));
    // No setImmediate has run: the three answers already went out, in one write.
    expect(h.ctl.writes).toBe(before + 1);
    h.conn.close('test over');
  });
});

describe('controller-side PACKET_IN limit', () => {
  it('passes the burst, drops and counts the excess before decoding, and logs once per interval', async () => {
    const h = connect({ packetInLimit: { ratePerSec: 1, burst: 5 }, logIntervalMs: 60_000 });
    await h.conn.ready();
    await settle();
    let delivered = 0;
    h.conn.onMessage = (m) => { if (m.type === 'PACKET_IN') delivered++; };
    h.fake.sendRaw(flood(1, 50));
    await settle(10);
    expect(delivered).toBe(5);
    expect(h.conn.stats.packetInsLimited).toBe(45);
    expect(h.log.lines.filter((l) => l.msg?.includes('over its PACKET_IN limit'))).toHaveLength(1);
    expect(h.conn.state).toBe('READY');
    h.conn.close('test over');
  });
});

describe('a switch that never reads', () => {
  afterEach(() => jest.useRealTimers());

  it('is disconnected once its send queue stayed over the bound for sendStallTimeoutMs', async () => {
    const { useFakeClock } = await import('./connection-helpers');
    useFakeClock();
    const h = connect({ maxSendQueueBytes: 65536, sendStallTimeoutMs: 3000 });
    await h.conn.ready();
    await settle();
    h.ctl.stalled = true; // our writes are held: the peer reads nothing
    const out = { type: 'PACKET_OUT' as const, xid: 0, bufferId: 0xffffffff, inPort: 1, actions: [], data: Buffer.alloc(1000) };
    for (let i = 0; i < 200; i++) h.conn.send(out);
    await settle();
    expect(h.conn.queuedBytes).toBeGreaterThan(65536);
    jest.advanceTimersByTime(2000);
    expect(h.conn.state).toBe('READY');
    jest.advanceTimersByTime(3000);
    expect(h.conn.state).toBe('CLOSED');
    expect(h.closeReasons[0]).toMatch(/does not read/);
  });
});
