// A good agent (the real ServerAgent class, real gRPC client, real /proc measurements)
// registers with a real site SLR service over mutual TLS, reports, and deregisters.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CommandRunner } from '../../../agent/command-runner';
import { parseAgentConfig } from '../../../agent/config';
import { LoadMeter } from '../../../agent/load-meter';
import { LocalRoutes } from '../../../agent/local-routes';
import { ServerAgent } from '../../../agent/server-agent';
import { createRegistrationClient } from '../../../peering/registration-client';
import { wallClock } from '../../../controller/clock';
import { RecordingLog } from '../../unit/peering/recording-log';
import { Certs, makeCerts, startSlr, waitFor } from './harness';

let certs: Certs;
beforeAll(() => { certs = makeCerts(['srv1']); });
afterAll(() => fs.rmSync(certs.dir, { recursive: true, force: true }));

// A real TCP service on 127.0.0.1 with one established connection, so the agent's
// connection count comes from the real /proc/net/tcp.
async function serviceWithOneConnection(): Promise<{ port: number; close(): Promise<void> }> {
  const accepted: net.Socket[] = [];
  const server = net.createServer((s) => accepted.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => client.once('connect', () => r()));
  await waitFor('accept', () => accepted.length === 1);
  return {
    port,
    close: async () => {
      client.destroy();
      accepted.forEach((s) => s.destroy());
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe.each([
  ['a unix socket', (dir: string) => `unix:${path.join(dir, 'agents.sock')}`],
  ['127.0.0.1', () => '127.0.0.1:0'],
])('a good agent over %s', (_label, listenAt) => {
  it('registers with its hello data, reports measured loads the sink sees, and deregisters on stop', async () => {
    const service = await serviceWithOneConnection();
    const slr = await startSlr(
      certs,
      listenAt(certs.dir),
      [{ id: 'srv1', kind: 'server', subnets: ['127.0.0.0/8'], ip: '10.0.0.1', mac: '00:00:00:00:00:01' }],
      // Reports every 100 ms, but expiry only after 5 s without one: this test is about
      // registration and reports, and with a 300 ms window a busy shared machine that
      // stalled the agent briefly expired it and made it register twice. Expiry timing
      // has its own test (agent-process.test.ts).
      { reportIntervalMs: 100, missedReportsToExpire: 50 },
    );
    const commands: string[] = [];
    const run: CommandRunner = async (cmd, args) => {
      commands.push(`${cmd} ${args.join(' ')}`);
      return { code: 0, stdout: '', stderr: '' };
    };
    const log = new RecordingLog();
    const config = parseAgentConfig({
      serverId: 'srv1',
      slr: { address: slr.server.address },
      tls: { caFile: certs.file('ca.crt'), certFile: certs.file('srv1.crt'), keyFile: certs.file('srv1.key') },
      dataPlane: { ip: '10.0.0.1', mac: '00:00:00:00:00:01' },
      subnets: [{ subnet: '127.0.0.0/8', ports: [service.port] }],
      load: { connectionWeight: 1, cpuWeight: 0, connectionsAtFullLoad: 4 },
    });
    const agent = new ServerAgent({
      config,
      certificatePem: certs.read('srv1.crt').toString(),
      slr: createRegistrationClient({ address: config.slr.address, ca: certs.read('ca.crt'), cert: certs.read('srv1.crt'), key: certs.read('srv1.key') }),
      routes: new LocalRoutes({ subnets: ['127.0.0.0/8'], device: 'lo', run, log }),
      meter: new LoadMeter({ subnets: config.subnets, weights: config.load, matchVipAddress: true }),
      clock: wallClock,
      log,
    });
    try {
      await agent.start();
      await waitFor('two reports', () => slr.sink.of('report', 'srv1').length >= 2);
      expect(slr.sink.of('registered')).toEqual([
        expect.objectContaining({
          agent: { id: 'srv1', kind: 'server', ip: '10.0.0.1', mac: '00:00:00:00:00:01', subnets: ['127.0.0.0/8'], ports: { '127.0.0.0/8': [service.port] } },
        }),
      ]);
      const [first] = slr.sink.of('report', 'srv1');
      expect(first.loads).toEqual([{ subnet: '127.0.0.0/8', load: 0.25, connections: 1, cpu: expect.any(Number) }]);
      expect(commands).toContain('ip route replace local 127.0.0.0/8 dev lo table local');

      await agent.stop('test over');
      expect(slr.sink.of('deregistered', 'srv1')).toHaveLength(1);
      expect(slr.server.registry.get('srv1')).toBeUndefined();
      expect(commands.at(-1)).toBe('ip route del local 127.0.0.0/8 dev lo table local');
      expect(slr.server.counters()).toMatchObject({ registrations: 1, deregistrations: 1, expiries: 0, refusals: {} });
      expect(slr.log.find(/peer registered/, 'info')?.fields).toMatchObject({ id: 'srv1', kind: 'server' });
    } finally {
      await agent.stop();
      await slr.server.stop();
      await service.close();
    }
  });
});
