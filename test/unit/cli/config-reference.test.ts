// The configuration reference is generated from the schemas: every key must say what it
// is for, and the page in docs/ must be what the schemas render today.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentSchema, collectKeys, controllerSchema, renderConfigReference, undescribedKeys } from '../../../cli/config-reference';

describe('configuration reference', () => {
  it('has a description on every key of the controller schema (all app sections and levels)', () => {
    expect(undescribedKeys(controllerSchema())).toEqual([]);
  });

  it('has a description on every key of the agent schema', () => {
    expect(undescribedKeys(agentSchema())).toEqual([]);
  });

  it('reports a key without a description', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', description: 'A.' }, b: { type: 'object', description: 'B.', properties: { c: { type: 'integer' } } } } };
    expect(undescribedKeys(schema)).toEqual(['b.c']);
  });

  it('covers the controller, level and agent keys', () => {
    const paths = collectKeys(controllerSchema()).map((k) => k.path);
    for (const p of ['openflow.keepalive.intervalMs', 'serviceRouting.ingress.dpids', 'serviceRouting.services[].prefix', 'levels[].upstream.address', 'api.tokens[].role', 'apps.forwarding.idleTimeout', 'redis.url']) {
      expect(paths).toContain(p);
    }
    expect(collectKeys(agentSchema()).map((k) => k.path)).toContain('load.socketScanBudget');
  });

  it('docs/configuration.md is what `npm run docs` renders from the schemas today', () => {
    const onDisk = readFileSync(join(__dirname, '../../../docs/configuration.md'), 'utf8');
    // On failure: run `npm run docs` and commit docs/configuration.md.
    expect(onDisk).toBe(renderConfigReference());
  });
});
