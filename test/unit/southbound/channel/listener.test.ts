import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CHANNEL_CONFIG, type ChannelConfig } from '../../../../southbound/channel/config';
import { OfListener } from '../../../../southbound/channel/listener';
import type { SwitchConnection } from '../../../../southbound/channel/switch-connection';
import { FakeSwitch } from '../../../support/fake-switch';
import { captureLogger } from './connection-helpers';

const cfg = (extra: Partial<ChannelConfig> = {}): ChannelConfig => ({ ...DEFAULT_CHANNEL_CONFIG, host: '127.0.0.1', port: 0, ...extra });

/** Resolve with the next `n` connections the listener hands over. */
function nextSwitches(listener: OfListener, n: number): Promise<SwitchConnection[]> {
  const got: SwitchConnection[] = [];
  return new Promise((resolve) => {
    listener.onSwitch = (conn) => {
      got.push(conn);
      if (got.length === n) resolve(got);
    };
  });
}

describe('OfListener over TCP', () => {
  let listener: OfListener;
  const switches: FakeSwitch[] = [];
  afterEach(async () => {
    for (const s of switches.splice(0)) s.close();
    await listener.close();
  });

  it('hands over READY connections and lets a newer connection with the same datapath id win', async () => {
    const log = captureLogger();
    listener = new OfListener(cfg(), log);
    const { port, host } = await listener.listen();
    expect(host).toBe('127.0.0.1');

    const first = nextSwitches(listener, 2);
    switches.push(await FakeSwitch.connect(port, { datapathId: 7n }));
    switches.push(await FakeSwitch.connect(port, { datapathId: 8n }));
    const [a, b] = await first;
    expect(new Set([a!.datapathId, b!.datapathId])).toEqual(new Set([7n, 8n]));
    const older = a!.datapathId === 7n ? a! : b!;
    const olderClosed = new Promise<string>((resolve) => { older.onClose = resolve; });

    const second = nextSwitches(listener, 1);
    switches.push(await FakeSwitch.connect(port, { datapathId: 7n }));
    const [newer] = await second;
    expect(newer!.datapathId).toBe(7n);
    expect(newer).not.toBe(older);
    expect(await olderClosed).toMatch(/replaced by a newer connection/);
    expect(older.state).toBe('CLOSED');
    expect(listener.datapaths.get(7n)).toBe(newer);
    expect(log.lines.some((l) => l.level === 'warn' && /replaced by a newer connection/.test(l.msg ?? ''))).toBe(true);
    await switches[0]!.closed; // the switch side of the older connection sees the close
    await expect(newer!.barrier()).resolves.toBeUndefined();
    expect(listener.datapaths.size).toBe(2);
  });

  it('refuses an auxiliary connection but keeps the main one', async () => {
    listener = new OfListener(cfg(), captureLogger());
    const { port } = await listener.listen();
    const ready = nextSwitches(listener, 1);
    switches.push(await FakeSwitch.connect(port, { datapathId: 3n }));
    const [main] = await ready;
    switches.push(await FakeSwitch.connect(port, { datapathId: 3n, auxiliaryId: 1 }));
    await switches[1]!.closed;
    expect(main!.state).toBe('READY');
    expect(listener.datapaths.get(3n)).toBe(main);
  });

  it('closes every connection on close()', async () => {
    listener = new OfListener(cfg(), captureLogger());
    const { port } = await listener.listen();
    const ready = nextSwitches(listener, 1);
    const sw = await FakeSwitch.connect(port);
    switches.push(sw);
    const [conn] = await ready;
    await listener.close();
    expect(conn!.state).toBe('CLOSED');
    await sw.closed;
    expect(listener.connectionCount).toBe(0);
  });
});

describe('OfListener over TLS', () => {
  let dir: string;
  let listener: OfListener;
  const switches: FakeSwitch[] = [];

  /** A throwaway CA, a controller certificate and a switch certificate signed by it,
   * plus a switch certificate signed by a stranger CA. */
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'slr-tls-'));
    const ssl = (...args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' }); };
    writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    for (const ca of ['ca', 'rogue-ca']) {
      ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-days', '1', '-subj', `/CN=${ca}`);
    }
    const issue = (name: string, ca: string): void => {
      ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', 'san.cnf');
    };
    issue('controller', 'ca');
    issue('switch', 'ca');
    issue('rogue-switch', 'rogue-ca');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const s of switches.splice(0)) s.close();
    await listener.close();
  });

  const file = (name: string): Buffer => readFileSync(join(dir, name));
  const tlsListener = (): OfListener => new OfListener(cfg({
    tls: { keyFile: join(dir, 'controller.key'), certFile: join(dir, 'controller.crt'), caFile: join(dir, 'ca.crt') },
  }), captureLogger());

  it('completes the handshake with a switch whose certificate the CA signed', async () => {
    listener = tlsListener();
    const { port } = await listener.listen();
    const ready = nextSwitches(listener, 1);
    switches.push(await FakeSwitch.connect(port, { datapathId: 0x42n }, {
      key: file('switch.key'), cert: file('switch.crt'), ca: file('ca.crt'), servername: 'localhost',
    }));
    const [conn] = await ready;
    expect(conn!.datapathId).toBe(0x42n);
    await expect(conn!.barrier()).resolves.toBeUndefined();
  });

  it.each([
    ['no client certificate', {}],
    ['a certificate from another CA', { key: 'rogue-switch.key', cert: 'rogue-switch.crt' }],
  ])('refuses a switch with %s', async (_name, creds: { key?: string; cert?: string }) => {
    listener = tlsListener();
    const { port } = await listener.listen();
    let handed = 0;
    listener.onSwitch = () => { handed++; };
    const options = {
      ca: file('ca.crt'), servername: 'localhost',
      ...(creds.key !== undefined ? { key: file(creds.key), cert: file(creds.cert!) } : {}),
    };
    // With TLS 1.3 the client may finish its side before the server's verdict, so
    // either the connect fails or the connection is closed right after.
    const outcome = await FakeSwitch.connect(port, { datapathId: 0x43n }, options).then(
      async (sw) => { switches.push(sw); await sw.closed; return 'closed'; },
      () => 'refused',
    );
    expect(['closed', 'refused']).toContain(outcome);
    expect(handed).toBe(0);
    expect(listener.connectionCount).toBe(0);
  });
});
