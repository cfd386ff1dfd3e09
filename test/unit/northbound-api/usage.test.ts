// GET /v1/services/{id}/usage and `slr ctl services usage`: the usage the flow-pinning
// app's ledger holds, in the documented shape, read-only, 404 for an unknown service.
import { serviceUsageOf } from '../../../apps/flow-pinning/usage-view';
import { UsageLedger } from '../../../apps/flow-pinning/usage-ledger';
import { usageText } from '../../../northbound-api/client/views';
import { expectCleanError, makeHarness, READ_TOKEN, type Harness } from './fixture';

let h: Harness;
const ledger = new UsageLedger();
ledger.forwardPolled('web', 'srv1', 1n, 1_000, 10, 1);
ledger.flowEnded('web', 'srv2', 1n, 2_500, 20);
ledger.reversePolled('web', 'srv1', 1n, 50_000, 40);
ledger.polled(Date.UTC(2026, 11, 2, 12, 0, 0));

beforeEach(async () => {
  h = await makeHarness({}, undefined, {
    usage: (id) => (id === 'web'
      ? serviceUsageOf(id, 'site', ledger.ofService(id), { enabled: true, pollIntervalMs: 5000, lastPollAt: ledger.lastPollAt })
      : undefined),
  });
});
afterEach(async () => {
  await h.app.close();
  h.services.close();
});

describe('GET /v1/services/{id}/usage', () => {
  it('gives totals and one row per target to a read token', async () => {
    const res = await h.call('GET', '/v1/services/web/usage', undefined, { token: READ_TOKEN });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      service: 'web', level: 'site',
      accounting: { enabled: true, pollIntervalMs: 5000, lastPollAt: '2026-12-02T12:00:00.000Z' },
      toService: { bytes: 3_500, packets: 30 }, fromService: { bytes: 50_000, packets: 40 },
      bytes: 53_500, packets: 70, connections: 2, activeConnections: 1,
      targets: [
        { target: 'srv1', toService: { bytes: 1_000, packets: 10 }, fromService: { bytes: 50_000, packets: 40 }, bytes: 51_000, packets: 50, connections: 1, activeConnections: 1 },
        { target: 'srv2', toService: { bytes: 2_500, packets: 20 }, fromService: { bytes: 0, packets: 0 }, bytes: 2_500, packets: 20, connections: 1, activeConnections: 0 },
      ],
    });
  });

  it('answers 404 naming the service when it has no usage', async () => {
    const res = await h.call('GET', '/v1/services/nope/usage', undefined, { token: READ_TOKEN });
    expect(expectCleanError(res, 404, 'NOT_FOUND').message).toContain('"nope"');
  });

  it('refuses a request without a token and a malformed id', async () => {
    expectCleanError(await h.call('GET', '/v1/services/web/usage', undefined, { token: null }), 401);
    expectCleanError(await h.call('GET', '/v1/services/b%20ad/usage', undefined, { token: READ_TOKEN }), 400);
  });

  it('is in the OpenAPI document', async () => {
    const res = await h.call('GET', '/openapi.json', undefined, { token: READ_TOKEN });
    expect(Object.keys((res.json() as { paths: Record<string, unknown> }).paths)).toContain('/v1/services/{id}/usage');
  });
});

describe('slr ctl services usage', () => {
  it('prints totals and a row per target', () => {
    const u = serviceUsageOf('web', 'site', ledger.ofService('web'), { enabled: true, pollIntervalMs: 5000, lastPollAt: null });
    const text = usageText(u as unknown as Record<string, unknown>);
    expect(text).toContain('service web (level site), polled every 5000 ms, last poll not yet');
    expect(text).toContain('bytes 53500 (to service 3500, from service 50000), packets 70, connections 2 (1 active)');
    expect(text).toMatch(/TARGET\s+BYTES_TO\s+BYTES_FROM\s+PACKETS\s+CONNECTIONS\s+ACTIVE/);
    expect(text).toMatch(/srv1\s+1000\s+50000\s+50\s+1\s+1/);
  });
});
