// Connection counts within a CPU budget: exact walks of the socket table as often as
// the budget allows, CurrEstab scaling in between (agent/connection-counter.ts), and
// the pieces it reads with (/proc/net/snmp, the reusable file reader).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectionCounter } from '../../../agent/connection-counter';
import { ReusableFileReader } from '../../../agent/file-bytes';
import { EstablishedCounter } from '../../../agent/socket-scan';
import { parseCurrEstab } from '../../../agent/tcp-snmp';
import { parseCidr } from '../../../controller/net';

const HEADER = '  sl  local_address rem_address   st\n';
const line = (i: number, port: number, st = '01'): string =>
  `${String(i).padStart(4)}: 0500C8C0:${port.toString(16).toUpperCase().padStart(4, '0')} 0100000A:C350 ${st} 00000000:00000000\n`;
const table = (n80: number, n443: number): Buffer =>
  Buffer.from(HEADER + Array.from({ length: n80 }, (_, i) => line(i, 80)).join('') + Array.from({ length: n443 }, (_, i) => line(n80 + i, 443)).join(''));

function setup(budget: number) {
  let now = 0;
  let cpu = 0;
  let scans = 0;
  /** CPU a scan costs, in microseconds (the fake clock of the process's CPU moves by it). */
  let scanCostUs = 10_000;
  const counter = new ConnectionCounter({
    counter: new EstablishedCounter([{ ports: new Set([80]), subnet: parseCidr('192.200.0.0/16')! }, { ports: new Set([443]) }], true),
    filters: 2, budget, now: () => now, cpuMicros: () => cpu,
  });
  let current = table(100, 20);
  const tables = (): Buffer[] => {
    scans++;
    cpu += scanCostUs;
    return [current];
  };
  return {
    counter, tables,
    advance: (ms: number) => { now += ms; },
    set: (t: Buffer) => { current = t; },
    cost: (us: number) => { scanCostUs = us; },
    get scans() { return scans; },
  };
}

describe('ConnectionCounter', () => {
  it('walks the table at the first report, then as often as the budget allows for what the last walk cost', () => {
    const s = setup(0.01); // a 10 ms walk at 1 % of a core: one walk per second at most
    expect(s.counter.count(240, s.tables)).toEqual({ counts: [100, 20], scanned: true });
    s.advance(500);
    expect(s.counter.count(240, s.tables).scanned).toBe(false);
    s.advance(500);
    expect(s.counter.count(240, s.tables).scanned).toBe(true);
    s.cost(50_000); // the table grew: 50 ms walks, one per 5 s
    s.advance(1000);
    expect(s.counter.count(240, s.tables).scanned).toBe(true);
    for (let i = 0; i < 4; i++) {
      s.advance(1000);
      expect(s.counter.count(240, s.tables).scanned).toBe(false);
    }
    s.advance(1000);
    expect(s.counter.count(240, s.tables).scanned).toBe(true);
    expect(s.scans).toBe(4);
  });

  it('between walks scales the last exact counts by how CurrEstab moved', () => {
    const s = setup(0.001);
    s.counter.count(240, s.tables);
    s.set(table(0, 0)); // not read: no walk is due
    s.advance(1000);
    expect(s.counter.count(360, s.tables)).toEqual({ counts: [150, 30], scanned: false });
    expect(s.counter.count(120, s.tables)).toEqual({ counts: [50, 10], scanned: false });
    expect(s.counter.count(0, s.tables)).toEqual({ counts: [0, 0], scanned: false });
  });

  it('walks when there is nothing to scale from: CurrEstab unknown, or zero at the last walk and not now', () => {
    const s = setup(0.001);
    s.counter.count(undefined, s.tables);
    expect(s.counter.count(240, s.tables).scanned).toBe(true); // the last walk had no CurrEstab
    s.set(table(0, 0));
    s.advance(10_000);
    expect(s.counter.count(0, s.tables)).toEqual({ counts: [0, 0], scanned: true });
    s.advance(1);
    expect(s.counter.count(0, s.tables).scanned).toBe(false);
    s.set(table(7, 1));
    expect(s.counter.count(5, s.tables)).toEqual({ counts: [7, 1], scanned: true });
    expect(s.counter.count(undefined, s.tables).scanned).toBe(true);
  });

  it('refuses a budget outside (0, 1]', () => {
    const counter = new EstablishedCounter([], true);
    expect(() => new ConnectionCounter({ counter, filters: 0, budget: 0, now: () => 0, cpuMicros: () => 0 })).toThrow(RangeError);
    expect(() => new ConnectionCounter({ counter, filters: 0, budget: 1.5, now: () => 0, cpuMicros: () => 0 })).toThrow(RangeError);
  });
});

describe('CurrEstab from /proc/net/snmp', () => {
  it('reads the column by its header', () => {
    const text = 'Ip: Forwarding DefaultTTL\nIp: 1 64\n' +
      'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs\n' +
      'Tcp: 1 200 120000 -1 10 20 0 1 6000 999\nUdp: InDatagrams\nUdp: 5\n';
    expect(parseCurrEstab(text)).toBe(6000);
    expect(parseCurrEstab('Tcp: RtoAlgorithm CurrEstab\nTcp: 1 x\n')).toBeUndefined();
    expect(parseCurrEstab('Tcp: RtoAlgorithm\nTcp: 1\n')).toBeUndefined();
    expect(parseCurrEstab('')).toBeUndefined();
  });
});

describe('ReusableFileReader', () => {
  it('reads files larger than its buffer whole, and smaller ones after', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'slr-reader-'));
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    big[big.length - 1] = 9;
    writeFileSync(path.join(dir, 'big'), big);
    writeFileSync(path.join(dir, 'small'), 'abc');
    const r = new ReusableFileReader();
    expect(r.read(path.join(dir, 'big')).equals(big)).toBe(true);
    expect(r.read(path.join(dir, 'small')).toString()).toBe('abc');
    expect(() => r.read(path.join(dir, 'missing'))).toThrow();
  });
});
