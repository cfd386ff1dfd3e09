import { validateConfig } from '../../../controller/config/load';
import { SERVICE_ROUTING_SECTION_SCHEMA, type ServiceRoutingConfig } from '../../../level/config-schema';
import { REDIS_SECTION_SCHEMA } from '../../../controller/store/config-schema';
import { buildCatalog } from '../../../level/catalog/catalog-build';

const sections = { topLevel: { serviceRouting: SERVICE_ROUTING_SECTION_SCHEMA, redis: REDIS_SECTION_SCHEMA } };

const good = {
  serviceRouting: {
    ingress: { dpids: ['0000000000000001'] },
    targets: [
      { id: 'srv1', attachment: { ip: '10.1.0.11', mac: '02:00:00:00:01:11', port: 2 } },
      { id: 'srv2', weight: 3, cost: 5, adminState: 'draining' },
    ],
    services: [{ id: 'web', prefix: '192.200.0.10/32', protocol: 'tcp', ports: [80], targets: ['srv1', 'srv2'], policy: 'busy-hours' }],
    policies: {
      least: { type: 'least-load' },
      mix: { type: 'weighted-sum', loadFactor: 1, costFactor: 0.5 },
      near: { type: 'affinity', base: 'least', rules: [{ clientPrefix: '10.0.0.0/8', targets: ['srv1'] }] },
      'busy-hours': { type: 'time-of-day', tzOffsetMinutes: 60, windows: [{ start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5], policy: 'mix' }], default: 'near' },
    },
  },
  redis: { url: 'redis://127.0.0.1:6379' },
};

describe('serviceRouting and redis config sections', () => {
  it('accepts a full section, fills defaults, and yields a valid catalog', () => {
    const cfg = validateConfig(good, { sections });
    const sr = cfg.serviceRouting as ServiceRoutingConfig;
    expect(sr.tableUpdateIntervalMs).toBe(1000);
    expect(sr.assignmentLoadIncrement).toBe(0.01);
    expect(sr.ingress).toMatchObject({ vipMac: '02:00:00:00:00:01', pinIdleTimeoutSec: 60 });
    expect(sr.targets[0]).toMatchObject({ kind: 'server', weight: 1, cost: 0, adminState: 'enabled' });
    expect(cfg.redis).toEqual({ url: 'redis://127.0.0.1:6379', keyPrefix: 'slr:', maxReconnectDelayMs: 2000 });
    expect(buildCatalog(sr).ok).toBe(true);
  });

  it('refuses unknown keys (typos are errors, not silent defaults)', () => {
    expect(() => validateConfig({ ...good, serviceRouting: { ...good.serviceRouting, tableUpdateInterval: 5 } }, { sections })).toThrow(
      /tableUpdateInterval/,
    );
    expect(() => validateConfig({ ...good, redis: { url: 'redis://x', host: 'x' } }, { sections })).toThrow(/host/);
  });

  it('refuses bad shapes: empty target lists, bad prefixes, zero increments, unknown policy types', () => {
    const sr = good.serviceRouting;
    const bad: Array<[unknown, RegExp]> = [
      [{ ...sr, services: [{ ...sr.services[0], targets: [] }] }, /targets/],
      [{ ...sr, services: [{ ...sr.services[0], prefix: '192.200.0.10/40' }] }, /prefix/],
      [{ ...sr, assignmentLoadIncrement: 0 }, /assignmentLoadIncrement/],
      [{ ...sr, policies: { ...sr.policies, least: { type: 'random' } } }, /least/],
      [{ ...sr, ingress: {} }, /dpids/],
    ];
    for (const [b, message] of bad) {
      let error: unknown;
      try {
        validateConfig({ serviceRouting: b }, { sections });
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) });
    }
  });

  it('refuses a redis url that is not redis:// or rediss://', () => {
    expect(() => validateConfig({ redis: { url: 'http://x' } }, { sections })).toThrow(/url/);
  });
});
