import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadIndex } from '../../../agent/load-index';
import { LoadMeter } from '../../../agent/load-meter';
import { EstablishedCounter, type SocketFilter } from '../../../agent/socket-scan';
import { cpuUtilisation, parseProcStat } from '../../../agent/proc-stat';
import { parseCidr } from '../../../controller/net';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const bytes = (name: string): Buffer => Buffer.from(fixture(name));
const tcp = bytes('proc-net-tcp.txt');
const tcp6 = bytes('proc-net-tcp6.txt');
const vip4 = parseCidr('192.200.0.0/16')!;
const vip6 = parseCidr('2001:db8::/32')!;
const cidr = (text: string) => parseCidr(text)!;

/** Counts per filter over the given files, as the agent scans them (little-endian fixtures). */
function count(filters: SocketFilter[], files: Buffer[], littleEndian = true): number[] {
  const counter = new EstablishedCounter(filters, littleEndian);
  const counts = filters.map(() => 0);
  for (const f of files) counter.scan(f, f.length, counts);
  return counts;
}

describe('/proc/net/tcp scanning', () => {
  it('decodes little-endian addresses, ports and states', () => {
    // Line 1: 192.200.0.5:80 ESTABLISHED; line 3 is the same address in TIME_WAIT, line 8 in LAST_ACK.
    expect(count([{ ports: new Set([80]), subnet: cidr('192.200.0.5/32') }], [tcp])).toEqual([1]);
    // Line 0 listens on 0.0.0.0:80: LISTEN is not counted.
    expect(count([{ ports: new Set([80]), subnet: cidr('0.0.0.0/32') }], [tcp])).toEqual([0]);
    // Line 7: 127.0.0.1:8080.
    expect(count([{ ports: new Set([8080]), subnet: cidr('127.0.0.1/32') }], [tcp])).toEqual([1]);
    expect(count([{ ports: new Set([8080]), subnet: cidr('127.0.0.2/32') }], [tcp])).toEqual([0]);
  });

  it('reads big-endian words as printed on a big-endian machine', () => {
    const be = Buffer.from('  sl  local_address rem_address   st\n   0: C0C80005:0050 0A000001:C350 01 00000000:00000000\n');
    expect(count([{ ports: new Set([80]), subnet: cidr('192.200.0.5/32') }], [be], false)).toEqual([1]);
    expect(count([{ ports: new Set([80]), subnet: cidr('192.200.0.5/32') }], [be], true)).toEqual([0]);
  });

  it('reports IPv4-mapped tcp6 sockets as IPv4 and keeps real IPv6 ones', () => {
    expect(count([{ ports: new Set([80]), subnet: cidr('192.200.0.6/32') }], [tcp6])).toEqual([1]);
    expect(count([{ ports: new Set([80]), subnet: cidr('2001:db8::1/128') }], [tcp6])).toEqual([1]);
    expect(count([{ ports: new Set([80]), subnet: cidr('2001:db8::2/128') }], [tcp6])).toEqual([0]);
  });

  it('skips the header and malformed lines', () => {
    const junk = Buffer.from('header\n   0: garbage\n\n   1: 0500C8C0:0050 0100000A:C350\n   2: 0500C8C0:005G 0100000A:C350 01 x\n' +
      '   3: 0500C8C0:0050 0100000A:C350 01');
    expect(count([{ ports: new Set([80]) }], [junk])).toEqual([1]);
    expect(count([{ ports: new Set([80]) }], [Buffer.alloc(0)])).toEqual([0]);
  });

  it('counts only the bytes it is given', () => {
    const two = Buffer.concat([tcp, Buffer.from('  99: 0500C8C0:0050 0100000A:C350 01 00000000:00000000\n')]);
    expect(count([{ ports: new Set([80]), subnet: vip4 }], [two])).toEqual([3]);
    const counter = new EstablishedCounter([{ ports: new Set([80]), subnet: vip4 }], true);
    const counts = [0];
    counter.scan(two, tcp.length, counts);
    expect(counts).toEqual([2]);
  });
});

describe('counting established connections on service ports', () => {
  const all = [tcp, tcp6];

  it('counts only ESTABLISHED sockets on the ports whose local address is a VIP of the subnet', () => {
    // 192.200.0.5:80, 192.200.0.7:80, ::ffff:192.200.0.6:80 (not TIME_WAIT, CLOSE_WAIT, LISTEN,
    // the real address 10.0.0.1:80, or 192.201.0.5:80)
    expect(count([{ ports: new Set([80]), subnet: vip4 }], all)).toEqual([3]);
    expect(count([{ ports: new Set([80, 443]), subnet: vip4 }], all)).toEqual([4]);
    expect(count([{ ports: new Set([80]), subnet: vip6 }], all)).toEqual([1]);
  });

  it('counts by port alone when no subnet filter is given', () => {
    // 0.5, 0.7, 10.0.0.1, 201.0.5 on tcp; mapped 0.6 and 2001:db8::1 on tcp6
    expect(count([{ ports: new Set([80]) }], all)).toEqual([6]);
  });

  it('counts every filter in one pass', () => {
    expect(count([
      { ports: new Set([80]), subnet: vip4 },
      { ports: new Set([80, 443]), subnet: vip6 },
      { ports: new Set([443]) },
      { ports: new Set([22]) },
    ], all)).toEqual([3, 2, 2, 0]);
  });
});

describe('CPU utilisation from /proc/stat deltas', () => {
  it('parses the aggregate line, counting iowait as idle', () => {
    expect(parseProcStat(fixture('proc-stat-1.txt'))).toEqual({ busy: 150, idle: 850 });
  });

  it('computes busy / total over the interval', () => {
    const a = parseProcStat(fixture('proc-stat-1.txt'));
    const b = parseProcStat(fixture('proc-stat-2.txt'));
    expect(cpuUtilisation(a, b)).toBeCloseTo(90 / 160, 10);
    expect(cpuUtilisation(b, b)).toBe(0);
  });

  it('rejects a file without a cpu line', () => {
    expect(() => parseProcStat('intr 1\n')).toThrow(/no aggregate cpu line/);
  });
});

describe('load index', () => {
  const w = { connectionWeight: 1, cpuWeight: 3, connectionsAtFullLoad: 10 };

  it('combines connection ratio and cpu by relative weights', () => {
    expect(loadIndex(5, 0.5, w)).toBeCloseTo((1 * 0.5 + 3 * 0.5) / 4, 6);
    expect(loadIndex(0, 0, w)).toBe(0);
    expect(loadIndex(10, 1, w)).toBe(1);
  });

  it('goes above 1 when overloaded and follows one term when the other weight is 0', () => {
    expect(loadIndex(20, 0, { ...w, cpuWeight: 0 })).toBe(2);
    expect(loadIndex(20, 0.25, { ...w, connectionWeight: 0 })).toBe(0.25);
  });
});

describe('LoadMeter over fixture files', () => {
  const files: Record<string, string> = {
    '/fake/net/tcp': fixture('proc-net-tcp.txt'),
    '/fake/net/tcp6': fixture('proc-net-tcp6.txt'),
    '/fake/stat': fixture('proc-stat-1.txt'),
  };
  const read = async (f: string): Promise<string> => {
    if (!(f in files)) throw new Error(`ENOENT ${f}`);
    return files[f];
  };

  it('reports per-subnet connections, the cpu delta since prime(), and the combined index', async () => {
    const meter = new LoadMeter({
      subnets: [
        { subnet: '192.200.0.0/16', ports: [80] },
        { subnet: '2001:db8::/32', ports: [80, 443] },
      ],
      weights: { connectionWeight: 1, cpuWeight: 1, connectionsAtFullLoad: 10 },
      matchVipAddress: true,
      procRoot: '/fake',
      read,
    });
    await meter.prime();
    files['/fake/stat'] = fixture('proc-stat-2.txt');
    const loads = await meter.sample();
    const cpu = 90 / 160;
    expect(loads[0]).toMatchObject({ subnet: '192.200.0.0/16', connections: 3 });
    expect(loads[0].cpu).toBeCloseTo(cpu, 10);
    expect(loads[0].load).toBeCloseTo((0.3 + cpu) / 2, 5);
    expect(loads[1]).toMatchObject({ subnet: '2001:db8::/32', connections: 2 });
  });

  it('works when tcp6 is absent', async () => {
    delete files['/fake/net/tcp6'];
    const meter = new LoadMeter({
      subnets: [{ subnet: '192.200.0.0/16', ports: [80] }],
      weights: { connectionWeight: 1, cpuWeight: 0, connectionsAtFullLoad: 4 },
      matchVipAddress: true,
      procRoot: '/fake',
      read,
    });
    const [l] = await meter.sample();
    expect(l.connections).toBe(2);
    expect(l.load).toBe(0.5);
  });
});
