import type { MultipartReply, OfMessage } from '../../../../southbound/codec/types';
import { ChannelError } from '../../../../southbound/channel/errors';
import { PendingRequests } from '../../../../southbound/channel/pending-requests';

function track(table: PendingRequests, xid: number, kind: Parameters<PendingRequests['add']>[1], timeoutMs = 1000) {
  const outcome: { value?: unknown; error?: ChannelError } = {};
  table.add(xid, kind, timeoutMs, 'test request', {
    resolve: (v) => { outcome.value = v; },
    reject: (e) => { outcome.error = e; },
  });
  return outcome;
}

function portDescPart(xid: number, flags: number, portNo: number): MultipartReply {
  return {
    type: 'MULTIPART_REPLY', xid, flags, mpType: 'PORT_DESC',
    body: [{ portNo, hwAddr: '00:00:00:00:00:01', name: `p${portNo}`, config: 0, state: 0, curr: 0, advertised: 0, supported: 0, peer: 0, currSpeed: 0, maxSpeed: 0 }],
  };
}

describe('PendingRequests', () => {
  afterEach(() => jest.useRealTimers());

  it('allocates distinct non-zero xids and skips ones in use', () => {
    const table = new PendingRequests();
    const a = table.allocateXid();
    track(table, a + 1, { kind: 'reply', expected: 'BARRIER_REPLY' });
    const b = table.allocateXid();
    expect(a).not.toBe(0);
    expect(b).not.toBe(a + 1);
    expect(b).toBeGreaterThan(a);
  });

  it('routes replies of concurrent requests to the right callers', () => {
    const table = new PendingRequests();
    const first = track(table, 10, { kind: 'reply', expected: 'BARRIER_REPLY' });
    const second = track(table, 11, { kind: 'reply', expected: 'ECHO_REPLY' });
    expect(table.offer({ type: 'ECHO_REPLY', xid: 11, data: Buffer.from('x') })).toBe(true);
    expect(second.value).toMatchObject({ type: 'ECHO_REPLY', xid: 11 });
    expect(first.value).toBeUndefined();
    expect(table.offer({ type: 'BARRIER_REPLY', xid: 10 })).toBe(true);
    expect(first.value).toMatchObject({ type: 'BARRIER_REPLY', xid: 10 });
    expect(table.size).toBe(0);
  });

  it('does not consume a message of the wrong type or an unknown xid', () => {
    const table = new PendingRequests();
    const r = track(table, 5, { kind: 'reply', expected: 'FEATURES_REPLY' });
    expect(table.offer({ type: 'BARRIER_REPLY', xid: 5 })).toBe(false);
    expect(table.offer({ type: 'BARRIER_REPLY', xid: 6 })).toBe(false);
    expect(r.value).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it('rejects only the request whose xid the ERROR carries, with its type and code', () => {
    const table = new PendingRequests();
    const a = track(table, 1, { kind: 'reply', expected: 'BARRIER_REPLY' });
    const b = track(table, 2, { kind: 'reply', expected: 'BARRIER_REPLY' });
    const err: OfMessage = { type: 'ERROR', xid: 2, errType: 5, errCode: 6, data: Buffer.from([1, 2]) };
    expect(table.offer(err)).toBe(true);
    expect(b.error).toBeInstanceOf(ChannelError);
    expect(b.error).toMatchObject({ code: 'OF_ERROR', ofErrorType: 5, ofErrorCode: 6 });
    expect(b.error!.ofErrorData).toEqual(Buffer.from([1, 2]));
    expect(a.error).toBeUndefined();
    expect(table.has(1)).toBe(true);
  });

  it('times a request out and forgets it', () => {
    jest.useFakeTimers();
    const table = new PendingRequests();
    const r = track(table, 3, { kind: 'reply', expected: 'BARRIER_REPLY' }, 500);
    jest.advanceTimersByTime(499);
    expect(r.error).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(r.error).toMatchObject({ code: 'TIMEOUT' });
    expect(table.has(3)).toBe(false);
    // A late reply is no longer matched.
    expect(table.offer({ type: 'BARRIER_REPLY', xid: 3 })).toBe(false);
  });

  it('collects multipart parts until REPLY_MORE is clear, restarting the timeout per part', () => {
    jest.useFakeTimers();
    const table = new PendingRequests();
    const r = track(table, 9, { kind: 'multipart' }, 1000);
    jest.advanceTimersByTime(800);
    expect(table.offer(portDescPart(9, 1, 1))).toBe(true);
    jest.advanceTimersByTime(800);
    expect(table.offer(portDescPart(9, 1, 2))).toBe(true);
    expect(r.value).toBeUndefined();
    expect(r.error).toBeUndefined();
    expect(table.offer(portDescPart(9, 0, 3))).toBe(true);
    const parts = r.value as MultipartReply[];
    expect(parts.map((p) => (p.mpType === 'PORT_DESC' ? p.body[0]!.portNo : -1))).toEqual([1, 2, 3]);
  });

  it('confirms a reply-less message by its barrier, or rejects it on an ERROR with its xid', () => {
    const table = new PendingRequests();
    const ok = track(table, 20, { kind: 'confirm', barrierXid: 21 });
    const bad = track(table, 22, { kind: 'confirm', barrierXid: 23 });
    expect(table.offer({ type: 'ERROR', xid: 22, errType: 4, errCode: 3, data: Buffer.alloc(0) })).toBe(true);
    expect(bad.error).toMatchObject({ code: 'OF_ERROR', ofErrorType: 4 });
    expect(table.has(23)).toBe(false); // the barrier xid was released too
    expect(table.offer({ type: 'BARRIER_REPLY', xid: 21 })).toBe(true);
    expect(ok.value).toMatchObject({ type: 'BARRIER_REPLY', xid: 21 });
    expect(table.size).toBe(0);
  });

  it('rejects everything outstanding on rejectAll', () => {
    const table = new PendingRequests();
    const a = track(table, 1, { kind: 'multipart' });
    const b = track(table, 2, { kind: 'confirm', barrierXid: 3 });
    table.rejectAll(new ChannelError('CLOSED', 'gone'));
    expect(a.error?.code).toBe('CLOSED');
    expect(b.error?.code).toBe('CLOSED');
    expect(table.size).toBe(0);
  });
});
