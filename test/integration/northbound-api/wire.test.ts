// The wiring `slr controller` uses: the api section registered through the module list,
// the SLR level built from the same config, the API listening on loopback.
import { createSlrProcess, slrModule } from '../../../cli/slr-process';
import { configSectionsOf } from '../../../controller/app-module';
import { validateConfig } from '../../../controller/config/load';
import { silentLogger } from '../../../controller/logger';
import { effectiveApiConfig, northboundApiModule, startNorthbound } from '../../../northbound-api/wire';
import { FakeDatapaths } from '../../unit/northbound-api/fixture';

const TOKEN = 'wire-test-token-0123456789';
const modules = [slrModule, northboundApiModule];

function config(extra: Record<string, unknown> = {}) {
  return validateConfig(
    {
      serviceRouting: {
        ingress: { dpids: ['1'] },
        targets: [{ id: 'srv1', attachment: { ip: '10.0.1.1', mac: '02:00:00:00:01:01', port: 1 } }],
        services: [{ id: 'web', prefix: '10.0.0.100', protocol: 'tcp', ports: [80], targets: ['srv1'], policy: 'least' }],
        policies: { least: { type: 'least-load' } },
        aggregate: 'max',
      },
      api: { port: 0, tokens: [{ token: TOKEN, role: 'write' }] },
      ...extra,
    },
    { sections: configSectionsOf(modules) },
  );
}

describe('startNorthbound', () => {
  it('fills api defaults (loopback) and takes the state store from the redis section', () => {
    const c = config({ redis: { url: 'redis://127.0.0.1:1' } });
    expect(c.api).toMatchObject({ enabled: true, host: '127.0.0.1', bodyLimit: 65536 });
    expect(effectiveApiConfig(c)?.state).toEqual({ redisUrl: 'redis://127.0.0.1:1', keyPrefix: 'slr:' });
    expect(effectiveApiConfig(config())?.state).toBeUndefined();
    // Through Sentinel, the API state follows the same sentinels as the store.
    const sentinels = [{ host: '127.0.0.1', port: 26379 }];
    const viaSentinels = config({ redis: { url: 'redis://:pw@x/2', sentinels, sentinelName: 'slr', keyPrefix: 'p:' } });
    expect(effectiveApiConfig(viaSentinels)?.state).toEqual({ redisUrl: 'redis://:pw@x/2', sentinels, sentinelName: 'slr', keyPrefix: 'p:' });
    expect(() => config({ api: { tokens: [{ token: 'short', role: 'write' }] } })).toThrow(/api\.tokens\.0\.token/);
    expect(() => config({ api: { prot: 1 } })).toThrow(/unknown key "api\.prot"/);
    expect(northboundApiModule.create(c, silentLogger())).toBeUndefined();
  });

  it('serves the app\'s catalog on 127.0.0.1 and changes it', async () => {
    const c = config();
    const app = createSlrProcess(c, silentLogger())!.levels[0];
    const running = await startNorthbound({ config: c, level: app, datapaths: new FakeDatapaths(), log: silentLogger() });
    expect(running).toBeDefined();
    try {
      const base = `http://127.0.0.1:${running!.address.port}`;
      expect(running!.address.host).toBe('127.0.0.1');
      const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
      const res = await fetch(`${base}/v1/targets/srv1`, { method: 'PATCH', headers: auth, body: JSON.stringify({ adminState: 'draining' }) });
      expect(res.status).toBe(200);
      expect(app.catalog.target('srv1')?.adminState).toBe('draining');
      const levels = (await (await fetch(`${base}/v1/levels`, { headers: auth })).json()) as { items: Array<{ subnets: unknown[] }> };
      expect(levels.items[0].subnets[0]).toMatchObject({ subnet: '10.0.0.100/32', aggregation: 'max' });
      // Health knows the configured ingress switch (none is connected here) and the
      // drained service's only target.
      const health = (await (await fetch(`${base}/v1/health`)).json()) as { status: string; problems: Array<{ message: string }> };
      expect(health.status).toBe('degraded');
      expect(health.problems.map((p) => p.message)).toEqual([
        'ingress switch 0000000000000001 is not connected', 'service web has no eligible target (srv1 draining)',
      ]);
    } finally {
      await running!.close();
    }
  });

  it('runs no API when the config has no api section', async () => {
    const c = validateConfig(
      { serviceRouting: { ingress: { dpids: ['1'] }, targets: [{ id: 'a', attachment: { ip: '10.0.0.1', mac: '02:00:00:00:00:0a' } }], services: [], policies: {} } },
      { sections: configSectionsOf(modules) },
    );
    expect(c.api).toBeUndefined();
    const app = createSlrProcess(c, silentLogger())!.levels[0];
    expect(await startNorthbound({ config: c, level: app, datapaths: new FakeDatapaths(), log: silentLogger() })).toBeUndefined();
  });

  it('does nothing when the api is disabled', async () => {
    const c = config({ api: { enabled: false } });
    const app = createSlrProcess(c, silentLogger())!.levels[0];
    expect(await startNorthbound({ config: c, level: app, datapaths: new FakeDatapaths(), log: silentLogger() })).toBeUndefined();
  });
});
