// /v1/qos through the real API and the real qos app (no switches): a good change is in
// force at once; a share above 100%, a negative rate, a class or link that does not
// exist are refused with a 4xx naming the field, and nothing changes.
import { QosApp } from '../../../apps/qos/qos-app';
import { silentLogger } from '../../../controller/logger';
import { expectCleanError, makeHarness, type Harness } from './fixture';

let h: Harness;
let qos: QosApp;

beforeEach(async () => {
  h = await makeHarness();
  qos = new QosApp(
    {
      links: [{ id: 'access', dpid: '0000000000000102', rateKbps: 20_000 }],
      classes: { premium: { rank: 0, sharePercent: 50 }, 'best-effort': { rank: 1, sharePercent: 10 } },
      services: { web: { class: 'premium' } },
      burstMs: 100,
      auditIntervalMs: 0,
    },
    { prefixOf: (id) => h.catalog.service(id)?.subnet, targetsOf: (id) => h.catalog.service(id)?.targetIds ?? [] },
    silentLogger(),
  );
  h.services.qos = qos;
});

afterEach(async () => {
  await h.app.close();
});

it('shows the links, classes and each service\'s granted share', async () => {
  const res = await h.call('GET', '/v1/qos', undefined, { token: null });
  expect(res.statusCode).toBe(401);
  const ok = await h.call('GET', '/v1/qos');
  expect(ok.statusCode).toBe(200);
  expect(ok.json().shares).toEqual([{ serviceId: 'web', link: 'access', class: 'premium', requestedPercent: 50, grantedPercent: 50, rateKbps: 10_000, directions: 'both' }]);
});

it('applies a good change at once', async () => {
  const res = await h.call('PUT', '/v1/qos/services/web', { sharePercent: 30, rateLimitKbps: 5000 });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ serviceId: 'web', grantedPercent: 30, rateKbps: 5000 });
  expect(qos.state().services.web).toEqual({ sharePercent: 30, rateLimitKbps: 5000 });
  expect((await h.call('DELETE', '/v1/qos/services/web')).statusCode).toBe(204);
  expect(qos.shares()).toEqual([]);
});

describe.each([
  ['a share above 100%', { sharePercent: 150 }, 400, '/sharePercent'],
  ['a negative rate', { rateLimitKbps: -1 }, 400, '/rateLimitKbps'],
  ['a class that does not exist', { class: 'platinum', sharePercent: 5 }, 422, '/class'],
  ['a link that does not exist', { link: 'uplink', sharePercent: 5 }, 422, '/link'],
  ['an unknown field', { sharePct: 5 }, 400, '/sharePct'],
])('refuses %s', (_what, body, status, field) => {
  it(`with ${status} naming ${field}, and changes nothing`, async () => {
    const before = await h.call('GET', '/v1/qos');
    const res = await h.call('PUT', '/v1/qos/services/web', body);
    const err = expectCleanError(res, status);
    expect(err.problems?.map((p) => p.field.replace(/^\/body/, ''))).toEqual(expect.arrayContaining([expect.stringContaining(field)]));
    expect((await h.call('GET', '/v1/qos')).json()).toEqual(before.json());
  });
});

it('refuses QoS for a service that does not exist with 404 naming the id', async () => {
  const err = expectCleanError(await h.call('PUT', '/v1/qos/services/nosuch', { sharePercent: 5 }), 404, 'NOT_FOUND');
  expect(err.problems?.[0]).toMatchObject({ field: '/id', in: 'params' });
});
