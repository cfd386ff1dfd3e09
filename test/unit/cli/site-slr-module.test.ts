import type { ServiceRoutingApp } from '../../../apps/service-routing/service-routing-app';
import { catalogDirectory, siteSlrModule } from '../../../cli/site-slr-module';
import { configSectionsOf } from '../../../controller/app-module';
import { validateConfig } from '../../../controller/config/load';

// Only what catalogDirectory reads: targets by id and services with their specs.
function fakeApp(targets: Record<string, { kind: string; attachment?: { ip: string; mac: string } }>, services: { prefix: string; targets: string[] }[]): ServiceRoutingApp {
  return {
    catalog: {
      target: (id: string) => targets[id],
      services: () => services.map((spec) => ({ spec })),
    },
  } as unknown as ServiceRoutingApp;
}

describe('catalogDirectory', () => {
  const app = fakeApp(
    {
      srv1: { kind: 'server', attachment: { ip: '10.0.3.1', mac: '00:00:00:00:03:01' } },
      spare: { kind: 'server' },
      siteA: { kind: 'site' },
    },
    [
      { prefix: '10.0.0.100/32', targets: ['srv1'] },
      { prefix: '192.200.0.0/16', targets: ['srv1'] },
      { prefix: '192.201.0.0/16', targets: ['other'] },
    ],
  );
  const dir = catalogDirectory(app);

  it('lets a server serve the prefixes of the services that list it, with its configured addresses', () => {
    expect(dir.lookup('srv1')).toEqual({ serverId: 'srv1', subnets: ['10.0.0.100/32', '192.200.0.0/16'], ip: '10.0.3.1', mac: '00:00:00:00:03:01' });
  });

  it('lets a spare (in no service) serve any service prefix of the site', () => {
    expect(dir.lookup('spare')?.subnets).toEqual(['10.0.0.100/32', '192.200.0.0/16', '192.201.0.0/16']);
  });

  it('knows no unconfigured id and no target that is not a server', () => {
    expect(dir.lookup('nobody')).toBeUndefined();
    expect(dir.lookup('siteA')).toBeUndefined();
  });
});

describe('siteSlrModule config sections', () => {
  const sections = configSectionsOf([siteSlrModule]);

  it('adds the agents section next to serviceRouting and redis', () => {
    expect(Object.keys(sections.topLevel ?? {}).sort()).toEqual(['agents', 'redis', 'serviceRouting']);
  });

  it('rejects an unknown key inside agents, naming it', () => {
    const raw = { agents: { listen: 'unix:/tmp/x.sock', tls: { caFile: 'a', certFile: 'b', keyFile: 'c' }, bogus: 1 } };
    expect(() => validateConfig(raw, { sections })).toThrow(/bogus/);
  });
});
