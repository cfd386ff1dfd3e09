// The qos app's pure parts: checks naming their field, shares granted by class under
// contention, stable meter ids, and the meters and classify flows for a link's switch.
import { checkQosState, checkServiceQos, enforcementFor, grantShares, MeterIdAllocator, type ServiceDirectory } from '../../../../apps/qos/shares';
import type { QosState } from '../../../../apps/qos/types';
import { MeterSpace } from '../../../../controller/meter-space';

const DIR: ServiceDirectory = {
  prefixOf: (id) => ({ gold: '10.0.0.100/32', bronze: '10.0.0.101/32', subnet: '192.200.0.0/16' } as Record<string, string>)[id],
  targetsOf: (id) => (id === 'gold' ? ['srv1'] : ['srv1', 'srv2']),
};

function state(services: QosState['services']): QosState {
  return {
    links: [{ id: 'access', dpid: '0000000000000102', rateKbps: 30_000 }],
    classes: { premium: { rank: 0, sharePercent: 50, targets: ['srv1'] }, 'best-effort': { rank: 1, sharePercent: 10 } },
    services,
  };
}

describe('checks', () => {
  it('names the field of each bad input', () => {
    const s = state({});
    const fields = (q: object): string[] => checkServiceQos(s, 'bronze', q, DIR, '').map((p) => p.field);
    expect(fields({ sharePercent: 150 })).toEqual(['/sharePercent']);
    expect(fields({ sharePercent: 0 })).toContain('/sharePercent');
    expect(fields({ rateLimitKbps: -1 })).toEqual(['/rateLimitKbps']);
    expect(fields({ class: 'platinum', sharePercent: 5 })).toEqual(['/class']);
    expect(fields({ link: 'nope', sharePercent: 5 })).toEqual(['/link']);
    expect(fields({})).toEqual(['/']);
    expect(fields({ sharePercent: 100 })).toEqual([]);
    expect(fields({ rateLimitKbps: 0 })).toEqual([]);
  });

  it('keeps a class restricted to some targets away from a service using others', () => {
    const s = state({});
    expect(checkServiceQos(s, 'gold', { class: 'premium' }, DIR, '')).toEqual([]);
    const p = checkServiceQos(s, 'bronze', { class: 'premium' }, DIR, '');
    expect(p).toEqual([{ field: '/class', reason: expect.stringContaining('srv2') }]);
  });

  it('checks a whole state with pointers to each service', () => {
    const p = checkQosState(state({ gold: { sharePercent: 101 }, nosuch: { sharePercent: 5 } }), DIR);
    expect(p.map((x) => x.field).sort()).toEqual(['/services/gold/sharePercent', '/services/nosuch']);
  });
});

describe('grantShares', () => {
  it('gives each what it asks while the link has room, capped by rate limits', () => {
    const g = grantShares(state({ gold: { sharePercent: 40 }, bronze: { sharePercent: 20, rateLimitKbps: 1000 } }));
    expect(g.find((s) => s.serviceId === 'gold')).toMatchObject({ grantedPercent: 40, rateKbps: 12_000 });
    expect(g.find((s) => s.serviceId === 'bronze')).toMatchObject({ grantedPercent: 20, rateKbps: 1000 });
  });

  it('keeps premium\'s share when the link is oversubscribed and scales best effort into what is left', () => {
    const g = grantShares(state({ gold: { class: 'premium', sharePercent: 70 }, bronze: { class: 'best-effort', sharePercent: 40 }, subnet: { class: 'best-effort', sharePercent: 20 } }));
    const by = Object.fromEntries(g.map((s) => [s.serviceId, s]));
    expect(by.gold).toMatchObject({ grantedPercent: 70, rateKbps: 21_000 });
    // 30% left for 60% asked: each best-effort service gets half of what it asked.
    expect(by.bronze).toMatchObject({ requestedPercent: 40, grantedPercent: 20, rateKbps: 6000 });
    expect(by.subnet).toMatchObject({ grantedPercent: 10, rateKbps: 3000 });
  });

  it('takes a class\'s share for a service that names none', () => {
    const g = grantShares(state({ bronze: { class: 'best-effort' } }));
    expect(g[0]).toMatchObject({ requestedPercent: 10, grantedPercent: 10, rateKbps: 3000 });
  });
});

describe('MeterIdAllocator', () => {
  it('gives each service two ids, stable, and reuses a released slot', () => {
    const a = new MeterIdAllocator();
    expect([a.toVip('gold'), a.fromVip('gold')]).toEqual([1, 2]);
    expect([a.toVip('bronze'), a.fromVip('bronze')]).toEqual([3, 4]);
    expect(a.toVip('gold')).toBe(1);
    a.release('gold');
    expect(a.toVip('subnet')).toBe(1);
    expect(a.toVip('bronze')).toBe(3);
  });
});

describe('enforcementFor', () => {
  const space = new MeterSpace(6);
  const s = state({ gold: { sharePercent: 40 }, subnet: { sharePercent: 10, directions: 'from-vip' } });
  const ids = new MeterIdAllocator();

  it('puts meters and classify flows only on the link\'s switch, for the directions asked', () => {
    const e = enforcementFor(0x102n, s, grantShares(s), DIR, ids, (l) => space.id(l)!, { burstMs: 100 });
    expect(e.meters.map((m) => [m.localId, m.bands[0]])).toEqual([
      [1, { type: 'DROP', rate: 12_000, burstSize: 1200 }],
      [2, { type: 'DROP', rate: 12_000, burstSize: 1200 }],
      [4, { type: 'DROP', rate: 3000, burstSize: 300 }],
    ]);
    expect(e.flows.map((f) => [f.tableId, f.priority, f.match[1], f.instructions])).toEqual([
      [0, 50, { field: 'ipv4_dst', value: '10.0.0.100' }, [{ type: 'METER', meterId: 0x60001 }, { type: 'GOTO_TABLE', tableId: 3 }]],
      [0, 50, { field: 'ipv4_src', value: '10.0.0.100' }, [{ type: 'METER', meterId: 0x60002 }, { type: 'GOTO_TABLE', tableId: 3 }]],
      [0, 50, { field: 'ipv4_src', value: '192.200.0.0', mask: '255.255.0.0' }, [{ type: 'METER', meterId: 0x60004 }, { type: 'GOTO_TABLE', tableId: 3 }]],
    ]);
    expect(enforcementFor(0x101n, s, grantShares(s), DIR, ids, (l) => space.id(l)!, { burstMs: 100 })).toEqual({ meters: [], flows: [] });
  });
});
