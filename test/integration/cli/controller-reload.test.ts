// SIGHUP on a running `slr controller` (the built program in its own process, an
// emulated switch over TLS, the REST API): a reload that adds a service, changes a target
// and replaces the tokens takes effect without dropping the switch connection or the
// connection already pinned; reloads that ask for a restart-only change or read a broken
// file are refused with a log line and the controller runs on with the config in force;
// a certificate renewed in place is served to new switch connections; SIGTERM stops it
// cleanly, logged.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { OfMessage } from '../../../southbound/codec/types';
import { startSlrController, type LogRecord, type RunningController } from '../../support/controller-process';
import { FakeSwitch, fakePort } from '../../support/fake-switch';
import { tcpPacket, toFrame } from '../../support/sim-packet';

const ROOT = path.join(__dirname, '../../..');
const OLD_WRITE = 'reload-test-write-token-1';
const NEW_WRITE = 'reload-test-write-token-2';

function synToVip(vip: string, clientPort: number): OfMessage {
  const data = toFrame(tcpPacket({ inPort: 1, src: '10.0.0.1', dst: vip, srcPort: clientPort, dstPort: 80 }));
  return { type: 'PACKET_IN', xid: 0, bufferId: 0xffffffff, totalLen: data.length, reason: 0, tableId: 4, cookie: 0n, match: [{ field: 'in_port', value: 1 }], data };
}

describe('slr controller: SIGHUP reload and SIGTERM', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slr-reload-'));
  const certs = path.join(dir, 'certs');
  execFileSync('bash', [path.join(ROOT, 'scripts', 'gen-certs.sh'), certs, 'sw1', 'slr2'], { stdio: 'pipe' });
  const cert = (name: string): string => path.join(certs, name);
  // The controller's OpenFlow certificate lives in files renewed in place.
  copyFileSync(cert('slr.crt'), path.join(dir, 'of.crt'));
  copyFileSync(cert('slr.key'), path.join(dir, 'of.key'));
  const switchTls = { cert: readFileSync(cert('sw1.crt')), key: readFileSync(cert('sw1.key')), rejectUnauthorized: false };

  const base = JSON.parse(readFileSync(path.join(ROOT, 'config', 'site-example.json'), 'utf8')) as {
    openflow: Record<string, unknown>;
    serviceRouting: { ingress: { dpids: string[] }; targets: Array<Record<string, unknown>>; services: Array<Record<string, unknown>> };
    api: { port: number; tokens: Array<Record<string, unknown>> };
    metrics: { enabled: boolean };
  };
  base.openflow.tls = { caFile: cert('ca.crt'), certFile: path.join(dir, 'of.crt'), keyFile: path.join(dir, 'of.key') };
  base.api.port = 0;
  base.api.tokens = [{ token: OLD_WRITE, role: 'write', name: 'noc' }];
  base.metrics.enabled = false;
  const configFile = path.join(dir, 'controller.config.json');

  let ctl: RunningController;
  let sw: FakeSwitch;
  let apiPort = 0;

  const nth = (msg: string, n: number): Promise<LogRecord> =>
    ctl.waitForLog((r) => r.msg === msg && ctl.records.filter((x) => x.msg === msg).length >= n, 15_000);
  const api = (url: string, token: string): Promise<Response> => fetch(`http://127.0.0.1:${apiPort}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const pins = async (token: string): Promise<Array<{ vip: string; target: string }>> => {
    const res = await api('/v1/pins', token);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Array<{ vip: string; target: string }> }).items;
  };
  const hup = (): void => {
    process.kill(ctl.pid, 'SIGHUP');
  };
  const peerFingerprint = async (dpid: bigint): Promise<string> => {
    const other = await FakeSwitch.connect(ctl.port, { datapathId: dpid }, switchTls);
    try {
      // Past the handshake (the pipeline's flows arrive), so its closing is logged with its dpid.
      await other.waitFor('FLOW_MOD', 10_000);
      return (other.stream as TLSSocket).getPeerX509Certificate()?.fingerprint256 ?? '';
    } finally {
      other.close();
      await ctl.waitForLog((r) => r.msg === 'switch connection closed' && r.dpid === `0x${dpid.toString(16).padStart(16, '0')}`);
    }
  };
  const fingerprint = (file: string): string => new X509Certificate(readFileSync(file)).fingerprint256;

  beforeAll(async () => {
    ctl = await startSlrController({ config: base, logDir: dir, name: 'controller' });
    apiPort = (await ctl.waitForLog((r) => r.msg === 'API listening')).port as number;
    sw = await FakeSwitch.connect(ctl.port, { datapathId: 1n, ports: [fakePort(1), fakePort(2), fakePort(3), fakePort(4)] }, switchTls);
    // A connection pinned before any reload.
    sw.send(synToVip('10.0.0.100', 40001));
    await sw.waitFor('PACKET_OUT', 10_000);
  }, 60_000);

  afterAll(async () => {
    sw?.close();
    await ctl?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies a new service, a changed target and new tokens, keeping the switch connection and the pin', async () => {
    expect(await pins(OLD_WRITE)).toEqual([expect.objectContaining({ vip: '10.0.0.100' })]);
    const next = structuredClone(base);
    next.serviceRouting.services.push({ id: 'web2', prefix: '10.0.0.101/32', protocol: 'tcp', ports: [80], targets: ['srv3'], policy: 'least-load' });
    next.serviceRouting.targets[0].weight = 3;
    next.api.tokens = [{ token: NEW_WRITE, role: 'write', name: 'noc' }];
    writeFileSync(configFile, JSON.stringify(next));
    hup();
    const done = await nth('reloaded', 1);
    expect(done.changed).toEqual(['serviceRouting.targets', 'serviceRouting.services', 'api.tokens']);
    expect(done.reread).toEqual(expect.arrayContaining(['openflow.tls']));

    // The new service is routed: a first packet to its VIP is sent on to srv3's port.
    const before = sw.received.length;
    sw.send(synToVip('10.0.0.101', 40002));
    const out = await sw.waitFor((m) => sw.received.indexOf(m) >= before && m.type === 'PACKET_OUT', 10_000);
    expect(JSON.stringify(out, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toContain('"port":4');
    // Old token gone, new one in force; the old pin is still there next to the new one.
    expect((await api('/v1/pins', OLD_WRITE)).status).toBe(401);
    expect((await pins(NEW_WRITE)).map((p) => p.vip).sort()).toEqual(['10.0.0.100', '10.0.0.101']);
    expect(sw.isOpen).toBe(true);
  }, 30_000);

  it('refuses a change that needs a restart, naming the keys, and runs on unchanged', async () => {
    const next = JSON.parse(readFileSync(configFile, 'utf8')) as typeof base;
    next.openflow.maxConnections = 10;
    next.serviceRouting.ingress.dpids = ['1', '2'];
    next.serviceRouting.services.push({ id: 'web3', prefix: '10.0.0.102/32', protocol: 'tcp', ports: [80], targets: ['srv1'], policy: 'least-load' });
    writeFileSync(configFile, JSON.stringify(next));
    hup();
    const refused = await nth('reload refused', 1);
    expect(refused.reason).toBe('openflow.maxConnections, serviceRouting.ingress.dpids cannot change without a restart');
    // Nothing of that file was applied: web3 is not a service.
    const services = (await (await api('/v1/services', NEW_WRITE)).json()) as { items: Array<{ id: string }> };
    expect(services.items.map((s) => s.id).sort()).toEqual(['web', 'web2']);
    expect(sw.isOpen).toBe(true);
  }, 30_000);

  it('refuses a file that is not JSON, and one whose catalog is wrong, in the loader\'s and the catalog\'s words', async () => {
    writeFileSync(configFile, '{ "openflow": ');
    hup();
    expect((await nth('reload refused', 2)).reason).toMatch(/is not valid JSON/);
    const next = structuredClone(base);
    next.api.tokens = [{ token: NEW_WRITE, role: 'write', name: 'noc' }];
    next.serviceRouting.services[0].targets = ['srv1', 'srv9'];
    writeFileSync(configFile, JSON.stringify(next));
    hup();
    expect((await nth('reload refused', 3)).reason).toMatch(/^serviceRouting: .*srv9/);
    expect((await pins(NEW_WRITE)).length).toBe(2);
  }, 30_000);

  it('serves a certificate renewed in place to new switch connections; the open one stays', async () => {
    expect(await peerFingerprint(0x21n)).toBe(fingerprint(cert('slr.crt')));
    copyFileSync(cert('slr2.crt'), path.join(dir, 'of.crt'));
    copyFileSync(cert('slr2.key'), path.join(dir, 'of.key'));
    const next = structuredClone(base);
    next.api.tokens = [{ token: NEW_WRITE, role: 'write', name: 'noc' }];
    next.serviceRouting.services.push({ id: 'web2', prefix: '10.0.0.101/32', protocol: 'tcp', ports: [80], targets: ['srv3'], policy: 'least-load' });
    next.serviceRouting.targets[0].weight = 3;
    writeFileSync(configFile, JSON.stringify(next));
    hup();
    const done = await nth('reloaded', 2);
    expect(done.changed).toEqual([]);
    expect(await peerFingerprint(0x22n)).toBe(fingerprint(cert('slr2.crt')));
    expect(sw.isOpen).toBe(true);
    // Through all the reloads the controller never closed the first switch's connection.
    const closed = ctl.records.filter((r) => r.msg === 'switch connection closed').map((r) => r.dpid);
    expect(closed).toContain('0x0000000000000021');
    expect(closed).not.toContain('0x0000000000000001');
    expect((await pins(NEW_WRITE)).length).toBe(2);
  }, 30_000);

  it('stops on SIGTERM, logging the signal and the end', async () => {
    await ctl.stop();
    expect(ctl.records.find((r) => r.msg === 'stopping')).toMatchObject({ signal: 'SIGTERM' });
    expect(ctl.records.some((r) => r.msg === 'stopped')).toBe(true);
    // Every SIGHUP was logged.
    expect(ctl.records.filter((r) => r.msg === 'reload requested')).toHaveLength(5);
    await sw.closed;
  }, 30_000);
});
