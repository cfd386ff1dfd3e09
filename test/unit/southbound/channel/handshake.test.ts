import type { OfMessage } from '../../../../southbound/codec/types';
import { ChannelError } from '../../../../southbound/channel/errors';
import { fakePort } from '../../../support/fake-switch';
import { connect, settle, useFakeClock } from './connection-helpers';

const types = (msgs: OfMessage[]): string[] => msgs.map((m) => m.type);

describe('SwitchConnection handshake (spec 6.3.1)', () => {
  afterEach(() => jest.useRealTimers());

  it('reaches READY with features, ports (from several parts) and our miss_send_len', async () => {
    const ports = [fakePort(1), fakePort(2), fakePort(3)];
    const h = connect({}, { datapathId: 0xabcn, ports, portDescParts: 2 });
    await h.conn.ready();
    expect(h.conn.state).toBe('READY');
    expect(h.conn.datapathId).toBe(0xabcn);
    expect(h.conn.features.nTables).toBe(254);
    expect(h.conn.ports.map((p) => p.portNo)).toEqual([1, 2, 3]);
    expect(types(h.fake.received)).toEqual(['HELLO', 'FEATURES_REQUEST', 'MULTIPART_REQUEST', 'SET_CONFIG', 'BARRIER_REQUEST']);
    const hello = h.fake.received[0];
    expect(hello?.type === 'HELLO' && hello.elements).toEqual([{ type: 'VERSIONBITMAP', bitmaps: [0x10] }]);
    expect(h.fake.missSendLen).toBe(0xffff);
    h.conn.close('test over');
  });

  it('sends each step only after the previous reply, then claims the configured role', async () => {
    const h = connect(
      { role: { role: 'master', generationId: 42n }, missSendLen: 128 },
      { onRequest: () => true }, // the test answers by hand
    );
    const next = async (): Promise<OfMessage> => {
      await settle();
      return h.fake.received[h.fake.received.length - 1]!;
    };
    expect(types(h.fake.received)).toEqual([]);
    await settle();
    expect(h.conn.state).toBe('FEATURES_WAIT');
    const features = await next();
    expect(features.type).toBe('FEATURES_REQUEST');
    expect(types(h.fake.received)).toEqual(['HELLO', 'FEATURES_REQUEST']);
    h.fake.send({ type: 'FEATURES_REPLY', xid: features.xid, datapathId: 9n, nBuffers: 0, nTables: 1, auxiliaryId: 0, capabilities: 0, reserved: 0 });

    const portDesc = await next();
    expect(h.conn.state).toBe('PORT_DESC_WAIT');
    expect(portDesc).toMatchObject({ type: 'MULTIPART_REQUEST', mpType: 'PORT_DESC' });
    h.fake.send({ type: 'MULTIPART_REPLY', xid: portDesc.xid, flags: 0, mpType: 'PORT_DESC', body: [fakePort(5)] });

    const barrier = await next();
    expect(h.conn.state).toBe('CONFIG_WAIT');
    const setConfig = h.fake.received[h.fake.received.length - 2];
    expect(setConfig).toMatchObject({ type: 'SET_CONFIG', missSendLen: 128 });
    expect(barrier.type).toBe('BARRIER_REQUEST');
    h.fake.send({ type: 'BARRIER_REPLY', xid: barrier.xid });

    const role = await next();
    expect(h.conn.state).toBe('ROLE_WAIT');
    expect(role).toMatchObject({ type: 'ROLE_REQUEST', role: 2, generationId: 42n });
    h.fake.send({ type: 'ROLE_REPLY', xid: role.xid, role: 2, generationId: 42n });
    await h.conn.ready();
    expect(h.conn.state).toBe('READY');
    expect(h.conn.role).toMatchObject({ role: 2, generationId: 42n });
    expect(h.conn.ports.map((p) => p.portNo)).toEqual([5]);
    h.conn.close('test over');
  });

  it('accepts a HELLO without bitmap whose header version is 4 or higher', async () => {
    const h = connect({}, { hello: 'header-only', helloVersion: 5 });
    await h.conn.ready();
    expect(h.conn.state).toBe('READY');
    h.conn.close('test over');
  });

  it.each([
    ['a bitmap without 1.3', { helloBitmaps: [0x02] }],
    ['a header-only HELLO of version 1', { hello: 'header-only' as const, helloVersion: 1 }],
  ])('answers %s with HELLO_FAILED/INCOMPATIBLE and closes', async (_name, swOpts) => {
    const h = connect({}, swOpts);
    await expect(h.conn.ready()).rejects.toMatchObject({ code: 'HANDSHAKE' });
    await settle();
    const err = await h.fake.waitFor('ERROR');
    expect(err).toMatchObject({ type: 'ERROR', errType: 0, errCode: 0 });
    expect(err.type === 'ERROR' && err.data.toString('ascii')).toMatch(/1\.3|version 1/);
    expect(h.conn.state).toBe('CLOSED');
    expect(h.closeReasons[0]).toMatch(/^hello failed/);
    await h.fake.closed;
  });

  it('refuses a message before HELLO', async () => {
    const h = connect({}, { hello: 'none' });
    h.fake.send({ type: 'BARRIER_REPLY', xid: 77 });
    await expect(h.conn.ready()).rejects.toBeInstanceOf(ChannelError);
    await settle();
    const err = await h.fake.waitFor('ERROR');
    expect(err).toMatchObject({ errType: 0, errCode: 0, xid: 77 });
    expect(h.closeReasons[0]).toMatch(/expected HELLO/);
  });

  it('closes without answering when the switch refuses our HELLO with an ERROR of its own version', async () => {
    const h = connect({}, { hello: 'none' });
    // An OpenFlow 1.0 switch: ERROR HELLO_FAILED/INCOMPATIBLE with version 1 header.
    h.fake.sendRaw(Buffer.from([1, 1, 0, 12, 0, 0, 0, 3, 0, 0, 0, 0]));
    await expect(h.conn.ready()).rejects.toMatchObject({ code: 'HANDSHAKE' });
    await h.fake.closed;
    expect(h.closeReasons[0]).toBe('switch answered HELLO with error type 0 code 0');
    expect(h.fake.received.map((m) => m.type)).toEqual(['HELLO']);
  });

  it('closes when the handshake does not finish in time', async () => {
    useFakeClock();
    const h = connect({ handshakeTimeoutMs: 3000 }, { ignore: ['MULTIPART_REQUEST'] });
    const ready = h.conn.ready();
    await settle();
    expect(h.conn.state).toBe('PORT_DESC_WAIT');
    jest.advanceTimersByTime(2999);
    expect(h.conn.state).toBe('PORT_DESC_WAIT');
    jest.advanceTimersByTime(1);
    expect(h.conn.state).toBe('CLOSED');
    await expect(ready).rejects.toMatchObject({ code: 'HANDSHAKE' });
    expect(h.closeReasons[0]).toMatch(/handshake not finished within 3000 ms \(state PORT_DESC_WAIT\)/);
  });

  it('fails the handshake when the switch refuses the role', async () => {
    const h = connect({ role: { role: 'master', generationId: 1n } }, {
      onRequest: (msg, sw) => {
        if (msg.type !== 'ROLE_REQUEST') return false;
        sw.send({ type: 'ERROR', xid: msg.xid, errType: 11, errCode: 1, data: Buffer.alloc(0) }); // ROLE_REQUEST_FAILED/STALE
        return true;
      },
    });
    await expect(h.conn.ready()).rejects.toMatchObject({ code: 'HANDSHAKE' });
    expect(h.closeReasons[0]).toMatch(/handshake failed: switch rejected ROLE_REQUEST/);
  });

  it('holds async messages that arrive during the handshake, delivers them after READY, and keeps ports current', async () => {
    const h = connect({}, {
      onRequest: (msg, sw) => {
        if (msg.type === 'FEATURES_REQUEST') {
          sw.send({ type: 'PORT_STATUS', xid: 0, reason: 0, desc: fakePort(9) });
        }
        return false;
      },
    });
    const seen: string[] = [];
    h.conn.onMessage = (m) => seen.push(m.type);
    await h.conn.ready();
    expect(seen).toEqual([]);
    await settle();
    expect(seen).toEqual(['PORT_STATUS']);
    expect(h.conn.ports.map((p) => p.portNo)).toEqual([1, 2, 9]); // an OFPPR_ADD
    h.fake.send({ type: 'PORT_STATUS', xid: 0, reason: 1, desc: fakePort(1) }); // OFPPR_DELETE
    h.fake.send({ type: 'PORT_STATUS', xid: 0, reason: 2, desc: { ...fakePort(2), state: 1 } }); // OFPPR_MODIFY
    await h.conn.barrier();
    expect(h.conn.ports.map((p) => [p.portNo, p.state])).toEqual([[9, 0], [2, 1]]);
    h.conn.close('test over');
  });
});
