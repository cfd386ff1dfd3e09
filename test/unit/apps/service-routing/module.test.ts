import { configSectionsOf } from '../../../../controller/app-module';
import { validateConfig } from '../../../../controller/config/load';
import { silentLogger } from '../../../../controller/logger';
import { MemoryStore } from '../../../../controller/store/memory-store';
import { RedisStore } from '../../../../controller/store/redis-store';
import { serviceRoutingModule } from '../../../../apps/service-routing/module';
import { ServiceRoutingApp } from '../../../../apps/service-routing/service-routing-app';

const sections = configSectionsOf([serviceRoutingModule]);
const section = {
  ingress: { dpids: ['1'] },
  targets: [{ id: 'srv1' }],
  services: [{ id: 'web', prefix: '192.200.0.10', protocol: 'tcp', ports: [80], targets: ['srv1'], policy: 'least' }],
  policies: { least: { type: 'least-load' } },
};

describe('serviceRoutingModule', () => {
  it('is absent without a serviceRouting section', () => {
    expect(serviceRoutingModule.create(validateConfig({}, { sections }), silentLogger())).toBeUndefined();
  });

  it('builds the app on the memory store by default and on Redis when configured', async () => {
    const mem = serviceRoutingModule.create(validateConfig({ serviceRouting: section }, { sections }), silentLogger());
    expect(mem).toBeInstanceOf(ServiceRoutingApp);
    expect((mem as ServiceRoutingApp).store).toBeInstanceOf(MemoryStore);
    const red = serviceRoutingModule.create(
      validateConfig({ serviceRouting: section, redis: { url: 'redis://127.0.0.1:1' } }, { sections }),
      silentLogger(),
    ) as ServiceRoutingApp;
    expect(red.store).toBeInstanceOf(RedisStore);
    await red.store.close();
  });

  it('reports catalog meaning errors as config errors naming the object', () => {
    const bad = { ...section, services: [{ ...section.services[0], targets: ['ghost'] }] };
    expect(() => serviceRoutingModule.create(validateConfig({ serviceRouting: bad }, { sections }), silentLogger())).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: 'serviceRouting: service "web" names unknown target "ghost"' }),
    );
  });
});
