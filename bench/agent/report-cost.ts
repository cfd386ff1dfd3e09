// The CPU one load report costs the server agent, measured inside the server's network
// namespace (bench:agent starts it there with `ip netns exec`). Per round, interleaved so
// every variant sees the same machine: one full socket count with the text parser the
// agent used before (bench/agent/proc-net-tcp-text.ts) and with its byte scanner
// (agent/socket-scan.ts); the namespace CPU source alone; a whole report the old way and
// the agent's LoadMeter now (socket scans within a CPU budget, CurrEstab in between),
// on a clock moved one report interval per round; and `ss` with a kernel-side state
// filter (netlink sock_diag), the route Node has no API for, as a spawned process. CPU
// is the process's own user + system time (process.cpuUsage: all threads) plus, for ss,
// its children's (/proc/self/stat cutime + cstime).
import { spawnSync } from 'node:child_process';
import { promises as fsp, readFileSync } from 'node:fs';
import { ReusableFileReader } from '../../agent/file-bytes';
import { LoadMeter } from '../../agent/load-meter';
import { NetnsCpu } from '../../agent/netns-cpu';
import { EstablishedCounter } from '../../agent/socket-scan';
import { parseCidr } from '../../controller/net';
import { countEstablished, parseProcNetTcp } from './proc-net-tcp-text';

interface Cost { cpuMs: number[]; wallMs: number[]; count: number }

function childTicks(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[13]) + Number(rest[14]); // cutime, cstime
}

async function measure(c: Cost, fn: () => Promise<number>, children = false): Promise<void> {
  const u0 = process.cpuUsage();
  const k0 = children ? childTicks() : 0;
  const t0 = performance.now();
  c.count = await fn();
  const wall = performance.now() - t0;
  const u = process.cpuUsage(u0);
  c.cpuMs.push((u.user + u.system) / 1000 + (children ? (childTicks() - k0) * 10 : 0));
  c.wallMs.push(wall);
}

async function main(): Promise<void> {
  const subnet = process.argv[2] ?? '10.0.0.100/32';
  const port = Number(process.argv[3] ?? 80);
  const rounds = Number(process.argv[4] ?? 20);
  const reports = Number(process.argv[6] ?? 120);
  const cidr = parseCidr(subnet)!;
  const ports = new Set([port]);
  const files = ['/proc/net/tcp', '/proc/net/tcp6'];
  const readers = files.map(() => new ReusableFileReader());
  let clock = 0;
  const interval = Number(process.argv[5] ?? 1000);
  const counter = new EstablishedCounter([{ ports, subnet: cidr }]);
  const weights = { connectionWeight: 0.5, cpuWeight: 0.5, connectionsAtFullLoad: 1000 };
  const meter = new LoadMeter({ subnets: [{ subnet, ports: [port] }], weights, matchVipAddress: true, cpu: new NetnsCpu(), now: () => clock });
  // The namespace CPU source as it was: every /proc read through libuv's thread pool.
  const oldCpu = new NetnsCpu({ proc: { readText: (f) => fsp.readFile(f, 'utf8'), readLink: (f) => fsp.readlink(f), listDir: (d) => fsp.readdir(d) } });
  const cpuAlone = new NetnsCpu();
  await meter.prime();
  await oldCpu.prime();
  await cpuAlone.prime();
  let scans = 0;
  const oldSockets = async (): Promise<number> => {
    const texts = await Promise.all(files.map((f) => fsp.readFile(f, 'utf8').catch(() => '')));
    return countEstablished(texts.flatMap((t) => parseProcNetTcp(t)), { ports, subnet: cidr });
  };
  const newSockets = async (): Promise<number> => {
    const counts = [0];
    for (let i = 0; i < files.length; i++) {
      let b: Buffer;
      try {
        b = readers[i].read(files[i]);
      } catch {
        b = Buffer.alloc(0);
      }
      counter.scan(b, b.length, counts);
    }
    return counts[0];
  };
  const costs: Record<string, Cost> = {};
  const names = ['one scan, text parser (before)', 'one scan, byte scanner', 'namespace CPU source alone (now)', 'report, before', 'ss state established (netlink)', 'report, now (budgeted scans)'];
  for (const k of names) costs[k] = { cpuMs: [], wallMs: [], count: -1 };
  let lines = 0;
  for (let r = 0; r < rounds; r++) {
    await measure(costs[names[0]], oldSockets);
    await measure(costs[names[1]], newSockets);
    await measure(costs[names[2]], async () => { await cpuAlone.sample(); return costs[names[1]].count; });
    await measure(costs[names[3]], async () => { await oldCpu.sample(); return oldSockets(); });
    await measure(costs['ss state established (netlink)'], async () => {
      const out = spawnSync('ss', ['-H', '-t', '-n', 'state', 'established', '(', 'sport', '=', `:${port}`, ')'], { encoding: 'utf8' }).stdout;
      return out.split('\n').filter((l) => l.includes(`${subnet.split('/')[0]}:${port}`)).length;
    }, true);
    if (r === 0) lines = (readFileSync('/proc/net/tcp', 'utf8').match(/\n/g)?.length ?? 1) - 1;
  }
  // The agent as it runs now, in steady state: many reports one interval apart on its
  // clock (a walk is due only every few dozen reports at this size), the first one included.
  for (let r = 0; r < reports; r++) {
    clock += interval;
    await measure(costs[names[5]], async () => {
      const n = (await meter.sample())[0].connections;
      if (meter.lastSampleScanned) scans++;
      return n;
    });
  }
  process.stdout.write(`${JSON.stringify({ socketsInTable: lines, costs, scans, reports })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`report-cost: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
