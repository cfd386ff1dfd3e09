import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, validateConfig } from '../../../../controller/config/load';
import { buildConfigSchema } from '../../../../controller/config/schema';
import { toChannelConfig } from '../../../../controller/config/types';
import { isSlrError, SlrError } from '../../../../controller/errors';

const forwardingSection = {
  type: 'object',
  additionalProperties: false,
  properties: { enabled: { type: 'boolean', default: true }, priority: { type: 'integer', default: 10 } },
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (isSlrError(e, 'CONFIG_INVALID')) return (e.details?.problems as string[]) ?? [e.message];
    throw e;
  }
  throw new Error('expected a config error');
}

describe('config validation', () => {
  it('accepts a good config and fills defaults', () => {
    const cfg = validateConfig(
      { openflow: { port: 6655, keepalive: { intervalMs: 2000 } }, log: { level: 'debug' }, apps: { forwarding: { priority: 20 } } },
      { sections: { apps: { forwarding: forwardingSection } } },
    );
    expect(cfg.openflow.port).toBe(6655);
    expect(cfg.openflow.host).toBe('127.0.0.1');
    expect(cfg.openflow.keepalive).toEqual({ intervalMs: 2000, timeoutMs: 10000 });
    expect(cfg.openflow.missSendLen).toBe(0xffff);
    expect(cfg.log.level).toBe('debug');
    expect(cfg.apps.forwarding).toEqual({ enabled: true, priority: 20 });
  });

  it('fills every default for an empty config', () => {
    const cfg = validateConfig({});
    expect(cfg.openflow.port).toBe(6653);
    expect(cfg.openflow.timeouts.requestMs).toBe(10000);
    expect(cfg.log.level).toBe('info');
    expect(cfg.apps).toEqual({});
  });

  it('names an unknown top-level key', () => {
    expect(problemsOf(() => validateConfig({ lg: { level: 'info' } }))).toEqual([
      'config: unknown key "lg" (did you mean "log"?)',
    ]);
  });

  it('names an unknown nested key with a suggestion', () => {
    expect(problemsOf(() => validateConfig({ openflow: { prot: 6653 } }))).toEqual([
      'config: unknown key "openflow.prot" (did you mean "port"?)',
    ]);
  });

  it('names an unknown key inside a registered app section', () => {
    const problems = problemsOf(() =>
      validateConfig({ apps: { forwarding: { priorty: 1 } } }, { sections: { apps: { forwarding: forwardingSection } } }),
    );
    expect(problems).toEqual(['config: unknown key "apps.forwarding.priorty" (did you mean "priority"?)']);
  });

  it('rejects an app section nobody registered', () => {
    expect(problemsOf(() => validateConfig({ apps: { forwarding: {} } }))).toEqual([
      'config: unknown key "apps.forwarding"',
    ]);
  });

  it('reports a wrong type with its path', () => {
    expect(problemsOf(() => validateConfig({ openflow: { port: '6653' } }))).toEqual([
      'config: "openflow.port" must be integer',
    ]);
  });

  it('reports out-of-range values and bad enums', () => {
    const problems = problemsOf(() => validateConfig({ openflow: { port: 70000 }, log: { level: 'loud' } }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/"openflow.port" must be <= 65535/);
    expect(problems[1]).toMatch(/"log.level" must be one of "trace"/);
  });

  it('reports missing required keys', () => {
    expect(problemsOf(() => validateConfig({ openflow: { tls: { keyFile: 'k', certFile: 'c' } } }))).toEqual([
      'config: missing key "openflow.tls.caFile"',
    ]);
  });

  it('freezes the result deeply and leaves the input alone', () => {
    const raw = { openflow: { port: 1 } };
    const cfg = validateConfig(raw);
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.openflow.keepalive)).toBe(true);
    expect(() => {
      (cfg.openflow as { port: number }).port = 2;
    }).toThrow(TypeError);
    expect(raw).toEqual({ openflow: { port: 1 } });
  });

  it('applies command-line overrides before validation', () => {
    const cfg = validateConfig({ openflow: { port: 6653 } }, { overrides: { port: 0, host: '127.0.0.2' } });
    expect(cfg.openflow.port).toBe(0);
    expect(cfg.openflow.host).toBe('127.0.0.2');
  });

  it('refuses to register a section twice', () => {
    expect(() => buildConfigSchema({ topLevel: { openflow: {} } })).toThrow(/registered twice/);
  });

  it('loads files and reports unreadable or non-JSON ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slr-cfg-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ openflow: { port: 7000, role: { role: 'master', generationId: '18446744073709551615' } } }));
    const cfg = loadConfigFile(good);
    expect(toChannelConfig(cfg.openflow).role).toEqual({ role: 'master', generationId: 18446744073709551615n });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "openflow": ');
    expect(() => loadConfigFile(bad)).toThrow(SlrError);
    expect(() => loadConfigFile(bad)).toThrow(/not valid JSON/);
    expect(() => loadConfigFile(join(dir, 'missing.json'))).toThrow(/cannot read/);
  });
});
