// Memory per pin with 1,000,000 pins held. Run either
//   npm run build && node --expose-gc dist/bench/pin-memory.js [pins]
// or, without building the whole tree:
//   npx tsc --strict --outDir /tmp/slr-bench --module commonjs --target es2022 --esModuleInterop --skipLibCheck bench/pin-memory.ts
//   node --expose-gc /tmp/slr-bench/bench/pin-memory.js [pins]
// Reports heap + external (typed arrays live outside the JS heap) before and after,
// after forced GCs, so the figure is what the pins retain, not garbage.

import { Pins } from '../level/pins/pins';

const N = Number(process.argv[2] ?? 1_000_000);

function settle(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage();
}

function main(): void {
  const before = settle();
  // Start small so the figure includes the table's own growth policy, as in production.
  const pins = new Pins(null, 1024);
  const targets = Array.from({ length: 64 }, (_, i) => `server-${i}`);
  const t0 = process.hrtime.bigint();
  const tuple = { proto: 6, srcIp: 0, srcPort: 0, dstIp: 0xc0c8000a, dstPort: 80 };
  for (let i = 0; i < N; i++) {
    // Distinct clients: 16 ports per client address across 10.0.0.0/8.
    tuple.srcIp = (0x0a000000 + (i >>> 4)) >>> 0;
    tuple.srcPort = 32768 + (i & 15);
    pins.claim(tuple, targets[i & 63], BigInt(1 + (i & 3)), 1_700_000_000_000 + i);
  }
  const t1 = process.hrtime.bigint();
  const after = settle();
  if (pins.size !== N) throw new Error(`expected ${N} pins, have ${pins.size}`);
  const used = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external;
  const bytes = used(after) - used(before);
  const seconds = Number(t1 - t0) / 1e9;
  console.log(
    JSON.stringify(
      {
        pins: N,
        tableCapacity: pins.table.capacity,
        heapDeltaBytes: after.heapUsed - before.heapUsed,
        externalDeltaBytes: after.external - before.external,
        rssDeltaBytes: after.rss - before.rss,
        bytesPerPin: Math.round((bytes / N) * 10) / 10,
        rssBytesPerPin: Math.round(((after.rss - before.rss) / N) * 10) / 10,
        claimsPerSecond: Math.round(N / seconds),
      },
      null,
      2,
    ),
  );
}

main();
