// Agents that die or misbehave, against the real controller: a SIGKILLed agent stops
// getting new connections once it expires; an agent without a certificate, with one
// from another CA, or reporting a subnet it was not configured for is refused with a
// clear log line and changes nothing (no target added, no traffic to that server).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { createRegistrationClient } from '../../../peering/registration-client';
import { startSite, type Site } from '../../support/site-harness';
import { readJsonLines, sleep, waitUntil } from '../../support/site-logs';
import { fetchMany } from '../../support/site-traffic';

const REPORT_MS = 500;
const MISSED = 3;
const WEB = '10.0.0.100';

let site: Site;

beforeAll(async () => {
  site = await startSite({ name: 'site-agent-failures', reportIntervalMs: REPORT_MS, missedReportsToExpire: MISSED });
}, 180_000);

afterAll(async () => {
  await site?.stop();
});

const controllerLines = (msg: RegExp): Record<string, unknown>[] => site.controller.records.filter((r) => typeof r.msg === 'string' && msg.test(r.msg));
const registeredIds = (): string[] => controllerLines(/^peer registered$/).map((r) => String(r.id));

function client(certName?: string) {
  const certs = site.certDir;
  return createRegistrationClient({
    address: `unix:${site.agentsSocket}`,
    ca: readFileSync(path.join(certs, 'ca.crt')),
    cert: certName ? readFileSync(path.join(certs, `${certName}.crt`)) : undefined,
    key: certName ? readFileSync(path.join(certs, `${certName}.key`)) : undefined,
    callTimeoutMs: 3000,
  });
}

async function grpcError(p: Promise<unknown>): Promise<{ code?: number; details?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: number; details?: string };
  }
  throw new Error('the call was expected to be refused');
}

describe('agents that must be refused', () => {
  it('refuses an agent that presents no certificate at the TLS handshake, with a log line', async () => {
    const refusalsBefore = controllerLines(/peer refused at TLS handshake/).length;
    const err = await grpcError(client().hello({ id: 'srv4', certificatePem: '', kind: 'server', attachment: { ip: '10.0.3.4', mac: '00:00:00:00:03:04', mplsLabel: 0 }, subnets: [{ subnet: `${WEB}/32`, ports: [80] }], version: 'test' }));
    expect(err.code).toBe(status.UNAVAILABLE);
    await waitUntil('the TLS refusal log line', () => controllerLines(/peer refused at TLS handshake/).length > refusalsBefore, 5000);
    expect(registeredIds()).not.toContain('srv4');
  });

  it('refuses a real agent whose certificate comes from another CA; the server never gets traffic', async () => {
    const refusalsBefore = controllerLines(/peer refused at TLS handshake/).length;
    const impostor = await site.startAgent('srv4', { certName: 'other-srv4', waitReport: false });
    await waitUntil('the agent to fail registration', () => readJsonLines(impostor.log).some((r) => r.msg === 'registration failed'), 15_000);
    await waitUntil('the TLS refusal log line', () => controllerLines(/peer refused at TLS handshake/).length > refusalsBefore, 5000);
    const r = await fetchMany(site.net, 'c1', `http://${WEB}/`, { count: 30, concurrency: 2 });
    await site.stopAgent('srv4');
    expect(registeredIds()).not.toContain('srv4');
    expect(r.succeeded).toBe(30);
    expect(r.byServer.srv4 ?? 0).toBe(0);
  });

  it('refuses a report for a subnet the server is not configured to serve, logging it and changing nothing', async () => {
    const c = client('srv4');
    const pem = readFileSync(path.join(site.certDir, 'srv4.crt'), 'utf8');
    // A Hello that announces an unconfigured subnet is refused outright.
    const helloErr = await grpcError(c.hello({ id: 'srv4', certificatePem: pem, kind: 'server', attachment: { ip: '10.0.3.4', mac: '00:00:00:00:03:04', mplsLabel: 0 }, subnets: [{ subnet: '10.99.0.0/16', ports: [80] }], version: 'test' }));
    expect(helloErr.code).toBe(status.PERMISSION_DENIED);
    expect(helloErr.details).toBe("server 'srv4' is not configured to serve 10.99.0.0/16");
    expect(registeredIds()).not.toContain('srv4');

    // A valid Hello, then a report naming an unconfigured subnet.
    const { sessionId } = await c.hello({ id: 'srv4', certificatePem: pem, kind: 'server', attachment: { ip: '10.0.3.4', mac: '00:00:00:00:03:04', mplsLabel: 0 }, subnets: [{ subnet: `${WEB}/32`, ports: [80] }], version: 'test' });
    const reportErr = await grpcError(
      c.report({ id: 'srv4', rttMs: 0, sessionId, seq: 1, measuredAtMs: Date.now(), loads: [{ subnet: '10.99.0.0/16', load: 0, connections: 0, cpu: 0 }] }),
    );
    expect(reportErr.code).toBe(status.PERMISSION_DENIED);
    // The log line travels through the controller's stdout: it may trail the reply a little.
    const refusalLine = (): Record<string, unknown> | undefined =>
      controllerLines(/peer refused: server 'srv4' is not configured to serve 10\.99\.0\.0\/16/).find((r) => r.rpc === 'Report');
    await waitUntil('the Report refusal log line', () => refusalLine() !== undefined, 5000);
    const line = refusalLine();
    expect(line).toMatchObject({ level: 'warn', id: 'srv4', reason: 'unconfigured-subnet' });
    // srv4 has no accepted report, so it takes no connections.
    await sleep(2 * REPORT_MS);
    const r = await fetchMany(site.net, 'c1', `http://${WEB}/`, { count: 30, concurrency: 2 });
    expect(r.succeeded).toBe(30);
    expect(r.byServer.srv4 ?? 0).toBe(0);
    // Clean-up only: a session that never had a report accepted expires after
    // MISSED x REPORT_MS, which the 30 fetches above can outlast; then there is nothing to
    // say goodbye to, and the SLR says so.
    await c.goodbye({ id: 'srv4', sessionId, reason: 'test over' }).catch((err: { code?: number }) => {
      if (err.code !== status.FAILED_PRECONDITION) throw err;
    });
  });
});

describe('a dead agent', () => {
  it('stops receiving new connections once the SLR expires it (SIGKILL, no goodbye)', async () => {
    const before = await fetchMany(site.net, 'c2', `http://${WEB}/`, { count: 45, concurrency: 3 });
    expect(before.byServer.srv3 ?? 0).toBeGreaterThan(0);
    const killedAt = Date.now();
    await site.stopAgent('srv3', 'KILL');
    await waitUntil('the SLR to expire srv3', () => controllerLines(/^peer expired/).some((r) => r.id === 'srv3'), 15_000);
    const expiredAfterMs = Date.now() - killedAt;
    process.stdout.write(`site: srv3 expired ${expiredAfterMs} ms after SIGKILL (${MISSED} x ${REPORT_MS} ms allowed)\n`);
    // Fresh client ports: a port of the burst above, reused, would rightly ride its pin to srv3.
    const after = await fetchMany(site.net, 'c2', `http://${WEB}/`, { count: 45, concurrency: 3, sourcePortBase: 21300 });
    expect(after.succeeded).toBe(45);
    expect(after.byServer.srv3 ?? 0).toBe(0);
    expect(Object.keys(after.byServer).sort()).toEqual(['srv1', 'srv2']);
  });
});
