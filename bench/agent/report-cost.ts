// The CPU one load report costs the server agent, measured inside the server's network
// namespace (bench:agent starts it there with `ip netns exec`). Per round, interleaved so
// every variant sees the same machine: the socket count alone with the text parser the
// agent used before (bench/agent/proc-net-tcp-text.ts) and with its byte scanner
// (agent/socket-scan.ts); a whole report (LoadMeter.sample with the namespace CPU
// source) the old way and the new way; and `ss` with a kernel-side state filter
// (netlink sock_diag), the route Node has no API for, as a spawned process. CPU is the
// process's own user + system time (process.cpuUsage: all threads, so the file reads in
// libuv's pool count) plus, for ss, its children's (/proc/self/stat cutime + cstime).
import { spawnSync } from 'node:child_process';
import { promises as fsp, readFileSync } from 'node:fs';
import { ReusableFileReader } from '../../agent/file-bytes';
import { LoadMeter } from '../../agent/load-meter';
import { NetnsCpu } from '../../agent/netns-cpu';
import { EstablishedCounter } from '../../agent/socket-scan';
import { parseCidr } from '../../peering/cidr';
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
  const cidr = parseCidr(subnet)!;
  const ports = new Set([port]);
  const files = ['/proc/net/tcp', '/proc/net/tcp6'];
  const readers = files.map(() => new ReusableFileReader());
  const counter = new EstablishedCounter([{ ports, subnet: cidr }]);
  const weights = { connectionWeight: 0.5, cpuWeight: 0.5, connectionsAtFullLoad: 1000 };
  const meter = new LoadMeter({ subnets: [{ subnet, ports: [port] }], weights, matchVipAddress: true, cpu: new NetnsCpu() });
  const oldCpu = new NetnsCpu();
  await meter.prime();
  await oldCpu.prime();
  const oldSockets = async (): Promise<number> => {
    const texts = await Promise.all(files.map((f) => fsp.readFile(f, 'utf8').catch(() => '')));
    return countEstablished(texts.flatMap((t) => parseProcNetTcp(t)), { ports, subnet: cidr });
  };
  const newSockets = async (): Promise<number> => {
    const counts = [0];
    for (let i = 0; i < files.length; i++) {
      const b = await readers[i].read(files[i]).catch(() => Buffer.alloc(0));
      counter.scan(b, b.length, counts);
    }
    return counts[0];
  };
  const costs: Record<string, Cost> = {};
  for (const k of ['sockets, text parser (before)', 'sockets, byte scanner (now)', 'report, before', 'report, now', 'ss state established (netlink)']) costs[k] = { cpuMs: [], wallMs: [], count: -1 };
  let lines = 0;
  for (let r = 0; r < rounds; r++) {
    await measure(costs['sockets, text parser (before)'], oldSockets);
    await measure(costs['sockets, byte scanner (now)'], newSockets);
    await measure(costs['report, before'], async () => { await oldCpu.sample(); return oldSockets(); });
    await measure(costs['report, now'], async () => (await meter.sample())[0].connections);
    await measure(costs['ss state established (netlink)'], async () => {
      const out = spawnSync('ss', ['-H', '-t', '-n', 'state', 'established', '(', 'sport', '=', `:${port}`, ')'], { encoding: 'utf8' }).stdout;
      return out.split('\n').filter((l) => l.includes(`${subnet.split('/')[0]}:${port}`)).length;
    }, true);
    if (r === 0) lines = (readFileSync('/proc/net/tcp', 'utf8').match(/\n/g)?.length ?? 1) - 1;
  }
  process.stdout.write(`${JSON.stringify({ socketsInTable: lines, costs })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`report-cost: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
