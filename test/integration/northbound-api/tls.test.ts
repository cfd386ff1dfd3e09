// api.tls: the API over HTTPS with a certificate from scripts/gen-certs.sh.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startApi } from '../../../northbound-api/start-api';
import type { ApiConfig } from '../../../northbound-api/config-schema';
import { makeWorld, WRITE_TOKEN, TOKENS } from '../../unit/northbound-api/fixture';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'slr-api-tls-'));
  execFileSync('bash', [path.join(__dirname, '../../../scripts/gen-certs.sh'), dir], { stdio: 'pipe' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(tls: ApiConfig['tls']): ApiConfig {
  return { enabled: true, host: '127.0.0.1', port: 0, bodyLimit: 65536, stateRefreshMs: 0, tokens: TOKENS, tls };
}

function get(mod: typeof httpsRequest | typeof httpRequest, port: number, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = mod({ host: '127.0.0.1', port, path: '/v1/targets', headers: { authorization: `Bearer ${WRITE_TOKEN}` }, ca, timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

describe('API over HTTPS', () => {
  it('serves HTTPS with the configured certificate and refuses plain HTTP', async () => {
    const world = makeWorld();
    const api = await startApi(config({ keyFile: path.join(dir, 'slr.key'), certFile: path.join(dir, 'slr.crt') }), world.services);
    try {
      expect(api.address.scheme).toBe('https');
      const res = await get(httpsRequest, api.address.port, readFileSync(path.join(dir, 'ca.crt')));
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).items).toHaveLength(3);
      await expect(get(httpsRequest, api.address.port)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
      await expect(get(httpRequest, api.address.port)).rejects.toThrow();
    } finally {
      await api.close();
      world.services.close();
    }
  });

  it('a missing key file is a config read error naming api.tls', async () => {
    const world = makeWorld();
    await expect(startApi(config({ keyFile: path.join(dir, 'nope.key'), certFile: path.join(dir, 'slr.crt') }), world.services)).rejects.toMatchObject({
      code: 'CONFIG_READ',
      message: expect.stringContaining('api.tls'),
    });
    world.services.close();
  });
});
