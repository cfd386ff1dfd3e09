// npm run bench:controller — ofbench (16 emulated OpenFlow 1.3 switches) against this
// controller and against ovs-testcontroller in the same run, printing answered
// PACKET_INs/s, RTT p50/p99 and the ratio to the reference. Options:
//   --loops N (default 10), --switches N (default 16), --only l2|vip
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildOfbench, freePort, runOfbench, startListener, startProcess, stopProcess, OfbenchResult, REPO_ROOT,
} from './ofbench-runner';
import { benchConfig, BenchPayload } from './controller-configs';

interface Row { controller: string; scenario: string; result: OfbenchResult; ratio?: number }

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function withReference<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  // ovs-testcontroller: Open vSwitch's C MAC-learning controller (Debian openvswitch-testcontroller).
  const child = await startListener('ovs-testcontroller', ['-O', 'OpenFlow13', '-vwarn', `ptcp:${port}:127.0.0.1`], port)
    .catch((e: Error) => {
      throw new Error(`cannot start ovs-testcontroller (install openvswitch-testcontroller): ${e.message}`);
    });
  try { return await fn(port); } finally { await stopProcess(child); }
}

/** The port from the controller's JSON log line {"msg":"listening","port":N} (any key order). */
function listeningPort(out: string): number | undefined {
  const line = out.split('\n').find((l) => l.includes('"msg":"listening"') && /"port":\d+/.test(l));
  return line ? Number(/"port":(\d+)/.exec(line)?.[1]) : undefined;
}

async function withSlr<T>(config: object, fn: (port: number) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'slr-bench-'));
  const cfgFile = join(dir, 'controller.json');
  writeFileSync(cfgFile, JSON.stringify(config, null, 2));
  const { child, output } = await startProcess('node',
    [join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'controller', '--config', cfgFile, '--port', '0'],
    (out) => listeningPort(out) !== undefined);
  const port = listeningPort(output) as number;
  try { return await fn(port); } finally { await stopProcess(child); }
}

function fmt(n: number | undefined, digits = 0): string {
  return n === undefined ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  const loops = Number(arg('--loops', '10'));
  const switches = Number(arg('--switches', '16'));
  const only = arg('--only', '');
  const bin = buildOfbench();
  const rows: Row[] = [];
  const payloads: BenchPayload[] = only ? [only as BenchPayload] : ['l2', 'vip'];
  for (const measure of ['throughput', 'latency'] as const) {
    // The reference is always ovs-testcontroller in l2 mode (it has no notion of a VIP).
    const ref = await withReference((port) => runOfbench(bin, { port, measure, payload: 'l2', switches, loops }));
    rows.push({ controller: 'ovs-testcontroller', scenario: `l2 ${measure}`, result: ref });
    for (const payload of payloads) {
      const mine = await withSlr(benchConfig(payload, switches), (port) => runOfbench(bin, { port, measure, payload, switches, loops }));
      rows.push({ controller: 'slr', scenario: `${payload} ${measure}`, result: mine, ratio: mine.answeredPerSec / ref.answeredPerSec });
    }
  }
  const header = ['controller', 'scenario', 'answered PACKET_INs/s', 'flow_mods/s', 'RTT p50 us', 'RTT p99 us', 'lost', 'ratio vs ovs-testcontroller'];
  const lines = rows.map((r) => [r.controller, r.scenario, fmt(r.result.answeredPerSec), fmt(r.result.flowModsPerSec),
    fmt(r.result.p50Us, 1), fmt(r.result.p99Us, 1), String(r.result.lost), r.ratio === undefined ? '1.00 (reference)' : r.ratio.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const print = (cells: string[]): void => console.log(`| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
  console.log(`\nofbench: ${switches} switches, ${loops} x 1 s intervals (first interval excluded)\n`);
  print(header);
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  lines.forEach(print);
  const result = {
    switches, loops,
    rows: rows.map((r) => ({
      controller: r.controller, scenario: r.scenario, answeredPerSec: Math.round(r.result.answeredPerSec),
      flowModsPerSec: Math.round(r.result.flowModsPerSec), p50Us: r.result.p50Us ?? null, p99Us: r.result.p99Us ?? null,
      lost: r.result.lost, ratioVsReference: r.ratio === undefined ? 1 : Number(r.ratio.toFixed(3)),
    })),
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
