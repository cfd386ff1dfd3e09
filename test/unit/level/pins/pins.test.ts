import { Pins } from '../../../../level/pins/pins';
import { MemoryStore } from '../../../../controller/store/memory-store';

const ip = (s: string) => s.split('.').reduce((v, o) => v * 256 + Number(o), 0);
const conn = (client: string, port: number, vip = '192.200.0.10', vipPort = 80, proto = 6) => ({
  proto,
  srcIp: ip(client),
  srcPort: port,
  dstIp: ip(vip),
  dstPort: vipPort,
});
const prefix = (s: string) => {
  const [a, len] = s.split('/');
  const mask = Number(len) === 0 ? 0 : (0xffffffff << (32 - Number(len))) >>> 0;
  return { base: ip(a), mask };
};

describe('Pins', () => {
  it('is idempotent: repeated packet-ins of one connection get the first target', () => {
    const pins = new Pins();
    expect(pins.claim(conn('10.0.0.1', 40000), 'srv-a', 1n, 10)).toEqual({ target: 'srv-a', created: true });
    expect(pins.claim(conn('10.0.0.1', 40000), 'srv-b', 2n, 11)).toEqual({ target: 'srv-a', created: false });
    expect(pins.lookup(6, ip('10.0.0.1'), 40000, ip('192.200.0.10'), 80)).toBe('srv-a');
  });

  it('releases on flow removal and reports the target it had', () => {
    const pins = new Pins();
    pins.claim(conn('10.0.0.1', 40000), 'srv-a', 1n, 10);
    expect(pins.release(conn('10.0.0.1', 40000))).toBe('srv-a');
    expect(pins.release(conn('10.0.0.1', 40000))).toBeUndefined();
    expect(pins.size).toBe(0);
  });

  it('lists with filters by VIP prefix, target and client prefix', () => {
    const pins = new Pins();
    pins.claim(conn('10.0.0.1', 1), 'a', 1n, 1);
    pins.claim(conn('10.0.0.2', 2), 'b', 1n, 2);
    pins.claim(conn('172.16.0.1', 3, '192.201.0.1'), 'a', 0x10n, 3);
    expect(pins.list({ target: 'a' }).map((p) => p.clientPort).sort()).toEqual([1, 3]);
    expect(pins.list({ vip: prefix('192.200.0.0/16') }).map((p) => p.clientPort).sort()).toEqual([1, 2]);
    expect(pins.list({ client: prefix('172.16.0.0/12') })).toEqual([
      { proto: 6, client: '172.16.0.1', clientPort: 3, vip: '192.201.0.1', vipPort: 80, target: 'a', dpid: '0000000000000010', path: null, createdAt: 3 },
    ]);
    expect(pins.list({ target: 'nobody' })).toEqual([]);
    expect(pins.list({ limit: 2 })).toHaveLength(2);
  });

  it('yields the pins of one datapath only', () => {
    const pins = new Pins();
    pins.claim(conn('10.0.0.1', 1), 'a', 1n, 1);
    pins.claim(conn('10.0.0.1', 2), 'b', 2n, 1);
    pins.claim(conn('10.0.0.1', 3), 'c', 1n, 1);
    expect([...pins.pinsOn(1n)].map((p) => `${p.record.srcPort}:${p.target}`).sort()).toEqual(['1:a', '3:c']);
    expect([...pins.pinsOn(9n)]).toEqual([]);
  });

  it('keeps pins of a drained or removed target until their flows end', () => {
    const pins = new Pins();
    pins.claim(conn('10.0.0.1', 1), 'old', 1n, 1);
    pins.claim(conn('10.0.0.1', 2), 'old', 1n, 1);
    // The catalog forgetting "old" does not touch pins: they still resolve by name.
    expect(pins.countForTarget('old')).toBe(2);
    expect(pins.lookup(6, ip('10.0.0.1'), 2, ip('192.200.0.10'), 80)).toBe('old');
    pins.release(conn('10.0.0.1', 1));
    expect(pins.countForTarget('old')).toBe(1);
  });

  it('mirrors claims and releases to the store and restores them on a spare', async () => {
    const store = new MemoryStore({ mirrorPins: true });
    const master = new Pins(store.pins);
    master.claim(conn('10.0.0.1', 1), 'srv a', 0xabn, 100);
    master.claim(conn('10.0.0.2', 2, '192.200.0.10', 53, 17), 'srv-b', 1n, 200);
    master.claim(conn('10.0.0.3', 3), 'srv-b', 1n, 300);
    master.release(conn('10.0.0.3', 3));
    const mirrored = await store.pins.loadAll();
    expect([...mirrored.keys()].sort()).toEqual(['17 10.0.0.2:2 192.200.0.10:53', '6 10.0.0.1:1 192.200.0.10:80']);
    const spare = new Pins();
    expect(spare.restore(mirrored)).toBe(2);
    expect(spare.lookup(6, ip('10.0.0.1'), 1, ip('192.200.0.10'), 80)).toBe('srv a');
    expect(spare.list({ target: 'srv a' })[0]).toMatchObject({ dpid: '00000000000000ab', createdAt: 100 });
    expect(spare.restore(new Map([['garbage', 'x'], ['6 1.2.3.4:5 6.7.8.9:10', 'no-dpid']]))).toBe(0);
  });

  it('expires idle pins and releases their mirror copies', async () => {
    const store = new MemoryStore({ mirrorPins: true });
    const pins = new Pins(store.pins);
    pins.claim(conn('10.0.0.1', 1), 'a', 1n, 0);
    pins.claim(conn('10.0.0.1', 2), 'a', 1n, 0);
    expect(pins.touch(conn('10.0.0.1', 2), 1000)).toBe(true);
    expect(pins.expireIdle(500)).toBe(1);
    expect([...(await store.pins.loadAll()).keys()]).toEqual(['6 10.0.0.1:2 192.200.0.10:80']);
  });

  it('records the path of a pin, keeps it for repeats, and moves it on a shortcut', () => {
    const pins = new Pins();
    const toSite = { kind: 'mpls' as const, port: 4, labels: [2001] };
    expect(pins.claim(conn('10.0.0.1', 1), 'site-a', 1n, 1, toSite)).toEqual({ target: 'site-a', created: true, path: toSite });
    const other = { kind: 'mpls' as const, port: 5, labels: [2002] };
    expect(pins.claim(conn('10.0.0.1', 1), 'site-b', 1n, 2, other)).toEqual({ target: 'site-a', created: false, path: toSite });
    const shortcut = { kind: 'mpls' as const, port: 4, labels: [2001, 20011] };
    expect(pins.repath(conn('10.0.0.1', 1), shortcut)).toBe(true);
    expect(pins.pathOf(6, ip('10.0.0.1'), 1, ip('192.200.0.10'), 80)).toEqual(shortcut);
    expect(pins.list()[0].path).toBe('mpls:4:2001/20011');
    expect(pins.repath(conn('10.0.0.9', 1), shortcut)).toBe(false);
  });

  it('mirrors the path with the pin, so a spare restores exactly the path in use', async () => {
    const store = new MemoryStore({ mirrorPins: true });
    const master = new Pins(store.pins);
    const local = { kind: 'local' as const, port: 3, mac: '02:00:00:00:03:01' };
    master.claim(conn('10.0.0.1', 1), 'srv1', 0x102n, 5, local);
    master.claim(conn('10.0.0.1', 2), 'srv2', 0x102n, 6);
    master.repath(conn('10.0.0.1', 1), { kind: 'mpls', port: 3, labels: [30001] });
    const spare = new Pins(store.pins);
    expect(spare.restore(await store.pins.loadAll())).toBe(2);
    expect(spare.get(6, ip('10.0.0.1'), 1, ip('192.200.0.10'), 80)).toMatchObject({ target: 'srv1', dpid: 0x102n, path: { kind: 'mpls', port: 3, labels: [30001] } });
    expect(spare.get(6, ip('10.0.0.1'), 2, ip('192.200.0.10'), 80)?.path).toBeUndefined();
  });
});
