// A real `slr controller` process with a Redis store: what an operator changes through the
// API survives stopping the process and starting it again with the same config file (the
// file only seeds the state on the first start).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startSlrController, type RunningController } from '../../support/controller-process';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';

const TOKEN = 'restart-test-token-0123456789';

let redis: RedisServerHandle;
let logDir: string;
const running: RunningController[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  logDir = mkdtempSync(path.join(tmpdir(), 'slr-restart-'));
}, 20_000);

afterAll(async () => {
  for (const c of running.splice(0)) await c.stop();
  await redis.stop();
});

function config(apiPort: number): object {
  const servers = [1, 2].map((i) => ({ id: `srv${i}`, attachment: { ip: `10.0.1.${i}`, mac: `02:00:00:00:01:0${i}`, port: i } }));
  return {
    openflow: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    apps: { forwarding: { enabled: true } },
    redis: { url: redis.url },
    serviceRouting: {
      ingress: { dpids: ['1'] },
      targets: servers,
      services: [{ id: 'web', prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'least-load' }],
      policies: { 'least-load': { type: 'least-load' } },
    },
    api: { host: '127.0.0.1', port: apiPort, tokens: [{ token: TOKEN, role: 'write', name: 'test' }] },
  };
}

async function start(name: string, apiPort: number): Promise<string> {
  const c = await startSlrController({ config: config(apiPort), logDir, name });
  running.push(c);
  await c.waitForLog((r) => r.msg === 'API listening', 15_000);
  return `http://127.0.0.1:${apiPort}`;
}

async function stop(): Promise<void> {
  await running.pop()?.stop();
}

async function call(base: string, method: string, url: string, body?: unknown, ifMatch?: string): Promise<{ status: number; json: Record<string, unknown>; etag: string | null }> {
  const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (ifMatch !== undefined) headers['if-match'] = ifMatch;
  const res = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, etag: res.headers.get('etag') };
}

describe('slr controller restart with a Redis store', () => {
  it('keeps a drained target, a new weight and a new service configured through the API', async () => {
    const apiPort = await freePort();
    let base = await start('first', apiPort);
    const srv2 = await call(base, 'GET', '/v1/targets/srv2');
    expect(srv2.json).toMatchObject({ weight: 1, adminState: 'enabled' });
    const patched = await call(base, 'PATCH', '/v1/targets/srv2', { weight: 7, adminState: 'draining' }, srv2.etag ?? undefined);
    expect(patched.status).toBe(200);
    const created = await call(base, 'POST', '/v1/services', {
      id: 'dns', prefix: '192.200.53.0/24', protocol: 'udp', ports: [53], targets: ['srv1'], policy: 'least-load',
    });
    expect(created.status).toBe(201);

    await stop();
    base = await start('second', apiPort);

    // The same config file seeds srv2 as weight 1, enabled, and has no "dns" service:
    // what comes back is the API's state from Redis, not the seed.
    expect((await call(base, 'GET', '/v1/targets/srv2')).json).toMatchObject({ weight: 7, adminState: 'draining' });
    expect((await call(base, 'GET', '/v1/services/dns')).json).toMatchObject({ prefix: '192.200.53.0/24', protocol: 'udp', ports: [53] });
    // And the decision engine follows it: the drained server is not eligible.
    const sim = await call(base, 'POST', '/v1/simulate', { client: '10.0.0.1', clientPort: 4000, vip: '10.0.0.100', vipPort: 80 });
    expect(sim.json.chosen).toBe('srv1');
  }, 60_000);
});
