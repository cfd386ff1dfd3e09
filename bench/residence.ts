// `npm run bench:residence -- [--switches N] [--seconds S] [--gap-ms G] [--reference PATH]`
// Controller residence time (PACKET_IN read -> FLOW_MOD/PACKET_OUT written) on
// loopback: the controller with the L2 forwarding app, N emulated switches each with
// one PACKET_IN outstanding (G ms between an answer and the next), and tcpdump on lo
// timing both segments in the kernel. With --reference (another build's
// dist/cli/main.js, e.g. the commit before a change) both run in the same invocation,
// one after the other, and the table shows the ratio. Prints RESULT {json} last.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Canary, summarize } from './channel-fuzz/canary';
import { residences, readSegments } from './channel-fuzz/pcap-residence';
import { spawnTarget } from './channel-fuzz/target';

function opt(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Measured { build: string; samples: number; p50Us: number; p90Us: number; p99Us: number; maxUs: number; canaryRttP50Ms: number }

async function measure(build: string, cliMain: string | undefined, switches: number, seconds: number, gapMs: number): Promise<Measured> {
  const target = await spawnTarget({ handshakeMs: 10_000, sendStallMs: 30_000, cliMain });
  const dir = mkdtempSync(join(tmpdir(), 'slr-residence-'));
  const pcap = join(dir, 'lo.pcap');
  const canaries: Canary[] = [];
  try {
    for (let i = 0; i < switches; i++) canaries.push(await Canary.start(target.host, target.port, { dpid: 0x5e0000n + BigInt(i), gapMs, warmupMs: 0 }));
    await sleep(2000); // warm-up, not captured
    const dump = spawn('tcpdump', ['-i', 'lo', '-n', '-s', '96', '-B', '32768', '-U', '-w', pcap, `tcp port ${target.port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((ok, fail) => {
      const t = setTimeout(() => fail(new Error('tcpdump did not start')), 10_000);
      dump.stderr.on('data', (d: Buffer) => { if (d.toString().includes('listening on')) { clearTimeout(t); ok(); } });
      dump.once('exit', (code) => { clearTimeout(t); fail(new Error(`tcpdump exited (${code})`)); });
    });
    const marks = canaries.map((c) => c.mark());
    await sleep(seconds * 1000);
    const rtts = canaries.map((c, i) => c.since(marks[i]).p50Ms);
    await new Promise<void>((ok) => { dump.once('exit', () => ok()); dump.kill('SIGINT'); });
    const r = summarize(residences(readSegments(pcap), target.port), 0);
    return {
      build, samples: r.samples, p50Us: r.p50Ms, p90Us: NaN, p99Us: r.p99Ms, maxUs: r.maxMs,
      canaryRttP50Ms: rtts.sort((a, b) => a - b)[Math.floor(rtts.length / 2)],
    };
  } finally {
    for (const c of canaries) c.stop();
    await target.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const switches = Number(opt('--switches', '8'));
  const seconds = Number(opt('--seconds', '10'));
  const gapMs = Number(opt('--gap-ms', '1'));
  const reference = opt('--reference', '');
  const rows: Measured[] = [];
  if (reference) rows.push(await measure('reference', reference, switches, seconds, gapMs));
  rows.push(await measure('this build', undefined, switches, seconds, gapMs));
  const ref = rows.find((r) => r.build === 'reference');
  console.log(`\nresidence on loopback: ${switches} switches, one PACKET_IN outstanding each, ${gapMs} ms gap, ${seconds} s captured\n`);
  console.log('| build      | samples | p50 us | p99 us | max us | canary RTT p50 ms | p50 ratio vs reference |');
  console.log('|------------|---------|--------|--------|--------|-------------------|------------------------|');
  for (const r of rows) {
    const ratio = ref && r !== ref ? (r.p50Us / ref.p50Us).toFixed(2) : ref ? '1.00 (reference)' : '-';
    console.log(`| ${r.build.padEnd(10)} | ${String(r.samples).padStart(7)} | ${r.p50Us.toFixed(0).padStart(6)} | ${r.p99Us.toFixed(0).padStart(6)} | `
      + `${r.maxUs.toFixed(0).padStart(6)} | ${r.canaryRttP50Ms.toFixed(3).padStart(17)} | ${ratio.padEnd(22)} |`);
  }
  const mine = rows[rows.length - 1];
  console.log(`RESULT ${JSON.stringify({ switches, seconds, gapMs, p50Us: mine.p50Us, p99Us: mine.p99Us, samples: mine.samples,
    referenceP50Us: ref?.p50Us ?? null, referenceP99Us: ref?.p99Us ?? null })}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exitCode = 1;
});
