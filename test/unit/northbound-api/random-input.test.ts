// No input from an API client may crash the process or reach a 5xx: random bodies,
// paths and headers against every write route, with the state checked after each
// refused request.
import { makeHarness, type Harness } from './fixture';

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = ['id', 'name', 'type', 'weight', 'cost', 'adminState', 'kind', 'attachment', 'prefix', 'protocol', 'ports', 'targets', 'policy', 'rules', 'base', 'windows', 'default', 'loadFactor', 'costFactor', 'aggregation', 'tableUpdateIntervalMs', 'client', 'clientPort', 'vip', 'vipPort', '__proto__', 'constructor'];
const STRINGS = ['', 'srv1', 'srv2', 'web', 'least', 'byweight', 'tcp', 'udp', 'enabled', 'draining', 'weighted-sum', 'affinity', '10.0.0.100', '10.0.0.0/8', '0.0.0.0/0', '1'.repeat(300), 'é', '../x', '{"a":1}'];

function value(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 2 ? 5 : 8));
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return [0, -1, 1, 80, 65536, 1e300, 0.5, Number.MAX_SAFE_INTEGER][Math.floor(r() * 8)];
    case 3: return STRINGS[Math.floor(r() * STRINGS.length)];
    case 4: return Math.floor(r() * 2000) - 500;
    case 5: return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    default: return object(r, depth + 1);
  }
}

function object(r: () => number, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) Object.defineProperty(o, FIELDS[Math.floor(r() * FIELDS.length)], { value: value(r, depth), enumerable: true, configurable: true, writable: true });
  return o;
}

const target = { kind: 'server', weight: 2, cost: 1, adminState: 'enabled' };
const service = { prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'least' };
/** Routes with a valid body to mutate (most random bodies fail the schema outright). */
const ROUTES: Array<['POST' | 'PUT' | 'PATCH' | 'DELETE', string, Record<string, unknown> | undefined]> = [
  ['POST', '/v1/targets', { id: 'srv9', ...target }],
  ['PUT', '/v1/targets/srv1', target],
  ['PATCH', '/v1/targets/srv2', { weight: 3, adminState: 'draining' }],
  ['PUT', '/v1/targets/new', target],
  ['POST', '/v1/services', { id: 'api', ...service, prefix: '10.0.0.101/32' }],
  ['PUT', '/v1/services/web', service],
  ['PUT', '/v1/services/other', { ...service, prefix: '10.0.0.0/24' }],
  ['POST', '/v1/policies', { name: 'mix', type: 'weighted-sum', loadFactor: 1, costFactor: 2 }],
  ['PUT', '/v1/policies/least', { type: 'least-load', aggregation: 'max' }],
  ['PUT', '/v1/policies/p9', { type: 'affinity', rules: [{ clientPrefix: '10.9.0.0/16', targets: ['srv3'] }], base: 'byweight' }],
  ['POST', '/v1/simulate', { client: '10.9.0.1', clientPort: 1, vip: '10.0.0.100', vipPort: 80 }],
  ['DELETE', '/v1/pins/tcp/10.0.0.1:1/10.0.0.100:80', undefined],
  ['DELETE', '/v1/targets/srv3', undefined],
  ['DELETE', '/v1/policies/byweight', undefined],
];

/** The template with one field replaced, dropped or added, or unchanged. */
function mutate(r: () => number, template: Record<string, unknown>): Record<string, unknown> {
  const out = { ...template };
  const keys = Object.keys(out);
  const k = r();
  if (k < 0.4) out[keys[Math.floor(r() * keys.length)]] = value(r, 1);
  else if (k < 0.6) delete out[keys[Math.floor(r() * keys.length)]];
  else if (k < 0.8) out[FIELDS[Math.floor(r() * FIELDS.length)]] = value(r, 1);
  return out;
}

let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(async () => {
  await h.app.close();
  h.services.close();
});

it('800 random requests: never a 5xx, never a stack, and a refused one changes nothing', async () => {
  const seed = Number(process.env.SLR_API_FUZZ_SEED ?? 12345);
  const r = rng(seed);
  let state = await h.snapshot();
  const statuses = new Map<number, number>();
  for (let i = 0; i < 800; i++) {
    const [method, url, template] = ROUTES[Math.floor(r() * ROUTES.length)];
    const k = r();
    const body = template !== undefined && k < 0.6 ? mutate(r, template) : k < 0.9 ? object(r, 0) : value(r, 0);
    const headers: Record<string, string> = r() < 0.2 ? { 'if-match': String(value(r, 3)) } : {};
    const res = await h.call(method, url, method === 'DELETE' ? undefined : JSON.stringify(body), { headers });
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    expect({ seed, i, method, url, body, status: res.statusCode < 500 }).toEqual({ seed, i, method, url, body, status: true });
    expect(res.body).not.toMatch(/\n\s+at /);
    const after = await h.snapshot();
    if (res.statusCode >= 400) expect(after).toEqual(state);
    state = after;
  }
  if (process.env.SLR_API_FUZZ_REPORT) process.stderr.write(`statuses ${JSON.stringify([...statuses])}\n`);
  // The generator reaches both the validators and the handlers behind them.
  for (const status of [200, 400, 404, 409, 422]) expect(statuses.get(status) ?? 0).toBeGreaterThan(5);
}, 60_000);
