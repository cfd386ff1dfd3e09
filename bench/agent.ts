// `npm run bench:agent`: the server agent's CPU per load report on a busy web server:
// a network namespace of the bench's own holding --sockets TCP sockets, mostly
// TIME_WAIT on the service address, --established of them established on the service
// port (bench/agent/socket_load.py). The agent's measurement runs inside that namespace
// (bench/agent/report-cost.ts): the socket count with the old text parser and the new
// byte scanner, whole reports the old and the new way, and `ss` for comparison. Goal: the
// reports cost at most 2 % of a core at the default report interval (1 s).
// Options: --sockets N (50000), --established N (3000), --rounds N (20) of the
// comparisons, --reports N (120) of the agent as it runs now. Needs root
// (ip netns). Ends with one line RESULT {json}.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { onLines } from '../test/support/line-reader';
import { fmt, formatTable, numberArg } from './site/table';

const VIP = '10.0.0.100';
const PORT = 80;
const REPORT_INTERVAL_MS = 1000; // the SLR's default (agents.reportIntervalMs)
const GOAL_SHARE = 0.02;

interface Cost { cpuMs: number[]; wallMs: number[]; count: number }

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function netns(name: string, ...args: string[]): void {
  execFileSync('ip', ['netns', 'exec', name, ...args], { stdio: 'pipe' });
}

async function main(): Promise<void> {
  const sockets = numberArg('--sockets', 50_000);
  const established = numberArg('--established', 3000);
  const rounds = numberArg('--rounds', 20);
  const reports = numberArg('--reports', 120);
  // Each established connection is two sockets in the namespace (both ends), plus the listener.
  const timeWait = sockets - 2 * established - 1;
  const ns = `slrbench${process.pid}`;
  execFileSync('ip', ['netns', 'add', ns]);
  let holder: ReturnType<typeof spawn> | undefined;
  try {
    netns(ns, 'ip', 'link', 'set', 'lo', 'up');
    netns(ns, 'ip', 'addr', 'add', `${VIP}/32`, 'dev', 'lo');
    netns(ns, 'ip', 'addr', 'add', '127.0.1.1/24', 'dev', 'lo');

    holder = spawn('ip', ['netns', 'exec', ns, '/usr/bin/python3', path.join(__dirname, '..', '..', 'bench', 'agent', 'socket_load.py'),
      '--vip', VIP, '--port', String(PORT), '--established', String(established), '--time-wait', String(timeWait)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      onLines(holder!.stdout!, (line) => { if (line.includes('"ready"')) resolve(); });
      holder!.once('exit', (code) => reject(new Error(`socket_load.py exited (${code})`)));
    });
    const setupS = (performance.now() - t0) / 1000;
    const out = execFileSync('ip', ['netns', 'exec', ns, process.execPath, path.join(__dirname, 'agent', 'report-cost.js'), `${VIP}/32`, String(PORT), String(rounds),
      String(REPORT_INTERVAL_MS), String(reports)], { encoding: 'utf8' });
    const { socketsInTable, costs, scans } = JSON.parse(out.trim().split('\n').pop()!) as { socketsInTable: number; costs: Record<string, Cost>; scans: number; reports: number };
    // Mean, not median: the budgeted reports are cheap most of the time and scan now and then.
    const rows = Object.entries(costs).map(([k, c]) => {
      const cpu = mean(c.cpuMs);
      return [k, fmt(cpu, 2), fmt(Math.max(...c.cpuMs), 2), fmt(mean(c.wallMs), 2), `${fmt((cpu / REPORT_INTERVAL_MS) * 100, 2)} %`, String(c.count)];
    });
    process.stdout.write(`bench:agent  ${socketsInTable} sockets in the namespace's /proc/net/tcp (${established} established on ${VIP}:${PORT}, ` +
      `${timeWait} closed by the server), set up in ${setupS.toFixed(1)} s; mean of ${rounds} rounds; the agent now: ${reports} reports ${REPORT_INTERVAL_MS} ms apart on its clock\n`);
    process.stdout.write(`${formatTable(['what', 'CPU ms', 'max ms', 'wall ms', 'of a core at 1 s', 'counted'], rows)}\n`);
    const now = mean(costs['report, now (budgeted scans)'].cpuMs) / REPORT_INTERVAL_MS;
    const before = mean(costs['report, before'].cpuMs) / REPORT_INTERVAL_MS;
    process.stdout.write(`reports now ${fmt(now * 100, 2)} % of a core on average, ${scans} of ${reports} walked the socket table (before ${fmt(before * 100, 2)} %, every report): ` +
      `goal <= ${GOAL_SHARE * 100} %: ${now <= GOAL_SHARE ? 'MET' : 'MISSED'}\n`);
    // Every way counts every established connection (the budgeted one scaled by CurrEstab, unchanged here).
    const counts = new Set(Object.values(costs).map((c) => c.count));
    if (counts.size !== 1 || !counts.has(established)) throw new Error(`the ways of counting disagree or miss: ${JSON.stringify(Object.fromEntries(Object.entries(costs).map(([k, c]) => [k, c.count])))}`);
    process.stdout.write(`RESULT ${JSON.stringify({
      sockets: socketsInTable, established, reportIntervalMs: REPORT_INTERVAL_MS,
      cpuMsPerReport: Object.fromEntries(Object.entries(costs).map(([k, c]) => [k, Number(mean(c.cpuMs).toFixed(3))])),
      scans, reports, coreShareNow: Number(now.toFixed(4)), coreShareBefore: Number(before.toFixed(4)), goal: GOAL_SHARE, met: now <= GOAL_SHARE,
    })}\n`);
  } finally {
    holder?.stdin?.end();
    if (holder && holder.exitCode === null) await new Promise((r) => holder!.once('exit', r));
    execFileSync('ip', ['netns', 'del', ns]);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:agent: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
