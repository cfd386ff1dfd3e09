// `npm run fuzz:channel -- [options]`: a hostile-switch run against a controller.
// It connects as several switches: a healthy canary that keeps asking (one PACKET_IN
// at a time) and must stay served, and attackers: a PACKET_IN flood, hand-made
// malformed messages, seeded mutated messages (replayable with --seed), duplicate
// datapath ids, idle and half-handshaken connections, a slow-loris HELLO and a reader
// that never drains. Per scenario it prints the outcome, the canary's latency and
// whether the controller is alive, then one line `RESULT {json}`. Exit 1 when a
// scenario failed, the canary stalled or the controller died.
//
// Options: --host H --port P [--pid N]   attack a running controller (default: start one)
//          --mutations N (20000)  --flood-seconds S (3)  --flood-connections N (1)
//          --idle N (1000)  --seed S (random, printed)  --limit RATE (start the controller
//          with openflow.packetInLimit.ratePerSec = RATE)  --slice N (its receiveSliceMessages)
//          --only a,b  --cli PATH (start
//          another build of the controller, e.g. an older commit, for before/after numbers)
import { Canary, type LatencySummary } from './channel-fuzz/canary';
import * as sc from './channel-fuzz/scenarios';
import { attachTarget, spawnTarget, type Target } from './channel-fuzz/target';
import { randomSeed } from './fuzz/prng';

const HANDSHAKE_MS = 3000;
const SEND_STALL_MS = 3000;

function opt(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function num(name: string, dflt: number): number {
  const v = opt(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} wants a non-negative number`);
  return n;
}

interface Row { scenario: string; ok: boolean; outcome: string; canary: LatencySummary; alive: boolean; details: Record<string, unknown> }

const f = (n: number): string => (Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(1));

function printRow(r: Row): void {
  const c = r.canary;
  process.stdout.write(`| ${r.scenario.padEnd(17)} | ${r.ok ? 'ok  ' : 'FAIL'} | ${String(c.samples).padStart(6)} | ${f(c.p50Ms).padStart(6)} | `
    + `${f(c.p95Ms).padStart(6)} | ${f(c.p99Ms).padStart(6)} | ${f(c.maxMs).padStart(7)} | ${String(c.stalls).padStart(6)} | ${r.alive ? 'yes' : 'NO '}   | ${r.outcome}\n`);
}

async function main(): Promise<number> {
  const seed = num('--seed', randomSeed());
  const only = opt('--only')?.split(',');
  const limit = opt('--limit');
  const host = opt('--host');
  const target: Target = host !== undefined || opt('--port') !== undefined
    ? await attachTarget(host ?? '127.0.0.1', num('--port', 6653), opt('--pid') ? num('--pid', 0) : undefined)
    : await spawnTarget({ handshakeMs: HANDSHAKE_MS, sendStallMs: SEND_STALL_MS, packetInLimit: limit ? Number(limit) : undefined, cliMain: opt('--cli'),
      receiveSliceMessages: opt('--slice') ? num('--slice', 64) : undefined });
  const rows: Row[] = [];
  let canary: Canary | undefined;
  try {
    canary = await Canary.start(target.host, target.port);
    const c = canary;
    const plan: Array<[string, () => Promise<sc.ScenarioOutcome>]> = [
      ['idle', () => sc.idle(num('--idle-seconds', 3))],
      ['flood', () => sc.flood(target, num('--flood-connections', 1), num('--flood-seconds', 3))],
      ['after-flood', () => sc.idle(2)],
      ['malformed', () => sc.malformed(target)],
      ['mutations', () => sc.mutations(target, num('--mutations', 20_000), seed)],
      ['duplicate-dpid', () => sc.duplicateDpid(target)],
      ['idle-connections', () => sc.idleConnections(target, num('--idle', 1000), HANDSHAKE_MS)],
      ['slow-peers', () => sc.slowPeers(target, HANDSHAKE_MS, SEND_STALL_MS)],
    ];
    process.stdout.write(`hostile-switch run against ${target.host}:${target.port}, seed ${seed}${limit ? `, packetInLimit ${limit}/s` : ''}\n\n`);
    process.stdout.write('| scenario          | ok   | canary | p50 ms | p95 ms | p99 ms |  max ms | stalls | alive | outcome\n');
    process.stdout.write(`|${'-'.repeat(19)}|------|--------|--------|--------|--------|---------|--------|-------|--------\n`);
    for (const [name, run] of plan) {
      if (only && !only.includes(name) && name !== 'idle') continue;
      const m = c.mark();
      let out: sc.ScenarioOutcome;
      try {
        out = await run();
      } catch (err) {
        out = { ok: false, outcome: `scenario failed: ${err instanceof Error ? err.message : String(err)}`, details: {} };
      }
      const row: Row = { scenario: name, ok: out.ok, outcome: out.outcome, canary: c.since(m), alive: await target.alive(), details: out.details };
      rows.push(row);
      printRow(row);
    }
  } finally {
    canary?.stop();
  }
  const idleRow = rows.find((r) => r.scenario === 'idle');
  const floodRow = rows.find((r) => r.scenario === 'flood');
  const details = Object.assign({}, ...rows.map((r) => r.details)) as Record<string, unknown>;
  const canaryStalled = rows.some((r) => r.canary.stalls > 0) || !(canary?.connected ?? false);
  const controllerAlive = rows.length > 0 && rows.every((r) => r.alive);
  const result = {
    seed,
    packetInLimit: limit ? Number(limit) : null,
    canaryIdleP50Ms: idleRow?.canary.p50Ms ?? null,
    canaryIdleP95Ms: idleRow?.canary.p95Ms ?? null,
    canaryFloodP50Ms: floodRow?.canary.p50Ms ?? null,
    canaryFloodP95Ms: floodRow?.canary.p95Ms ?? null,
    canaryFloodP99Ms: floodRow?.canary.p99Ms ?? null,
    floodOverIdleP50: idleRow && floodRow ? floodRow.canary.p50Ms / idleRow.canary.p50Ms : null,
    canaryStalled,
    controllerAlive,
    scenariosFailed: rows.filter((r) => !r.ok).map((r) => r.scenario),
    ...details,
    controllerLogLines: { packetInLimited: target.logCount('PACKET_IN limit'), malformedErrors: target.logCount('malformed ERROR') },
  };
  await target.stop();
  process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
  return result.scenariosFailed.length === 0 && !canaryStalled && controllerAlive ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 2;
});
