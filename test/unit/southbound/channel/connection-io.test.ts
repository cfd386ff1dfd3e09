import type { OfMessage, PacketOut } from '../../../../southbound/codec/types';
import { connect, settle, useFakeClock } from './connection-helpers';

const packetOut = (size: number): PacketOut => ({
  type: 'PACKET_OUT', xid: 0, bufferId: 0xffffffff, inPort: 0xfffffffd,
  actions: [{ type: 'OUTPUT', port: 1, maxLen: 0 }], data: Buffer.alloc(size, 0x5a),
});

describe('SwitchConnection keepalive (spec 6.3.2)', () => {
  afterEach(() => jest.useRealTimers());

  it('sends an ECHO_REQUEST after an idle interval and closes a switch that stays silent', async () => {
    useFakeClock();
    const h = connect({ echoIntervalMs: 1000, echoTimeoutMs: 2000 }, { ignore: ['ECHO_REQUEST'] });
    await h.conn.ready();
    const echoes = (): OfMessage[] => h.fake.received.filter((m) => m.type === 'ECHO_REQUEST');
    jest.advanceTimersByTime(1000); // the handshake itself was traffic in this interval
    await settle();
    expect(echoes()).toHaveLength(0);
    jest.advanceTimersByTime(1000);
    await settle();
    expect(echoes()).toHaveLength(1);
    expect(h.conn.state).toBe('READY');
    jest.advanceTimersByTime(2000);
    expect(h.conn.state).toBe('CLOSED');
    expect(h.closeReasons[0]).toMatch(/no reply to echo request/);
  });

  it('keeps a switch that answers its echoes', async () => {
    useFakeClock();
    const h = connect({ echoIntervalMs: 1000, echoTimeoutMs: 2000 });
    await h.conn.ready();
    for (let i = 0; i < 10; i++) {
      jest.advanceTimersByTime(1000);
      await settle();
    }
    expect(h.fake.received.filter((m) => m.type === 'ECHO_REQUEST').length).toBeGreaterThan(1);
    expect(h.conn.state).toBe('READY');
    h.conn.close('test over');
  });

  it("answers the switch's ECHO_REQUEST with the same xid and data", async () => {
    const h = connect();
    await h.conn.ready();
    h.fake.send({ type: 'ECHO_REQUEST', xid: 0x1234, data: Buffer.from('are you there') });
    const reply = await h.fake.waitFor((m) => m.type === 'ECHO_REPLY' && m.xid === 0x1234);
    expect(reply.type === 'ECHO_REPLY' && reply.data.toString()).toBe('are you there');
    h.fake.send({ type: 'ECHO_REQUEST', xid: 0, data: Buffer.alloc(0) });
    await expect(h.conn.barrier()).resolves.toBeUndefined();
    expect(h.fake.received.filter((m) => m.type === 'ECHO_REPLY').map((m) => m.xid)).toEqual([0x1234, 0]);
    h.conn.close('test over');
  });
});

describe('SwitchConnection send path', () => {
  it('coalesces N sends of one turn into one write on the transport', async () => {
    const h = connect();
    await h.conn.ready();
    await settle();
    const before = h.ctl.writes;
    for (let i = 0; i < 200; i++) expect(h.conn.send(packetOut(60))).toBe(true);
    await settle();
    expect(h.ctl.writes - before).toBe(1);
    await settle();
    const outs = h.fake.received.filter((m) => m.type === 'PACKET_OUT');
    expect(outs).toHaveLength(200);
    expect(new Set(outs.map((m) => m.xid)).size).toBe(200); // xid 0 got a fresh xid each
    h.conn.close('test over');
  });

  it('reports overload on a transport that stops draining, stays bounded, and recovers', async () => {
    const h = connect({ maxSendQueueBytes: 8192 }, {}, 1024);
    await h.conn.ready();
    await settle();
    let writable = 0;
    h.conn.onWritable = () => { writable++; };
    h.ctl.stalled = true;
    const results: boolean[] = [];
    for (let turn = 0; turn < 10; turn++) {
      for (let i = 0; i < 5; i++) results.push(h.conn.send(packetOut(400)));
      await settle(2);
    }
    expect(results.slice(0, 5)).toEqual([true, true, true, true, true]);
    expect(results).toContain(false);
    expect(h.conn.stats.dropped).toBeGreaterThan(0);
    expect(h.conn.queuedBytes).toBeLessThanOrEqual(2 * 8192);
    const droppedSends = h.conn.stats.dropped;
    // A request that no longer fits under the hard cap fails at once with OVERLOAD.
    const big = h.conn.request({ type: 'ECHO_REQUEST', xid: 0, data: Buffer.alloc(9000) });
    await expect(big).rejects.toMatchObject({ code: 'OVERLOAD' });
    expect(h.conn.stats.dropped).toBe(droppedSends + 1);
    expect(writable).toBe(0);

    h.ctl.unstall();
    await settle(10);
    expect(writable).toBe(1);
    expect(h.conn.queuedBytes).toBe(0);
    expect(h.conn.send(packetOut(10))).toBe(true);
    await expect(h.conn.barrier()).resolves.toBeUndefined();
    const delivered = h.fake.received.filter((m) => m.type === 'PACKET_OUT' && m.data.length === 400).length;
    expect(delivered).toBe(50 - droppedSends);
    h.conn.close('test over');
  });
});

describe('SwitchConnection on bad input', () => {
  it('answers an unknown message type with BAD_REQUEST/BAD_TYPE carrying the first 64 bytes, then closes', async () => {
    const h = connect();
    await h.conn.ready();
    const frame = Buffer.alloc(100, 0xee);
    frame.writeUInt8(4, 0);
    frame.writeUInt8(200, 1);
    frame.writeUInt16BE(100, 2);
    frame.writeUInt32BE(0xcafe, 4);
    h.fake.sendRaw(frame);
    const err = await h.fake.waitFor('ERROR');
    expect(err).toMatchObject({ errType: 1, errCode: 1, xid: 0xcafe });
    expect(err.type === 'ERROR' && err.data).toEqual(frame.subarray(0, 64));
    await h.fake.closed;
    expect(h.conn.state).toBe('CLOSED');
    expect(h.closeReasons[0]).toMatch(/^malformed input/);
  });

  it('answers a wrong version after negotiation with BAD_REQUEST/BAD_VERSION', async () => {
    const h = connect();
    await h.conn.ready();
    const frame = Buffer.alloc(8);
    frame.writeUInt8(1, 0);
    frame.writeUInt8(20, 1); // a 1.0 "barrier" type number, wrong version anyway
    frame.writeUInt16BE(8, 2);
    frame.writeUInt32BE(5, 4);
    h.fake.sendRaw(frame);
    const err = await h.fake.waitFor('ERROR');
    expect(err).toMatchObject({ errType: 1, errCode: 0, xid: 5 });
    await h.fake.closed;
  });

  it('answers a length field below 8 with an ERROR and closes', async () => {
    const h = connect();
    await h.conn.ready();
    h.fake.sendRaw(Buffer.from([4, 2, 0, 4, 0, 0, 0, 9]));
    const err = await h.fake.waitFor('ERROR');
    expect(err).toMatchObject({ errType: 1 });
    await h.fake.closed;
    expect(h.conn.state).toBe('CLOSED');
  });

  it('survives an onMessage handler that throws', async () => {
    const h = connect();
    await h.conn.ready();
    await settle();
    let calls = 0;
    h.conn.onMessage = () => { calls++; throw new Error('app bug'); };
    const pin: OfMessage = { type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: 3, reason: 0, tableId: 0, cookie: 0n, match: [{ field: 'in_port', value: 1 }], data: Buffer.from([1, 2, 3]) };
    h.fake.send(pin);
    h.fake.send(pin);
    await expect(h.conn.barrier()).resolves.toBeUndefined();
    expect(calls).toBe(2);
    expect(h.log.lines.some((l) => l.level === 'error' && l.msg === 'onMessage handler threw')).toBe(true);
    h.conn.close('test over');
  });
});
