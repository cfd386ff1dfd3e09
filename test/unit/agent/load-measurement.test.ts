import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadIndex } from '../../../agent/load-index';
import { LoadMeter } from '../../../agent/load-meter';
import { countEstablished, parseProcNetTcp } from '../../../agent/proc-net-tcp';
import { cpuUtilisation, parseProcStat } from '../../../agent/proc-stat';
import { parseCidr } from '../../../peering/cidr';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const tcp = parseProcNetTcp(fixture('proc-net-tcp.txt'), true);
const tcp6 = parseProcNetTcp(fixture('proc-net-tcp6.txt'), true);
const vip4 = parseCidr('192.200.0.0/16')!;
const vip6 = parseCidr('2001:db8::/32')!;

describe('/proc/net/tcp parsing', () => {
  it('decodes little-endian addresses, ports and states', () => {
    expect(tcp).toHaveLength(9);
    expect(tcp[1]).toEqual({ family: 4, localAddress: 0xc0c80005n, localPort: 80, established: true });
    expect(tcp[0].established).toBe(false); // LISTEN (0A)
    expect(tcp[7]).toMatchObject({ localAddress: 0x7f000001n, localPort: 8080 });
  });

  it('reports IPv4-mapped tcp6 sockets as IPv4 and keeps real IPv6 ones', () => {
    expect(tcp6[1]).toMatchObject({ family: 4, localAddress: 0xc0c80006n, localPort: 80, established: true });
    expect(tcp6[2]).toMatchObject({ family: 6, localAddress: 0x20010db8000000000000000000000001n, localPort: 80 });
  });

  it('skips the header and malformed lines', () => {
    expect(parseProcNetTcp('header\n   0: garbage\n\n', true)).toEqual([]);
  });
});

describe('counting established connections on service ports', () => {
  const all = [...tcp, ...tcp6];

  it('counts only ESTABLISHED sockets on the ports whose local address is a VIP of the subnet', () => {
    // 192.200.0.5:80, 192.200.0.7:80, ::ffff:192.200.0.6:80 (not TIME_WAIT, CLOSE_WAIT, LISTEN,
    // the real address 10.0.0.1:80, or 192.201.0.5:80)
    expect(countEstablished(all, { ports: new Set([80]), subnet: vip4 })).toBe(3);
    expect(countEstablished(all, { ports: new Set([80, 443]), subnet: vip4 })).toBe(4);
    expect(countEstablished(all, { ports: new Set([80]), subnet: vip6 })).toBe(1);
  });

  it('counts by port alone when no subnet filter is given', () => {
    // 0.5, 0.7, 10.0.0.1, 201.0.5 on tcp; mapped 0.6 and 2001:db8::1 on tcp6
    expect(countEstablished(all, { ports: new Set([80]) })).toBe(6);
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
