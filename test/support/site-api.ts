// A small client for the controller's REST API in site tests: bearer token, JSON bodies,
// and If-Match from a fresh GET for every change (the API versions every object).
import type { RunningController } from './controller-process';

export const SITE_API_TOKEN = 'site-e2e-token-0123456789abcdef';

/** The `api` config section that makes `slr controller` serve the API on a free port. */
export function siteApiSection(): Record<string, unknown> {
  return { api: { host: '127.0.0.1', port: 0, tokens: [{ token: SITE_API_TOKEN, role: 'write', name: 'site-e2e' }] } };
}

export interface SiteApi {
  get<T = Record<string, unknown>>(path: string): Promise<T>;
  /** GET for the version, then `method` with If-Match; the body is sent as given. */
  change<T = Record<string, unknown>>(method: 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  create<T = Record<string, unknown>>(path: string, body: unknown): Promise<T>;
}

export async function siteApi(controller: RunningController): Promise<SiteApi> {
  const rec = await controller.waitForLog((r) => r.msg === 'API listening', 15_000);
  const base = `http://127.0.0.1:${String(rec.port)}`;
  const call = async <T>(method: string, path: string, body?: unknown, ifMatch?: string): Promise<{ body: T; etag: string | null }> => {
    const headers: Record<string, string> = { authorization: `Bearer ${SITE_API_TOKEN}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (ifMatch !== undefined) headers['if-match'] = ifMatch;
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
    return { body: (text ? JSON.parse(text) : {}) as T, etag: res.headers.get('etag') };
  };
  return {
    get: async (path) => (await call('GET', path)).body as never,
    async change(method, path, body) {
      const { etag } = await call('GET', path);
      return (await call(method, path, body, etag ?? undefined)).body as never;
    },
    create: async (path, body) => (await call('POST', path, body)).body as never,
  };
}
