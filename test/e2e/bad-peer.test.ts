// A peer that speaks garbage on the OpenFlow port is cut off alone: the real Open
// vSwitch bridges stay connected and the network keeps forwarding.
import net from 'node:net';
import { startE2eNetwork, type E2eNetwork } from '../support/e2e-network';
import { forwardingTestConfig, hasTableMiss } from '../support/forwarding-expect';
import { waitForTables } from '../support/switch-checks';

/** Connect, send bytes, resolve when the controller closes the connection. */
function sendAndAwaitClose(port: number, bytes: Buffer, timeoutMs = 15_000): Promise<{ closed: boolean; received: Buffer }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const sock = net.connect(port, '127.0.0.1', () => sock.write(bytes));
    const timer = setTimeout(() => { sock.destroy(); resolve({ closed: false, received: Buffer.concat(chunks) }); }, timeoutMs);
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', () => undefined);
    sock.on('close', () => { clearTimeout(timer); resolve({ closed: true, received: Buffer.concat(chunks) }); });
  });
}

describe('garbage on the OpenFlow port next to real switches (linear3)', () => {
  let env: E2eNetwork;
  let mark = 0;

  beforeAll(async () => {
    env = await startE2eNetwork({ name: 'bad-peer', topology: 'topologies/linear3.json', controllerConfig: forwardingTestConfig() });
    await env.net.waitConnected(30);
    await waitForTables(env.net, hasTableMiss, 'the forwarding table-miss flow');
    expect((await env.net.pingAll({ timeoutS: 3 })).loss).toBe(0);
    mark = env.controller.records.length;
  });
  afterAll(async () => {
    await env?.stop();
  });

  // The controller may close at once or when the handshake times out: either way
  // the connection must end.
  it('closes connections that send an impossible length or no OpenFlow at all', async () => {
    // OpenFlow 1.3 header: version 4, type HELLO, but a length below the 8-byte header.
    const shortLength = Buffer.from([0x04, 0x00, 0x00, 0x04, 0, 0, 0, 1]);
    // Not OpenFlow at all.
    const text = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const results = await Promise.all([sendAndAwaitClose(env.controller.port, shortLength),
      sendAndAwaitClose(env.controller.port, text)]);
    expect(results.map((r) => r.closed)).toEqual([true, true]);
  });

  it('keeps every real switch connected and the controller running', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    const st = await env.net.status();
    expect(Object.values(st).every((s) => s.connected)).toBe(true);
    expect(env.controller.records.slice(mark).filter((r) => r.msg === 'switch down')).toEqual([]);
    expect(process.kill(env.controller.pid, 0)).toBe(true);
  });

  it('forwards every pair and learns new traffic afterwards', async () => {
    // A fresh TCP port pair makes no new L2 flows, so also flush one host's ARP cache:
    // its next ARP request is a broadcast the controller must flood.
    await env.net.cmd('h1', 'ip neigh flush all');
    const res = await env.net.pingAll({ timeoutS: 3 });
    expect(res.failed).toEqual([]);
    expect(res.loss).toBe(0);
  });
});
