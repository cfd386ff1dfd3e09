// `npm run bench:pins [-- N]`: memory per pin with N pins held (default 1,000,000).
// Reports heap + external (typed arrays live outside the JS heap) before and after,
// after forced GCs, so the figure is what the pins retain, not garbage. Goal: at most
// 100 bytes per pin at 1,000,000 pins. Ends with one line RESULT {json}.
// Runs as `node --expose-gc dist/bench/pin-memory.js [pins]` (the npm script does).

import { Pins } from '../level/pins/pins';

const GOAL_BYTES_PER_PIN = 100;

function settle(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage();
}

export interface PinMemoryResult {
  pins: number;
  tableCapacity: number;
  heapDeltaBytes: number;
  externalDeltaBytes: number;
  rssDeltaBytes: number;
  bytesPerPin: number;
  rssBytesPerPin: number;
  claimsPerSecond: number;
  goalBytesPerPin: number;
  met: boolean;
}

export function measurePinMemory(n: number): PinMemoryResult {
  const before = settle();
  // Start small so the figure includes the table's own growth policy, as in production.
  const pins = new Pins(null, 1024);
  const targets = Array.from({ length: 64 }, (_, i) => `server-${i}`);
  const t0 = process.hrtime.bigint();
  const tuple = { proto: 6, srcIp: 0, srcPort: 0, dstIp: 0xc0c8000a, dstPort: 80 };
  for (let i = 0; i < n; i++) {
    // Distinct clients: 16 ports per client address across 10.0.0.0/8.
    tuple.srcIp = (0x0a000000 + (i >>> 4)) >>> 0;
    tuple.srcPort = 32768 + (i & 15);
    pins.claim(tuple, targets[i & 63], BigInt(1 + (i & 3)), 1_700_000_000_000 + i);
  }
  const t1 = process.hrtime.bigint();
  const after = settle();
  if (pins.size !== n) throw new Error(`expected ${n} pins, have ${pins.size}`);
  const used = (m: NodeJS.MemoryUsage): number => m.heapUsed + m.external;
  const bytesPerPin = Math.round(((used(after) - used(before)) / n) * 10) / 10;
  return {
    pins: n,
    tableCapacity: pins.table.capacity,
    heapDeltaBytes: after.heapUsed - before.heapUsed,
    externalDeltaBytes: after.external - before.external,
    rssDeltaBytes: after.rss - before.rss,
    bytesPerPin,
    rssBytesPerPin: Math.round(((after.rss - before.rss) / n) * 10) / 10,
    claimsPerSecond: Math.round(n / (Number(t1 - t0) / 1e9)),
    goalBytesPerPin: GOAL_BYTES_PER_PIN,
    met: bytesPerPin <= GOAL_BYTES_PER_PIN,
  };
}

if (require.main === module) {
  const r = measurePinMemory(Number(process.argv[2] ?? 1_000_000));
  process.stdout.write(`bench:pins  ${r.pins.toLocaleString('en-US')} pins held (table capacity ${r.tableCapacity.toLocaleString('en-US')})\n`);
  process.stdout.write(`  heap + external per pin   ${r.bytesPerPin} bytes (goal <= ${r.goalBytesPerPin}: ${r.met ? 'MET' : 'MISSED'})\n`);
  process.stdout.write(`  RSS per pin               ${r.rssBytesPerPin} bytes\n`);
  process.stdout.write(`  claims/s while filling    ${r.claimsPerSecond.toLocaleString('en-US')}\n`);
  process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
}
