// A real service catalog, decision engine and pin table behind the real adapter, with a
// fake switch directory: the API is tested against the modules it will run with.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { ServiceCatalog } from '../../../level/catalog/catalog';
import { DecisionEngine } from '../../../level/decision/decision-engine';
import type { CatalogSpec } from '../../../level/types';
import { Pins } from '../../../level/pins/pins';
import type { DatapathDirectory } from '../../../controller/app';
import type { DatapathInfo } from '../../../controller/events';
import { MemoryStore } from '../../../controller/store/memory-store';
import { createNorthboundServices, type AdapterDeps, type NorthboundAdapter } from '../../../northbound-api/adapter';
import { buildApi, type ApiOptions } from '../../../northbound-api/build-api';
import type { TableTimer } from '../../../northbound-api/adapter/routing-adapter';
import { MemoryApiStateStore, type ApiStateStore } from '../../../northbound-api/state/state-store';

// fastify's inject (light-my-request) requires the ESM-only "cookie" 2.x, which jest
// cannot load. Only request cookies use it, and these tests send none.
jest.mock('cookie', () => ({
  stringifySetCookie: () => {
    throw new Error('cookies are not used in these tests');
  },
}));

export const READ_TOKEN = 'read-token-0123456789abcdef';
export const WRITE_TOKEN = 'write-token-0123456789abcdef';
export const TOKENS = [
  { token: READ_TOKEN, role: 'read' as const, name: 'viewer' },
  { token: WRITE_TOKEN, role: 'write' as const, name: 'operator' },
];

export function seedSpec(): CatalogSpec {
  return {
    targets: [
      { id: 'srv1', kind: 'server', weight: 1, cost: 0, adminState: 'enabled', attachment: { ip: '10.0.1.1', mac: '02:00:00:00:01:01', port: 1 } },
      { id: 'srv2', kind: 'server', weight: 1, cost: 5, adminState: 'enabled' },
      { id: 'srv3', kind: 'server', weight: 2, cost: 1, adminState: 'enabled' },
    ],
    services: [{ id: 'web', prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'least' }],
    policies: { least: { type: 'least-load' }, byweight: { type: 'weighted' } },
  };
}

export class FakeDatapaths implements DatapathDirectory {
  readonly entries: DatapathInfo[] = [];
  get(dpid: bigint): DatapathInfo | undefined {
    return this.entries.find((d) => d.dpid === dpid);
  }
  list(): DatapathInfo[] {
    return this.entries;
  }
}

export class ManualTimer implements TableTimer {
  active: Array<{ fn: () => void; ms: number }> = [];
  set(fn: () => void, ms: number): unknown {
    const h = { fn, ms };
    this.active.push(h);
    return h;
  }
  clear(handle: unknown): void {
    this.active = this.active.filter((h) => h !== handle);
  }
}

export interface World {
  catalog: ServiceCatalog;
  engine: DecisionEngine;
  pins: Pins;
  store: MemoryStore;
  datapaths: FakeDatapaths;
  timer: ManualTimer;
  services: NorthboundAdapter;
}

/** `extra`: adapter options beyond the fixture's own (ingress switches, a clock). */
export function makeWorld(spec: CatalogSpec = seedSpec(), extra: Partial<AdapterDeps> = {}): World {
  const catalog = new ServiceCatalog(spec);
  const store = new MemoryStore();
  const engine = new DecisionEngine(catalog, store.loads, { tableUpdateIntervalMs: 1000, assignmentLoadIncrement: 1 });
  const pins = new Pins(store.pins);
  const datapaths = new FakeDatapaths();
  const timer = new ManualTimer();
  const services = createNorthboundServices({ catalog, engine, pins, datapaths, store, tableTimer: timer, ...extra });
  return { catalog, engine, pins, store, datapaths, timer, services };
}

export interface Harness extends World {
  app: FastifyInstance;
  stateStore: ApiStateStore;
  /** Sends with the write token unless `token` says otherwise (null: none). */
  call(method: InjectOptions['method'], url: string, body?: unknown, opts?: { token?: string | null; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  /** Everything configured, as GET returns it: compared before and after a refused write. */
  snapshot(): Promise<Record<string, unknown>>;
}

export async function makeHarness(options: Partial<ApiOptions> = {}, spec?: CatalogSpec, extra: Partial<AdapterDeps> = {}): Promise<Harness> {
  const world = makeWorld(spec, extra);
  const stateStore = options.stateStore ?? new MemoryApiStateStore();
  const app = await buildApi(world.services, { tokens: TOKENS, bodyLimit: 4096, ...options, stateStore });
  const call: Harness['call'] = (method, url, body, opts = {}) => {
    const token = opts.token === undefined ? WRITE_TOKEN : opts.token;
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const req: InjectOptions = { method, url, headers };
    if (body !== undefined) {
      req.payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    return app.inject(req);
  };
  const snapshot = async () => {
    const parts = await Promise.all(['/v1/targets', '/v1/services', '/v1/policies'].map((u) => call('GET', u)));
    return { api: parts.map((p) => p.json()), catalog: world.catalog.spec(), version: world.catalog.version };
  };
  return { ...world, app, stateStore, call, snapshot };
}

/** An error body names a code and a message and never carries a stack trace. */
export function expectCleanError(res: LightMyRequestResponse, status: number, code?: string): { code: string; message: string; problems?: Array<{ field: string; in: string; reason: string }> } {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.body).not.toMatch(/\n\s+at /);
  expect(res.body).not.toMatch(/"stack"/);
  const body = res.json() as { error: { code: string; message: string; problems?: Array<{ field: string; in: string; reason: string }> } };
  expect(typeof body.error.message).toBe('string');
  if (code !== undefined) expect(body.error.code).toBe(code);
  return body.error;
}
