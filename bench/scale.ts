// `npm run bench:scale`: the controller at scale, three measurements against their goals:
//   - memory per pin with 1,000,000 pins (bench:pins in a child with --expose-gc): <= 100 bytes,
//   - 1,000 switches connecting at once to a controller process: handshake and ready
//     times, memory per switch,
//   - decision time with 10,000 targets and 100,000 VIPs in the catalog, and the cost
//     of the periodic table update at that size.
// Options: --switches N (1000), --targets N (10000), --vips N (100000), --pins N (1000000).
// Ends with one line RESULT {json}.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { PinMemoryResult } from './pin-memory';
import { measureDecisions } from './scale/decisions';
import { measureSwitches } from './scale/switches';
import { numberArg } from './site/table';

function pinMemory(pins: number): PinMemoryResult {
  const out = execFileSync(process.execPath, ['--expose-gc', join(__dirname, 'pin-memory.js'), String(pins)], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`bench:pins printed no RESULT:\n${out}`);
  return JSON.parse(line.slice(7)) as PinMemoryResult;
}

async function main(): Promise<void> {
  const pins = pinMemory(numberArg('--pins', 1_000_000));
  const sw = await measureSwitches(numberArg('--switches', 1000));
  const d = measureDecisions(numberArg('--targets', 10_000), numberArg('--vips', 100_000));
  const rows: [string, string, string][] = [
    [`memory per pin, ${pins.pins.toLocaleString('en-US')} pins`, `${pins.bytesPerPin} B (RSS ${pins.rssBytesPerPin} B)`, `<= 100 B: ${pins.met ? 'MET' : 'MISSED'}`],
    [`${sw.switches} switches at once: handshake p50 / p99`, `${sw.handshakeP50Ms.toFixed(0)} / ${sw.handshakeP99Ms.toFixed(0)} ms`, '-'],
    ['  ready (reconciled) p50 / p99', `${sw.readyP50Ms.toFixed(0)} / ${sw.readyP99Ms.toFixed(0)} ms`, '-'],
    ['  all ready after', `${sw.allReadyMs.toFixed(0)} ms`, '-'],
    ['  memory per switch: RSS / V8 heap', `${(sw.rssBytesPerSwitch / 1024).toFixed(1)} / ${(sw.heapBytesPerSwitch / 1024).toFixed(1)} KiB`, '-'],
    [`catalog of ${d.targets.toLocaleString('en-US')} targets, ${d.vips.toLocaleString('en-US')} VIPs: build`, `${d.catalogBuildMs.toFixed(0)} ms, ${d.catalogHeapMB.toFixed(0)} MiB heap`, '-'],
    ['  periodic table update (every tick)', `${d.tableUpdateMs.toFixed(1)} ms`, '-'],
    ['  lookup + decide, VIP of 8 targets', `${d.decideNs.toFixed(0)} ns (p99 of 1k batches ${d.decideBatchP99Ns.toFixed(0)} ns)`, '-'],
    [`  lookup + decide, VIP of all ${d.targets.toLocaleString('en-US')} targets`, `${(d.decideAllTargetsNs / 1000).toFixed(1)} us`, '-'],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  process.stdout.write(`bench:scale (node ${process.version})\n`);
  for (const r of rows) process.stdout.write(`${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}\n`);
  const round = (v: number, digits = 1): number => Number(v.toFixed(digits));
  process.stdout.write(`RESULT ${JSON.stringify({
    pins: { pins: pins.pins, bytesPerPin: pins.bytesPerPin, rssBytesPerPin: pins.rssBytesPerPin, goal: 100, met: pins.met },
    switches: { switches: sw.switches, handshakeP50Ms: round(sw.handshakeP50Ms), handshakeP99Ms: round(sw.handshakeP99Ms),
      readyP50Ms: round(sw.readyP50Ms), readyP99Ms: round(sw.readyP99Ms), allReadyMs: round(sw.allReadyMs),
      rssBytesPerSwitch: Math.round(sw.rssBytesPerSwitch), heapBytesPerSwitch: Math.round(sw.heapBytesPerSwitch) },
    decisions: { targets: d.targets, vips: d.vips, catalogBuildMs: round(d.catalogBuildMs), catalogHeapMB: round(d.catalogHeapMB),
      tableUpdateMs: round(d.tableUpdateMs, 2), decideNs: Math.round(d.decideNs), decideBatchP99Ns: Math.round(d.decideBatchP99Ns),
      decideAllTargetsNs: Math.round(d.decideAllTargetsNs) },
  })}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:scale: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
