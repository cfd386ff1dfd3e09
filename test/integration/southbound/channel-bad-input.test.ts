// Bad input from one switch must cost that one connection only: each raw client
// below misbehaves in its own way, gets an OpenFlow ERROR (or is simply closed),
// and the healthy switch keeps working through the controller API the whole time.
import * as net from 'node:net';
import { DEFAULT_CHANNEL_CONFIG, OfListener, type SwitchConnection } from '../../../southbound/channel';
import { FakeSwitch } from '../../support/fake-switch';

const OFPT_ERROR = 1;
const HELLO_13 = Buffer.from([4, 0, 0, 16, 0, 0, 0, 1, 0, 1, 0, 8, 0, 0, 0, 0x10]); // with a 1.3 bitmap

interface RawOutcome { errors: Array<{ errType: number; errCode: number; xid: number; data: Buffer }>; closed: boolean }

/** Connect, send `chunks` (optionally ending our side), and collect the ERRORs we get
 * until the controller closes the connection. Parsed by hand: no codec involved. */
function rawClient(port: number, chunks: Buffer[], endAfter = false): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      for (const c of chunks) socket.write(c);
      if (endAfter) socket.end();
    });
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('controller did not close the connection')); }, 5000);
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('error', () => { /* a reset counts as closed */ });
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(received);
      const errors: RawOutcome['errors'] = [];
      for (let off = 0; off + 8 <= all.length;) {
        const len = all.readUInt16BE(off + 2);
        if (len < 8 || off + len > all.length) break;
        if (all[off + 1] === OFPT_ERROR && len >= 12) {
          errors.push({ errType: all.readUInt16BE(off + 8), errCode: all.readUInt16BE(off + 10), xid: all.readUInt32BE(off + 4), data: all.subarray(off + 12, off + len) });
        }
        off += len;
      }
      resolve({ errors, closed: true });
    });
  });
}

function header(version: number, type: number, length: number, xid: number, total = length): Buffer {
  const b = Buffer.alloc(Math.max(8, total));
  b.writeUInt8(version, 0);
  b.writeUInt8(type, 1);
  b.writeUInt16BE(length, 2);
  b.writeUInt32BE(xid, 4);
  return b;
}

describe('switch channel under bad input', () => {
  let listener: OfListener;
  let healthy: FakeSwitch;
  let conn: SwitchConnection;
  let port: number;
  const warnings: string[] = [];

  beforeAll(async () => {
    listener = new OfListener(
      { ...DEFAULT_CHANNEL_CONFIG, host: '127.0.0.1', port: 0, maxMessageLen: 4096, handshakeTimeoutMs: 3000 },
      { debug() {}, info() {}, warn: (_o, m) => { warnings.push(m ?? ''); }, error: (_o, m) => { warnings.push(`error: ${m ?? ''}`); } },
    );
    port = (await listener.listen()).port;
    const ready = new Promise<SwitchConnection>((resolve) => { listener.onSwitch = resolve; });
    healthy = await FakeSwitch.connect(port, { datapathId: 0x5eedn });
    conn = await ready;
  });
  afterAll(async () => {
    healthy.close();
    await listener.close();
  });

  afterEach(async () => {
    // After each bad client, the healthy switch still answers through the API.
    await expect(conn.barrier(2000)).resolves.toBeUndefined();
    expect(conn.state).toBe('READY');
  });

  it('closes a client that sends a truncated header and hangs up', async () => {
    const out = await rawClient(port, [HELLO_13, Buffer.from([4, 0, 0])], true);
    expect(out.closed).toBe(true);
  });

  it('answers a length field below 8 with BAD_REQUEST/BAD_LEN', async () => {
    const out = await rawClient(port, [HELLO_13, header(4, 2, 4, 0x11)]);
    expect(out.errors).toEqual([expect.objectContaining({ errType: 1, errCode: 6 })]);
  });

  it('answers a length beyond the maximum with BAD_REQUEST/BAD_LEN', async () => {
    const out = await rawClient(port, [HELLO_13, header(4, 2, 5000, 0x12, 8)]);
    expect(out.errors).toEqual([expect.objectContaining({ errType: 1, errCode: 6 })]);
  });

  it('answers an unknown message type with BAD_REQUEST/BAD_TYPE and the first 64 bytes', async () => {
    const bad = header(4, 99, 80, 0x13);
    bad.fill(0xab, 8);
    const out = await rawClient(port, [HELLO_13, bad]);
    expect(out.errors).toEqual([expect.objectContaining({ errType: 1, errCode: 1, xid: 0x13 })]);
    expect(out.errors[0]!.data).toEqual(bad.subarray(0, 64));
  });

  it('answers messages before HELLO with HELLO_FAILED', async () => {
    const out = await rawClient(port, [header(4, 20, 8, 0x14), header(4, 2, 8, 0x15)]);
    expect(out.errors).toEqual([expect.objectContaining({ errType: 0, errCode: 0, xid: 0x14 })]);
  });

  it('answers a wrong version after negotiation with BAD_REQUEST/BAD_VERSION', async () => {
    const out = await rawClient(port, [HELLO_13, header(1, 2, 8, 0x16)]);
    expect(out.errors).toEqual([expect.objectContaining({ errType: 1, errCode: 0, xid: 0x16 })]);
  });

  it('answers an incompatible HELLO with HELLO_FAILED/INCOMPATIBLE', async () => {
    const out = await rawClient(port, [header(1, 0, 8, 0x17)]);
    expect(out.errors).toEqual([expect.objectContaining({ errType: 0, errCode: 0 })]);
  });

  it('survives a flood of garbage and a client that resets mid-message', async () => {
    const garbage = Buffer.alloc(10_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) & 0xff;
    await rawClient(port, [garbage]);
    await new Promise<void>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.write(HELLO_13);
        s.write(header(4, 2, 100, 1, 20));
        s.resetAndDestroy();
        resolve();
      });
      s.on('error', () => {});
    });
  });

  it('still serves the healthy switch after all of the above', async () => {
    const echo = await conn.request({ type: 'ECHO_REQUEST', xid: 0, data: Buffer.from('still there?') });
    expect(echo.type === 'ECHO_REPLY' && echo.data.toString()).toBe('still there?');
    expect(healthy.isOpen).toBe(true);
    expect(listener.datapaths.get(0x5eedn)).toBe(conn);
    expect(warnings.filter((w) => w.startsWith('error:'))).toEqual([]);
  });
});
