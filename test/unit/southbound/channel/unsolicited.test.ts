// What the channel answers to messages a switch sends on its own (issue 14, the audit
// in southbound/channel/unsolicited.ts). Above all: an ERROR is never answered.
import { encodeMessage } from '../../../../southbound/codec';
import { OFPBRC_BAD_TYPE } from '../../../../southbound/codec/error-codes';
import { unsolicitedAction } from '../../../../southbound/channel/unsolicited';
import { connect, settle } from './connection-helpers';

const errors = (h: ReturnType<typeof connect>) => h.fake.received.filter((m) => m.type === 'ERROR');

describe('unsolicited messages from a switch', () => {
  it('never answers an ERROR whose body is malformed, counts it, keeps the connection', async () => {
    const h = connect({ logIntervalMs: 60_000 });
    await h.conn.ready();
    await settle();
    const delivered: string[] = [];
    h.conn.onMessage = (m) => delivered.push(m.type);
    // An EXPERIMENTER-typed ERROR (0xffff) needs 16 bytes; 12 is malformed. Then one
    // with only 10 bytes: too short even for type and code.
    const bad = Buffer.from('0401000c000000070000ffff', 'hex');
    bad.writeUInt16BE(0xffff, 8);
    for (let i = 0; i < 100; i++) h.fake.sendRaw(bad);
    h.fake.sendRaw(Buffer.from('0401000a00000008aaaa', 'hex'));
    await expect(h.conn.barrier()).resolves.toBeUndefined();
    expect(errors(h)).toEqual([]);
    expect(h.conn.state).toBe('READY');
    expect(h.conn.stats.malformedErrorsIn).toBe(101);
    expect(h.log.lines.filter((l) => l.msg?.includes('malformed ERROR'))).toHaveLength(1);
    expect(delivered).toEqual([]);
    h.conn.close('test over');
  });

  it('does not answer an ERROR header whose length cannot be framed, and closes (no resync possible)', async () => {
    const h = connect();
    await h.conn.ready();
    await settle();
    h.fake.sendRaw(Buffer.from('0401000100000003ffff000700002320', 'hex'));
    await h.fake.closed;
    expect(errors(h)).toEqual([]);
    expect(h.conn.stats.malformedErrorsIn).toBe(1);
    expect(h.closeReasons[0]).toMatch(/unframeable ERROR/);
  });

  it('hands a well-formed unsolicited ERROR to the owner and does not answer it', async () => {
    const h = connect();
    await h.conn.ready();
    await settle();
    const delivered: string[] = [];
    h.conn.onMessage = (m) => delivered.push(m.type);
    h.fake.send({ type: 'ERROR', xid: 0x777, errType: 1, errCode: 1, data: Buffer.alloc(8) });
    await expect(h.conn.barrier()).resolves.toBeUndefined();
    await settle();
    expect(delivered).toEqual(['ERROR']);
    expect(errors(h)).toEqual([]);
    expect(h.conn.stats.errorsIn.get(65536 + 1)).toBe(1);
  });

  it('answers a controller-to-switch message (FLOW_MOD) with BAD_REQUEST/BAD_TYPE and stays up', async () => {
    const h = connect();
    await h.conn.ready();
    await settle();
    const flowMod = encodeMessage({
      type: 'FLOW_MOD', xid: 0x42, cookie: 0n, cookieMask: 0n, tableId: 0, command: 0, idleTimeout: 0, hardTimeout: 0,
      priority: 1, bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 0, match: [], instructions: [],
    });
    h.fake.sendRaw(flowMod);
    const err = await h.fake.waitFor('ERROR');
    expect(err).toMatchObject({ xid: 0x42, errType: 1, errCode: OFPBRC_BAD_TYPE });
    expect(err.type === 'ERROR' && err.data.equals(flowMod.subarray(0, 64))).toBe(true);
    expect(h.conn.state).toBe('READY');
    expect(h.conn.stats.refusedIn).toBe(1);
    h.conn.close('test over');
  });

  it('drops late replies, ECHO_REPLYs and a second HELLO without an answer', async () => {
    const h = connect();
    await h.conn.ready();
    await settle();
    h.fake.send({ type: 'BARRIER_REPLY', xid: 0x9999 });
    h.fake.send({ type: 'ECHO_REPLY', xid: 0x9998, data: Buffer.alloc(0) });
    h.fake.send({ type: 'HELLO', xid: 0x9997, elements: [] });
    await expect(h.conn.barrier()).resolves.toBeUndefined();
    expect(errors(h)).toEqual([]);
    expect(h.conn.state).toBe('READY');
    h.conn.close('test over');
  });

  it('classifies every message type', () => {
    expect(unsolicitedAction('PACKET_IN')).toBe('deliver');
    expect(unsolicitedAction('ERROR')).toBe('deliver');
    expect(unsolicitedAction('EXPERIMENTER')).toBe('deliver');
    expect(unsolicitedAction('ECHO_REQUEST')).toBe('echo');
    for (const t of ['ECHO_REPLY', 'HELLO', 'FEATURES_REPLY', 'MULTIPART_REPLY', 'BARRIER_REPLY', 'ROLE_REPLY'] as const) {
      expect(unsolicitedAction(t)).toBe('ignore');
    }
    for (const t of ['FLOW_MOD', 'PACKET_OUT', 'FEATURES_REQUEST', 'MULTIPART_REQUEST', 'SET_CONFIG', 'METER_MOD'] as const) {
      expect(unsolicitedAction(t)).toBe('bad-type');
    }
  });
});

describe('an ERROR before HELLO', () => {
  it('is not answered, even when it is too short to carry a type and code', async () => {
    const h = connect({}, { hello: 'none' });
    h.fake.sendRaw(Buffer.from('0401000a00000005abcd', 'hex'));
    await expect(h.conn.ready()).rejects.toThrow(/error type -1/);
    await settle();
    expect(errors(h)).toEqual([]);
    expect(h.conn.stats.malformedErrorsIn).toBe(1);
  });
});
