// Throughput measurement for the micro-benchmarks on a shared machine: each case runs
// in several short rounds, interleaved with the other cases, and keeps its best round
// (the one least disturbed by other processes). Interleaving makes a codec case and its
// reference see the same machine load.

export interface Rate { name: string; opsPerSec: number; nsPerOp: number }

export interface Case { name: string; op: () => unknown }

/** Keeps results alive so V8 cannot drop the measured work as dead code. */
export let sink: unknown = null;

function round(op: () => unknown, ms: number): number {
  const batch = 2000;
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < batch; i++) sink = op();
    ops += batch;
  }
  return (ops * 1e9) / Number(process.hrtime.bigint() - start);
}

/** Measures all cases: `rounds` rounds of `roundMs` each per case, best round kept. */
export function measureAll(cases: Case[], rounds: number, roundMs: number): Map<string, Rate> {
  for (const c of cases) round(c.op, Math.min(100, roundMs)); // warm-up: let V8 optimise
  const best = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) best.set(c.name, Math.max(best.get(c.name) ?? 0, round(c.op, roundMs)));
  }
  return new Map(cases.map((c) => {
    const opsPerSec = best.get(c.name) ?? 0;
    return [c.name, { name: c.name, opsPerSec, nsPerOp: 1e9 / opsPerSec }];
  }));
}

export function formatRate(opsPerSec: number): string {
  return opsPerSec >= 1e6 ? `${(opsPerSec / 1e6).toFixed(2)} M/s` : `${(opsPerSec / 1e3).toFixed(1)} k/s`;
}
