import { buildCatalog } from '../../../level/catalog/catalog-build';
import { CatalogError, ServiceCatalog } from '../../../level/catalog/catalog';
import { IPPROTO_TCP, IPPROTO_UDP } from '../../../level/catalog/service';
import { catalogSpec, ip, server, service } from './fixtures';

function errorsOf(spec: Parameters<typeof buildCatalog>[0]): string[] {
  const r = buildCatalog(spec);
  return r.ok ? [] : r.errors;
}

describe('catalog validation', () => {
  it('accepts a valid catalog', () => {
    const r = buildCatalog(catalogSpec([server('s1'), server('s2')], [service('web', '192.200.0.10/32', ['s1', 's2'])]));
    expect(r.ok).toBe(true);
  });

  it('refuses overlapping VIP prefixes on the same protocol and port, naming both services', () => {
    const errors = errorsOf(
      catalogSpec([server('s1')], [service('wide', '192.200.0.0/16', ['s1']), service('narrow', '192.200.3.4/32', ['s1'])]),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"narrow"');
    expect(errors[0]).toContain('"wide"');
    expect(errors[0]).toContain('overlaps');
  });

  it('refuses overlap when one side serves every port', () => {
    const errors = errorsOf(
      catalogSpec([server('s1')], [service('a', '10.1.0.0/24', ['s1'], { ports: [] }), service('b', '10.1.0.0/25', ['s1'], { ports: [443] })]),
    );
    expect(errors.join()).toContain('overlaps');
  });

  it('allows one VIP with different protocols or disjoint ports', () => {
    const r = buildCatalog(
      catalogSpec(
        [server('s1')],
        [
          service('http', '10.0.0.1', ['s1'], { ports: [80] }),
          service('https', '10.0.0.1/32', ['s1'], { ports: [443] }),
          service('dns', '10.0.0.0/24', ['s1'], { protocol: 'udp', ports: [53] }),
        ],
      ),
    );
    expect(r.ok).toBe(true);
  });

  it('refuses a service with no targets', () => {
    expect(errorsOf(catalogSpec([server('s1')], [service('empty', '10.0.0.1/32', [])]))).toEqual(['service "empty" has no targets']);
  });

  it('refuses a service naming an unknown target', () => {
    expect(errorsOf(catalogSpec([server('s1')], [service('web', '10.0.0.1/32', ['s1', 'ghost'])]))).toEqual([
      'service "web" names unknown target "ghost"',
    ]);
  });

  it('refuses a policy naming an unknown target', () => {
    const errors = errorsOf(
      catalogSpec([server('s1')], [service('web', '10.0.0.1/32', ['s1'], { policy: 'aff' })], {
        least: { type: 'least-load' },
        aff: { type: 'affinity', base: 'least', rules: [{ clientPrefix: '10.9.0.0/16', targets: ['nope'] }] },
      }),
    );
    expect(errors).toEqual(['policy "aff" names unknown target "nope" (rule 10.9.0.0/16)']);
  });

  it('refuses unknown policies, policy cycles, bad prefixes and duplicate ids', () => {
    const errors = errorsOf(
      catalogSpec(
        [server('s1'), server('s1')],
        [service('a', '10.0.0.1/33', ['s1']), service('b', '10.0.0.2/32', ['s1'], { policy: 'missing' }), service('c', '10.0.0.3/32', ['s1'], { policy: 'loop' })],
        {
          least: { type: 'least-load' },
          loop: { type: 'time-of-day', tzOffsetMinutes: 0, windows: [{ start: '08:00', end: '09:00', policy: 'loop' }], default: 'least' },
        },
      ),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'target "s1" is defined twice',
        'service "a": invalid prefix length in "10.0.0.1/33"',
        'service "b" uses unknown policy "missing"',
        expect.stringContaining('policy "loop" refers to itself'),
      ]),
    );
  });

  it('refuses prefixes with host bits set, bad MACs and negative weights', () => {
    const errors = errorsOf(
      catalogSpec(
        [server('s1', { weight: -1, attachment: { ip: '10.0.0.5', mac: 'AA:BB:CC:DD:EE:FF' } })],
        [service('web', '10.0.0.1/24', ['s1'])],
      ),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'target "s1": weight must be a finite number >= 0',
        expect.stringContaining('target "s1": invalid attachment mac'),
        expect.stringContaining('service "web": prefix "10.0.0.1/24" has host bits set'),
      ]),
    );
  });
});

describe('catalog validation of IP-tunnel delivery', () => {
  const site = (attachment: Record<string, unknown>) => server('sb', { kind: 'site', attachment: attachment as never });

  it('accepts a site reached through a tunnel port, with or without a key', () => {
    for (const a of [{ port: 20, delivery: 'ip-tunnel', tunnelId: 5002 }, { port: 20, delivery: 'ip-tunnel' }, { port: 20, delivery: 'ip-tunnel', tunnelId: 0xffffff }]) {
      expect({ a, errors: errorsOf(catalogSpec([site(a)], [service('web', '10.0.0.100/32', ['sb'])])) }).toEqual({ a, errors: [] });
    }
  });

  it('refuses an unknown delivery, a key wider than a VNI, and a server behind a tunnel', () => {
    const errors = errorsOf(catalogSpec(
      [
        server('sa', { kind: 'site', attachment: { port: 20, delivery: 'carrier-pigeon' as never } }),
        server('sb', { kind: 'site', attachment: { port: 20, delivery: 'ip-tunnel', tunnelId: 0x1000000 } }),
        server('s1', { attachment: { ip: '10.0.0.5', mac: '00:00:00:00:00:05', port: 1, delivery: 'ip-tunnel' } }),
      ],
      [service('web', '10.0.0.100/32', ['sa', 'sb', 's1'])],
    ));
    expect(errors).toEqual(expect.arrayContaining([
      'target "sa": unknown delivery "carrier-pigeon"',
      'target "sb": invalid tunnelId 16777216 (0..16777215)',
      'target "s1": a server is delivered to by MAC, not through an IP tunnel',
    ]));
  });
});

describe('catalog lookup', () => {
  const catalog = new ServiceCatalog(
    catalogSpec(
      [server('s1'), server('s2')],
      [
        service('vip', '192.200.1.1/32', ['s1'], { ports: [80] }),
        service('subnet', '192.200.0.0/16', ['s2'], { ports: [443] }),
        service('wide-udp', '192.0.0.0/8', ['s2'], { protocol: 'udp', ports: [] }),
      ],
    ),
  );

  it('finds an exact VIP', () => {
    expect(catalog.lookup(ip('192.200.1.1'), IPPROTO_TCP, 80)?.id).toBe('vip');
  });

  it('falls back to a shorter prefix when the exact VIP does not serve the port', () => {
    expect(catalog.lookup(ip('192.200.1.1'), IPPROTO_TCP, 443)?.id).toBe('subnet');
    expect(catalog.lookup(ip('192.200.77.3'), IPPROTO_TCP, 443)?.id).toBe('subnet');
  });

  it('matches protocol and any-port services', () => {
    expect(catalog.lookup(ip('192.200.1.1'), IPPROTO_UDP, 5353)?.id).toBe('wide-udp');
  });

  it('returns undefined for non-VIPs, wrong ports and wrong protocols', () => {
    expect(catalog.lookup(ip('10.0.0.1'), IPPROTO_TCP, 80)).toBeUndefined();
    expect(catalog.lookup(ip('192.200.1.2'), IPPROTO_TCP, 80)).toBeUndefined();
    expect(catalog.lookup(ip('193.0.0.1'), IPPROTO_UDP, 53)).toBeUndefined();
  });

  it('handles the top of the address space (unsigned uint32)', () => {
    const c = new ServiceCatalog(catalogSpec([server('s1')], [service('top', '255.255.255.0/24', ['s1'])]));
    expect(c.lookup(ip('255.255.255.254'), IPPROTO_TCP, 80)?.id).toBe('top');
  });
});

describe('catalog changes at run time', () => {
  function fresh(): ServiceCatalog {
    return new ServiceCatalog(catalogSpec([server('s1'), server('s2')], [service('web', '10.0.0.1/32', ['s1', 's2'])]));
  }

  it('adds and removes services, bumping the version', () => {
    const c = fresh();
    let changes = 0;
    c.onChange(() => changes++);
    c.putService(service('api', '10.0.0.2/32', ['s2']));
    expect(c.lookup(ip('10.0.0.2'), IPPROTO_TCP, 80)?.id).toBe('api');
    expect(c.removeService('api')).toBe(true);
    expect(c.lookup(ip('10.0.0.2'), IPPROTO_TCP, 80)).toBeUndefined();
    expect(c.removeService('api')).toBe(false);
    expect(c.version).toBe(2);
    expect(changes).toBe(2);
  });

  it('keeps the old catalog when a change is invalid', () => {
    const c = fresh();
    expect(() => c.putService(service('clash', '10.0.0.0/24', ['s1']))).toThrow(CatalogError);
    expect(c.lookup(ip('10.0.0.1'), IPPROTO_TCP, 80)?.id).toBe('web');
    expect(c.service('clash')).toBeUndefined();
    expect(c.version).toBe(0);
  });

  it('removes a target from services, refusing to leave a service empty', () => {
    const c = fresh();
    c.removeTarget('s1');
    expect(c.service('web')?.targetIds).toEqual(['s2']);
    expect(() => c.removeTarget('s2')).toThrow('service "web" has no targets');
  });

  it('changes admin state', () => {
    const c = fresh();
    c.setAdminState('s2', 'draining');
    expect(c.target('s2')?.adminState).toBe('draining');
    expect(() => c.setAdminState('zz', 'disabled')).toThrow('unknown target "zz"');
  });
});
