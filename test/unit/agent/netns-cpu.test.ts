import { NetnsCpu, parsePidStatTicks, type ProcReader } from '../../../agent/netns-cpu';
import { LoadMeter } from '../../../agent/load-meter';

// A fake /proc: PID -> (network namespace link, stat line). utime is field 14, stime 15.
const stat = (pid: number, comm: string, utime: number, stime: number): string =>
  `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194304 100 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 225664 3133440 377`;

interface FakeProc { self: string; procs: Map<number, { ns: string; stat: string }> }

function reader(fake: FakeProc): ProcReader {
  return {
    async listDir(dir) {
      if (dir !== '/p') throw new Error(`ENOENT ${dir}`);
      return ['self', 'stat', 'net', ...[...fake.procs.keys()].map(String)];
    },
    async readLink(file) {
      if (file === '/p/self/ns/net') return fake.self;
      const m = /^\/p\/(\d+)\/ns\/net$/.exec(file);
      const p = m ? fake.procs.get(Number(m[1])) : undefined;
      if (!p) throw new Error(`ENOENT ${file}`);
      return p.ns;
    },
    async readText(file) {
      const m = /^\/p\/(\d+)\/stat$/.exec(file);
      const p = m ? fake.procs.get(Number(m[1])) : undefined;
      if (!p) throw new Error(`ENOENT ${file}`);
      return p.stat;
    },
  };
}

const OURS = 'net:[4026532500]';
const OTHER = 'net:[4026531840]';

describe('parsePidStatTicks', () => {
  it('adds utime and stime', () => {
    expect(parsePidStatTicks(stat(7, 'node', 120, 30))).toBe(150);
  });

  it('counts fields from the last parenthesis, so odd command names do not shift them', () => {
    expect(parsePidStatTicks(stat(8, 'a) b (c', 5, 6))).toBe(11);
  });

  it('returns undefined for text that is not a stat line', () => {
    expect(parsePidStatTicks('garbage')).toBeUndefined();
    expect(parsePidStatTicks('1 (x) S 1')).toBeUndefined();
  });
});

describe('NetnsCpu', () => {
  function setup(): { fake: FakeProc; clock: { t: number }; cpu: NetnsCpu } {
    const fake: FakeProc = {
      self: OURS,
      procs: new Map([
        [10, { ns: OURS, stat: stat(10, 'python3', 100, 50) }],
        [11, { ns: OURS, stat: stat(11, 'node', 10, 10) }],
        [20, { ns: OTHER, stat: stat(20, 'burner', 1000, 0) }],
      ]),
    };
    const clock = { t: 0 };
    const cpu = new NetnsCpu({ procRoot: '/p', proc: reader(fake), now: () => clock.t, cores: 2, ticksPerSecond: 100 });
    return { fake, clock, cpu };
  }

  it('counts only processes in its own namespace, normalised by elapsed time and cores', async () => {
    const { fake, clock, cpu } = setup();
    await cpu.prime();
    // Over 2 s: our PIDs use 60 + 20 ticks (0.8 s), the other namespace 400 ticks.
    fake.procs.set(10, { ns: OURS, stat: stat(10, 'python3', 150, 60) });
    fake.procs.set(11, { ns: OURS, stat: stat(11, 'node', 25, 15) });
    fake.procs.set(20, { ns: OTHER, stat: stat(20, 'burner', 1400, 0) });
    clock.t = 2000;
    expect(await cpu.sample()).toBeCloseTo(0.8 / (2 * 2), 10);
  });

  it('counts a process that appeared since the last sample in full and forgets one that left', async () => {
    const { fake, clock, cpu } = setup();
    await cpu.prime();
    fake.procs.delete(11);
    fake.procs.set(30, { ns: OURS, stat: stat(30, 'burner', 90, 10) });
    clock.t = 1000;
    expect(await cpu.sample()).toBeCloseTo(1.0 / 2, 10);
    // Next interval: nothing ran.
    clock.t = 2000;
    expect(await cpu.sample()).toBe(0);
  });

  it('treats a lower count for a PID as a new process (PID reuse)', async () => {
    const { fake, clock, cpu } = setup();
    await cpu.prime();
    fake.procs.set(10, { ns: OURS, stat: stat(10, 'new', 20, 0) });
    clock.t = 1000;
    expect(await cpu.sample()).toBeCloseTo(0.2 / 2, 10);
  });

  it('caps at 1 and reads 0 when no time passed', async () => {
    const { fake, clock, cpu } = setup();
    await cpu.prime();
    expect(await cpu.sample()).toBe(0);
    fake.procs.set(10, { ns: OURS, stat: stat(10, 'python3', 10_000, 50) });
    clock.t = 1000;
    expect(await cpu.sample()).toBe(1);
  });

  it('skips processes that vanish while it reads them', async () => {
    const { fake, clock } = setup();
    const base = reader(fake);
    const flaky: ProcReader = {
      ...base,
      readText: async (f) => {
        if (f === '/p/11/stat') throw new Error('ESRCH');
        return base.readText(f);
      },
    };
    const c = new NetnsCpu({ procRoot: '/p', proc: flaky, now: () => clock.t, cores: 1 });
    await c.prime();
    fake.procs.set(10, { ns: OURS, stat: stat(10, 'python3', 130, 50) });
    clock.t = 1000;
    expect(await c.sample()).toBeCloseTo(0.3, 10);
  });
});

describe('LoadMeter with a namespace CPU source', () => {
  it('uses the source instead of /proc/stat', async () => {
    const values = [0.25];
    let primed = 0;
    const meter = new LoadMeter({
      subnets: [{ subnet: '192.200.0.0/16', ports: [80] }],
      weights: { connectionWeight: 0, cpuWeight: 1, connectionsAtFullLoad: 10 },
      matchVipAddress: true,
      procRoot: '/nowhere',
      // No /proc/stat at all: reading it would throw.
      read: async (f) => {
        if (f.endsWith('/net/tcp')) return '';
        throw new Error(`ENOENT ${f}`);
      },
      cpu: { prime: async () => void primed++, sample: async () => values.shift() ?? 0 },
    });
    await meter.prime();
    const [l] = await meter.sample();
    expect(primed).toBe(1);
    expect(l).toMatchObject({ subnet: '192.200.0.0/16', cpu: 0.25, load: 0.25, connections: 0 });
  });
});
