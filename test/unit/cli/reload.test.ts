// The reload plan: which config changes a SIGHUP may apply, and the catalog a level
// gets (the live catalog with the file's differences applied on top).
import { configPaths, mergeCatalog, planReload, type LevelState } from '../../../cli/reload';
import type { CatalogSpec, TargetSpec } from '../../../level/types';

const target = (id: string, extra: Partial<TargetSpec> = {}): TargetSpec => ({ id, kind: 'server', weight: 1, cost: 0, adminState: 'enabled', ...extra });
const A1 = { ip: '10.0.1.11', mac: '02:00:00:00:01:11', port: 2 };
const A2 = { ip: '10.0.1.12', mac: '02:00:00:00:01:12', port: 3 };
const file = (): CatalogSpec => ({
  targets: [target('srv1', { attachment: A1 }), target('srv2', { attachment: A2 })],
  services: [{ id: 'web', prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'll' }],
  policies: { ll: { type: 'least-load' } },
});
const config = (catalog: CatalogSpec, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  openflow: { host: '127.0.0.1', port: 6653 },
  serviceRouting: { id: 'site', ingress: { dpids: ['1'] }, ...catalog },
  api: { port: 8080, tokens: [{ token: 'x'.repeat(16), role: 'read' }] },
  ...extra,
});
const level = (live: CatalogSpec, oldFile: CatalogSpec, newFile: CatalogSpec): LevelState[] => [{ id: 'site', where: 'serviceRouting', live, oldFile, newFile }];

describe('configPaths', () => {
  it('names the catalog lists as a whole and other keys leaf by leaf', () => {
    const a = config(file());
    const b = config({ ...file(), services: [] }, { openflow: { host: '127.0.0.1', port: 6654 } });
    expect(configPaths(a, b).sort()).toEqual(['openflow.port', 'serviceRouting.services']);
  });

  it('indexes arrays of objects and names an array whose length changed as a whole', () => {
    expect(configPaths({ levels: [{ id: 'a', kind: 'site' }] }, { levels: [{ id: 'a', kind: 'system' }] })).toEqual(['levels[0].kind']);
    expect(configPaths({ levels: [{ id: 'a' }] }, { levels: [{ id: 'a' }, { id: 'b' }] })).toEqual(['levels']);
  });
});

describe('planReload', () => {
  it('accepts services, targets, policies and tokens, and gives the merged catalog', () => {
    const next = { ...file(), policies: { ll: { type: 'least-load' as const }, w: { type: 'weighted' as const } } };
    next.services = [...next.services, { id: 'web2', prefix: '10.0.0.101/32', protocol: 'tcp', ports: [80], targets: ['srv2'], policy: 'w' }];
    const after = config(next, { api: { port: 8080, tokens: [{ token: 'y'.repeat(16), role: 'write' }] } });
    const plan = planReload(config(file()), after, level(file(), file(), next));
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.changed.sort()).toEqual(['api.tokens', 'serviceRouting.policies', 'serviceRouting.services']);
    expect(plan.catalogs.get('site')?.services.map((s) => s.id)).toEqual(['web', 'web2']);
  });

  it('refuses, naming every key, when something needs a restart', () => {
    const after = config(file(), { openflow: { host: '0.0.0.0', port: 6653 }, redis: { url: 'redis://127.0.0.1:6379' } });
    expect(planReload(config(file()), after, level(file(), file(), file()))).toEqual({ ok: false, reason: 'openflow.host, redis cannot change without a restart' });
  });

  it('refuses switching TLS on for a listener, but accepts new files for one that has it', () => {
    const tls = { caFile: '/a', certFile: '/b', keyFile: '/c' };
    const plain = config(file());
    const withTls = config(file(), { openflow: { host: '127.0.0.1', port: 6653, tls } });
    expect(planReload(plain, withTls, level(file(), file(), file()))).toMatchObject({ ok: false, reason: expect.stringContaining('openflow.tls (added)') });
    const renewed = config(file(), { openflow: { host: '127.0.0.1', port: 6653, tls: { ...tls, certFile: '/b2' } } });
    expect(planReload(withTls, renewed, level(file(), file(), file()))).toMatchObject({ ok: true, changed: ['openflow.tls.certFile'] });
  });

  it('refuses a catalog that would not be valid, with the catalog\'s own words', () => {
    const next = file();
    next.services = [{ ...next.services[0], targets: ['srv9'] }];
    const plan = planReload(config(file()), config(next), level(file(), file(), next));
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reason).toMatch(/^serviceRouting: .*srv9/);
  });
});

describe('mergeCatalog', () => {
  it('keeps what the file did not change as it is live (API edits, registered targets)', () => {
    const live = file();
    live.targets = [target('srv1', { attachment: A1, adminState: 'draining' }), live.targets[1], target('srv7', { attachment: { ip: '10.0.1.17', mac: '02:00:00:00:01:17' } })];
    live.services = [{ ...live.services[0], targets: ['srv1', 'srv2', 'srv7'] }];
    const next = file();
    next.targets = [next.targets[0], target('srv2', { attachment: A2, weight: 5 })];
    next.services = [{ ...next.services[0], ports: [80, 8080] }];
    const merged = mergeCatalog(live, file(), next);
    expect(merged.targets.find((t) => t.id === 'srv1')?.adminState).toBe('draining');
    expect(merged.targets.find((t) => t.id === 'srv2')?.weight).toBe(5);
    expect(merged.targets.map((t) => t.id)).toContain('srv7');
    expect(merged.services[0]).toMatchObject({ ports: [80, 8080], targets: ['srv1', 'srv2', 'srv7'] });
  });

  it('removes what the file removed, from the services too', () => {
    const next = file();
    next.targets = [next.targets[0]];
    next.services = [{ ...next.services[0], targets: ['srv1'] }];
    const merged = mergeCatalog(file(), file(), next);
    expect(merged.targets.map((t) => t.id)).toEqual(['srv1']);
    expect(merged.services[0].targets).toEqual(['srv1']);
  });

  it('drops a key the file no longer sets on a target', () => {
    const old = file();
    const next = file();
    next.targets = [target('srv1'), next.targets[1]];
    expect(mergeCatalog(old, old, next).targets.find((t) => t.id === 'srv1')?.attachment).toBeUndefined();
  });
});
