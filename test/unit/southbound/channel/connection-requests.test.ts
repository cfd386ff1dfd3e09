import type { GetConfigReply, MultipartReply, OfMessage } from '../../../../southbound/codec/types';
import { ChannelError } from '../../../../southbound/channel/errors';
import { connect, settle, useFakeClock } from './connection-helpers';

describe('SwitchConnection requests', () => {
  afterEach(() => jest.useRealTimers());

  it('resolves concurrent requests to the right callers even when answered out of order', async () => {
    const held: OfMessage[] = [];
    let holding = false; // the handshake is answered normally, later requests held
    const h = connect({}, {
      onRequest: (msg) => {
        if (holding) held.push(msg);
        return holding;
      },
    });
    await h.conn.ready();
    holding = true;
    const echo = h.conn.request({ type: 'ECHO_REQUEST', xid: 0, data: Buffer.from('ping') });
    const config = h.conn.request<GetConfigReply>({ type: 'GET_CONFIG_REQUEST', xid: 0 });
    const barrier = h.conn.barrier();
    await settle();
    const [e, c, b] = held;
    expect([e?.type, c?.type, b?.type]).toEqual(['ECHO_REQUEST', 'GET_CONFIG_REQUEST', 'BARRIER_REQUEST']);
    expect(new Set([e!.xid, c!.xid, b!.xid]).size).toBe(3);
    h.fake.send({ type: 'BARRIER_REPLY', xid: b!.xid });
    h.fake.send({ type: 'GET_CONFIG_REPLY', xid: c!.xid, flags: 0, missSendLen: 321 });
    h.fake.send({ type: 'ECHO_REPLY', xid: e!.xid, data: Buffer.from('pong') });
    await expect(config).resolves.toMatchObject({ type: 'GET_CONFIG_REPLY', missSendLen: 321 });
    await expect(echo).resolves.toMatchObject({ type: 'ECHO_REPLY', data: Buffer.from('pong') });
    await expect(barrier).resolves.toBeUndefined();
    h.conn.close('test over');
  });

  it('rejects only the request whose xid an ERROR carries', async () => {
    const h = connect({}, {
      onRequest: (msg, sw) => {
        if (msg.type !== 'ECHO_REQUEST' || msg.data.toString() !== 'bad') return false;
        sw.send({ type: 'ERROR', xid: msg.xid, errType: 1, errCode: 5, data: Buffer.from('x') });
        return true;
      },
    });
    await h.conn.ready();
    const bad = h.conn.request({ type: 'ECHO_REQUEST', xid: 0, data: Buffer.from('bad') });
    const good = h.conn.request({ type: 'ECHO_REQUEST', xid: 0, data: Buffer.from('good') });
    const err = await bad.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: 'OF_ERROR', ofErrorType: 1, ofErrorCode: 5 });
    await expect(good).resolves.toMatchObject({ type: 'ECHO_REPLY' });
    expect(h.conn.state).toBe('READY');
    h.conn.close('test over');
  });

  it('confirms a reply-less message through a barrier, and reports its ERROR', async () => {
    const h = connect({}, {
      onRequest: (msg, sw) => {
        if (msg.type !== 'FLOW_MOD' || msg.priority !== 13) return false;
        sw.send({ type: 'ERROR', xid: msg.xid, errType: 5, errCode: 6, data: Buffer.alloc(0) });
        return true;
      },
    });
    await h.conn.ready();
    const flowMod = (priority: number): OfMessage => ({
      type: 'FLOW_MOD', xid: 0, cookie: 0n, cookieMask: 0n, tableId: 0, command: 0, idleTimeout: 0,
      hardTimeout: 0, priority, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 0,
      match: [], instructions: [],
    });
    await expect(h.conn.request(flowMod(10))).resolves.toMatchObject({ type: 'BARRIER_REPLY' });
    await expect(h.conn.request(flowMod(13))).rejects.toMatchObject({ code: 'OF_ERROR', ofErrorType: 5, ofErrorCode: 6 });
    h.conn.close('test over');
  });

  it('times out a request the switch never answers, without closing the connection', async () => {
    const h = connect({}, { ignore: ['GET_CONFIG_REQUEST'] });
    await h.conn.ready();
    useFakeClock();
    const pending = h.conn.request({ type: 'GET_CONFIG_REQUEST', xid: 0 }, 500);
    await settle();
    jest.advanceTimersByTime(500);
    await expect(pending).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(h.conn.state).toBe('READY');
    h.conn.close('test over');
  });

  it('reassembles a multipart reply from its parts', async () => {
    const flowPart = (xid: number, flags: number, priority: number): MultipartReply => ({
      type: 'MULTIPART_REPLY', xid, flags, mpType: 'FLOW',
      body: [{
        tableId: 0, durationSec: 1, durationNsec: 0, priority, idleTimeout: 0, hardTimeout: 0, flags: 0,
        cookie: 0n, packetCount: 0n, byteCount: 0n, match: [], instructions: [],
      }],
    });
    const h = connect({}, {
      onRequest: (msg, sw) => {
        if (msg.type !== 'MULTIPART_REQUEST' || msg.mpType !== 'FLOW') return false;
        sw.send(flowPart(msg.xid, 1, 1));
        sw.send(flowPart(msg.xid, 1, 2));
        sw.send(flowPart(msg.xid, 0, 3));
        return true;
      },
    });
    await h.conn.ready();
    const flowRequest = {
      type: 'MULTIPART_REQUEST' as const, xid: 0, flags: 0, mpType: 'FLOW' as const,
      body: { tableId: 0xff, outPort: 0xffffffff, outGroup: 0xffffffff, cookie: 0n, cookieMask: 0n, match: [] },
    };
    const parts = await h.conn.multipart(flowRequest);
    expect(parts).toHaveLength(3);
    expect(parts.map((p) => p.flags)).toEqual([1, 1, 0]);
    const merged = await h.conn.request<MultipartReply>(flowRequest);
    expect(merged.mpType === 'FLOW' && merged.body.map((f) => f.priority)).toEqual([1, 2, 3]);
    h.conn.close('test over');
  });

  it('rejects outstanding requests with CLOSED when the connection closes', async () => {
    const h = connect({}, { ignore: ['BARRIER_REQUEST'] });
    await settle();
    // The handshake's own barrier is ignored, so the handshake is still waiting.
    expect(h.conn.state).toBe('CONFIG_WAIT');
    const pending = h.conn.request({ type: 'GET_CONFIG_REQUEST', xid: 0 }).catch((e: unknown) => e);
    h.conn.close('operator asked');
    expect(await pending).toMatchObject({ code: 'CLOSED' });
    await expect(h.conn.request({ type: 'GET_CONFIG_REQUEST', xid: 0 })).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
