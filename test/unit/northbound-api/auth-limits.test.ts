import { expectCleanError, makeHarness, makeWorld, READ_TOKEN, TOKENS, WRITE_TOKEN, type Harness } from './fixture';
import { buildApi } from '../../../northbound-api/build-api';
import { targetCreateBody } from '../../../northbound-api/schemas/target';
import { simulateBody } from '../../../northbound-api/schemas/simulate';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.app.close();
  h.services.close();
});

describe('authentication', () => {
  it('a read without a token is 401 with a Bearer challenge; an unknown token too', async () => {
    const res = await h.call('GET', '/v1/targets', undefined, { token: null });
    expectCleanError(res, 401, 'UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="slr"');
    expectCleanError(await h.call('GET', '/v1/targets', undefined, { token: 'not-a-real-token-xxxx' }), 401);
    expectCleanError(await h.call('GET', '/v1/targets', undefined, { token: null, headers: { authorization: `Basic ${WRITE_TOKEN}` } }), 401);
  });

  it('a write without a token is 401, with a read token 403, and changes nothing', async () => {
    const before = await h.snapshot();
    expectCleanError(await h.call('PATCH', '/v1/targets/srv1', { weight: 5 }, { token: null }), 401);
    expectCleanError(await h.call('PATCH', '/v1/targets/srv1', { weight: 5 }, { token: READ_TOKEN }), 403, 'FORBIDDEN');
    expectCleanError(await h.call('DELETE', '/v1/services/web', undefined, { token: READ_TOKEN }), 403);
    expectCleanError(await h.call('POST', '/v1/policies', { name: 'x', type: 'cost' }, { token: READ_TOKEN }), 403);
    expect(await h.snapshot()).toEqual(before);
  });

  it('HEAD needs a token like GET', async () => {
    expect((await h.call('HEAD', '/v1/targets', undefined, { token: null })).statusCode).toBe(401);
    expect((await h.call('HEAD', '/v1/targets', undefined, { token: READ_TOKEN })).statusCode).toBe(200);
  });

  it('both roles may read; the write role may write', async () => {
    for (const t of TOKENS) expect((await h.call('GET', '/v1/services', undefined, { token: t.token })).statusCode).toBe(200);
    expect((await h.call('PATCH', '/v1/targets/srv1', { weight: 5 }, { token: WRITE_TOKEN })).statusCode).toBe(200);
  });

  it('with no tokens configured every protected route is closed', async () => {
    const app = await buildApi(makeWorld().services, { tokens: [] });
    const res = await app.inject({ method: 'GET', url: '/v1/targets', headers: { authorization: `Bearer ${WRITE_TOKEN}` } });
    expect(res.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/v1/health' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('limits and malformed requests', () => {
  it('a body over the limit is 413 and changes nothing', async () => {
    const before = await h.snapshot();
    const big = { id: 'big', kind: 'server', attachment: { ip: '10.0.0.1', mac: '02:00:00:00:00:01' }, pad: 'x'.repeat(5000) };
    expectCleanError(await h.call('POST', '/v1/targets', big), 413, 'PAYLOAD_TOO_LARGE');
    expect(await h.snapshot()).toEqual(before);
  });

  it('an anonymous oversized write is refused before its body is read (401)', async () => {
    expectCleanError(await h.call('POST', '/v1/targets', { pad: 'x'.repeat(5000) }, { token: null }), 401);
  });

  it('a non-JSON body is 415', async () => {
    expectCleanError(await h.call('POST', '/v1/targets', 'id=srv9', { headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(h.catalog.target('srv9')).toBeUndefined();
  });

  it('a missing body is a 400 naming the body', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/targets', headers: { authorization: `Bearer ${WRITE_TOKEN}` } });
    expectCleanError(res, 400, 'VALIDATION_FAILED');
  });

  it('a prototype-polluting body is refused', async () => {
    const e = expectCleanError(await h.call('POST', '/v1/targets', '{"id":"p1","__proto__":{"weight":9}}'), 400);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(h.catalog.target('p1')).toBeUndefined();
  });

  it('an unknown route is a JSON 404', async () => {
    expectCleanError(await h.call('GET', '/v1/nothing'), 404, 'NOT_FOUND');
    expectCleanError(await h.call('PATCH', '/v1/services/web', { policy: 'least' }), 404);
  });

  it('an internal failure is a 500 with no message or stack from inside', async () => {
    const world = makeWorld();
    world.services.switches.list = () => {
      throw new Error('secret detail at /work/main/northbound-api/x.ts:1');
    };
    const app = await buildApi(world.services, { tokens: TOKENS });
    const res = await app.inject({ method: 'GET', url: '/v1/switches', headers: { authorization: `Bearer ${READ_TOKEN}` } });
    const e = expectCleanError(res, 500, 'INTERNAL');
    expect(e.message).toBe('internal error');
    expect(res.body).not.toContain('secret');
    await app.close();
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document, without a token, built from the validating schemas', async () => {
    const res = await h.call('GET', '/openapi.json', undefined, { token: null });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/services', '/v1/services/{id}', '/v1/targets/{id}', '/v1/policies/{name}', '/v1/pins', '/v1/pins/{protocol}/{client}/{vip}', '/v1/simulate', '/v1/switches/{dpid}', '/v1/levels', '/v1/peers', '/v1/health']),
    );
    expect(doc.paths['/v1/targets'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/TargetCreate' });
    expect(doc.components.schemas.TargetCreate).toEqual(targetCreateBody);
    expect(doc.paths['/v1/simulate'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SimulateRequest' });
    expect(doc.components.schemas.SimulateRequest).toEqual(simulateBody);
    expect(doc.paths['/v1/targets/{id}'].patch.parameters).toContainEqual(expect.objectContaining({ name: 'If-Match', in: 'header' }));
    expect(doc.paths['/v1/pins'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['vip', 'client', 'target', 'limit']);
    expect(doc.paths['/v1/health'].get.security).toEqual([]);
    expect(doc.paths['/v1/targets'].get.security).toEqual([{ bearer: [] }]);
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops as Record<string, { operationId: string }>).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names each resource once under components/schemas and refers to it from the operations', async () => {
    const doc = (await h.call('GET', '/openapi.json', undefined, { token: null })).json();
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(['Error', 'Target', 'TargetCreate', 'Service', 'Policy', 'Pin', 'SimulateRequest', 'SimulateResult', 'Switch', 'Health']));
    expect(doc.paths['/v1/targets/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Target' });
    expect(doc.paths['/v1/targets/{id}'].get.responses['404'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(doc.paths['/v1/switches'].get.responses['200'].content['application/json'].schema.properties.items.items).toEqual({ $ref: '#/components/schemas/Switch' });
    // Every reference resolves, and the named schema is the validating one.
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[A-Za-z]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(30);
    for (const r of new Set(refs)) expect(names).toContain(JSON.parse(r).split('/').pop());
    expect(doc.components.schemas.TargetCreate).toEqual(targetCreateBody);
  });

  it('serves Swagger UI at /docs without a token, with every asset from the controller itself', async () => {
    const page = await h.call('GET', '/docs/', undefined, { token: null });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect((await h.call('GET', '/docs', undefined, { token: null })).statusCode).toBe(200);
    // Offline: the page loads its scripts and styles from the controller, all of them here.
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
    expect(assets).toEqual(expect.arrayContaining(['./static/swagger-ui-bundle.js', './static/swagger-initializer.js']));
    for (const asset of assets) {
      const url = new URL(asset, 'http://controller/docs/').pathname;
      const res = await h.call('GET', url, undefined, { token: null });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
    }
    const init = (await h.call('GET', '/docs/static/swagger-initializer.js', undefined, { token: null })).body;
    // No call to the public validator, and a policy that allows nothing from elsewhere.
    expect(init).toMatch(/validatorUrl: null/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).not.toMatch(/https:|validator|upgrade-insecure-requests/);
    // The UI reads the same document as /openapi.json.
    const ui = (await h.call('GET', '/docs/json', undefined, { token: null })).json();
    expect(ui).toEqual((await h.call('GET', '/openapi.json', undefined, { token: null })).json());
    // The API itself still wants a token.
    expect((await h.call('GET', '/v1/targets', undefined, { token: null })).statusCode).toBe(401);
  });
});
