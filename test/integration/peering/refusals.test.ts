// Everything a site SLR must refuse, over real mutual-TLS gRPC with real certificates.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { status } from '@grpc/grpc-js';
import { RegistrationApi } from '../../../peering/registration-client';
import { HelloRequestMsg } from '../../../peering/wire-types';
import { Certs, clientFor, makeCerts, refusal, Slr, startSlr } from './harness';

let certs: Certs;
let slr: Slr;
const clients: RegistrationApi[] = [];

const SUBNET = '192.200.0.0/16';

function hello(id: string, certName = id): HelloRequestMsg {
  return {
    id,
    certificatePem: certs.read(`${certName}.crt`).toString(),
    kind: 'server',
    attachment: { ip: '10.0.0.1', mac: '00:00:00:00:00:01', mplsLabel: 0 },
    subnets: [{ subnet: SUBNET, ports: [80] }],
    version: 'test',
  };
}

function client(certName?: string): RegistrationApi {
  const c = clientFor(certs, slr.server.address, certName);
  clients.push(c);
  return c;
}


beforeAll(async () => {
  certs = makeCerts(['srv1', 'srv2', 'srv3']);
  slr = await startSlr(certs, `unix:${path.join(certs.dir, 'agents.sock')}`, [
    { id: 'srv1', kind: 'server', subnets: [SUBNET] },
    { id: 'srv2', kind: 'server', subnets: [SUBNET] },
  ]);
});

afterAll(async () => {
  clients.forEach((c) => c.close());
  await slr.server.stop();
  fs.rmSync(certs.dir, { recursive: true, force: true });
});

describe('the site SLR refuses', () => {
  it('an agent with no client certificate: the connection fails and the SLR logs it', async () => {
    const err = await refusal(client().hello(hello('srv1')));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(slr.log.find(/peer refused at TLS handshake: no client certificate/, 'warn')).toBeDefined();
    expect(slr.server.counters().refusals['tls-handshake']).toBeGreaterThanOrEqual(1);
    expect(slr.sink.of('registered')).toEqual([]);
  });

  it('a certificate from another CA, even with a configured CN: refused and logged', async () => {
    const err = await refusal(client('other-srv1').hello(hello('srv1', 'other-srv1')));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(slr.log.find(/peer refused at TLS handshake: client certificate not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/, 'warn')).toBeDefined();
    expect(slr.sink.of('registered')).toEqual([]);
  });

  it('a hello whose server id differs from its certificate CN', async () => {
    const err = await refusal(client('srv1').hello(hello('srv2', 'srv1')));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toBe("id 'srv2' does not match the client certificate (CN 'srv1')");
    const line = slr.log.find(/peer refused: id 'srv2' does not match/, 'warn');
    expect(line?.fields).toMatchObject({ rpc: 'Hello', id: 'srv2', reason: 'id-mismatch' });
    expect(slr.server.registry.get('srv2')).toBeUndefined();
  });

  it('a hello carrying a certificate other than the one TLS authenticated', async () => {
    const err = await refusal(client('srv1').hello(hello('srv1', 'srv2')));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toMatch(/certificate in Hello \(CN 'srv2'.*\) is not the TLS client certificate/);
    expect(slr.server.counters().refusals['certificate-mismatch']).toBe(1);
  });

  it('a valid certificate for a server id the SLR is not configured with', async () => {
    const err = await refusal(client('srv3').hello(hello('srv3')));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toBe("server id 'srv3' is not configured at this SLR");
    expect(slr.sink.of('registered')).toEqual([]);
  });

  it('a report for a subnet the server is not configured to serve, with a clear log line, changing nothing', async () => {
    const c = client('srv1');
    const { sessionId } = await c.hello(hello('srv1'));
    await c.report({ id: 'srv1', rttMs: 0, sessionId, seq: 1, measuredAtMs: Date.now(), loads: [{ subnet: SUBNET, load: 0.2, connections: 2, cpu: 0.1 }] });
    const before = { reports: slr.sink.of('report').length, view: slr.server.registry.get('srv1') };

    const err = await refusal(
      c.report({
        id: 'srv1',
        rttMs: 0,
        sessionId,
        seq: 2,
        measuredAtMs: Date.now(),
        loads: [
          { subnet: SUBNET, load: 0.9, connections: 9, cpu: 0.9 },
          { subnet: '10.99.0.0/16', load: 0.9, connections: 9, cpu: 0.9 },
        ],
      }),
    );
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toBe("server 'srv1' is not configured to serve 10.99.0.0/16");
    const line = slr.log.find(/peer refused: server 'srv1' is not configured to serve 10\.99\.0\.0\/16/, 'warn');
    expect(line?.fields).toMatchObject({ rpc: 'Report', id: 'srv1', reason: 'unconfigured-subnet' });
    expect(slr.sink.of('report')).toHaveLength(before.reports);
    expect(slr.server.registry.get('srv1')).toEqual(before.view);
    expect(slr.server.counters().refusals['unconfigured-subnet']).toBe(1);
  });

  it('a report or goodbye sent in another server\'s name', async () => {
    const c2 = client('srv2');
    const { sessionId } = await c2.hello(hello('srv2'));
    const impostor = client('srv1');
    const err = await refusal(impostor.goodbye({ id: 'srv2', sessionId, reason: 'hijack' }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(slr.server.registry.get('srv2')).toBeDefined();
    expect(slr.sink.of('deregistered')).toEqual([]);
  });

  it('a report without a live session, telling the agent to register again', async () => {
    const err = await refusal(
      client('srv1').report({ id: 'srv1', rttMs: 0, sessionId: 'stale', seq: 1, measuredAtMs: 0, loads: [] }),
    );
    expect(err.code).toBe(status.FAILED_PRECONDITION);
  });
});
