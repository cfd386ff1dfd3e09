// The switch channel's per-connection counters that the metrics read: messages by
// type in and out, packet-ins by reason, errors by type/code (a real SwitchConnection
// against the emulated switch over an in-memory pair).
import type { OfMessage } from '../../../../southbound/codec/types';
import { connect, settle } from '../../southbound/channel/connection-helpers';

const OFPT = { HELLO: 0, ERROR: 1, FEATURES_REQUEST: 5, PACKET_IN: 10, PACKET_OUT: 13, MULTIPART_REQUEST: 18 };

function packetIn(reason: number): OfMessage {
  const data = Buffer.alloc(60);
  return { type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: data.length, reason, tableId: 0, cookie: 0n, match: [{ field: 'in_port', value: 1 }], data };
}

describe('channel counters by type, reason and error', () => {
  it('counts every message in and out by OpenFlow type, packet-ins by reason, and errors by type/code', async () => {
    const h = connect();
    await h.conn.ready();
    h.conn.onMessage = () => undefined;
    const s = h.conn.stats;
    expect(s.inByType[OFPT.HELLO]).toBe(1);
    expect(s.outByType[OFPT.HELLO]).toBe(1);
    expect(s.outByType[OFPT.FEATURES_REQUEST]).toBe(1);
    const inBefore = s.msgsIn;

    h.fake.send(packetIn(0));
    h.fake.send(packetIn(0));
    h.fake.send(packetIn(1));
    h.fake.send({ type: 'ERROR', xid: 4242, errType: 5, errCode: 1, data: Buffer.alloc(0) });
    h.conn.send({ type: 'PACKET_OUT', xid: 0, bufferId: 0xffffffff, inPort: 1, actions: [], data: Buffer.alloc(14) });
    await settle();

    expect(s.inByType[OFPT.PACKET_IN]).toBe(3);
    expect(s.packetInReasons[0]).toBe(2);
    expect(s.packetInReasons[1]).toBe(1);
    expect(s.inByType[OFPT.ERROR]).toBe(1);
    expect([...s.errorsIn]).toEqual([[5 * 65536 + 1, 1]]);
    expect(s.outByType[OFPT.PACKET_OUT]).toBe(1);
    expect(s.msgsIn - inBefore).toBe(4);
    // The per-type arrays add up to the totals the channel always kept.
    expect(s.inByType.reduce((a, b) => a + b, 0)).toBe(s.msgsIn);
    expect(s.outByType.reduce((a, b) => a + b, 0)).toBe(s.msgsOut);
    h.conn.close('test over');
  });
});
