// npm run bench:site-causes — the candidate causes of slr's residence time on the
// Mininet site, each measured rather than guessed: slr under each site variant
// (site/variants.ts: Redis mirror off, quiet logs, FLOW_REMOVED every connection, no
// FLOW_REMOVED), and the reference controller with and without the TCP SYN packet-in
// rule (the SYN rule's extra datapath upcall per connection). Every variant starts its
// own site; --repeat N cycles through all of them N times so machine load spreads over
// all. Options as bench:site: --connections, --latency-connections, --rounds,
// --concurrency, --repeat. Ends with one line RESULT {json}.
import { startSite } from '../test/support/site-harness';
import { fetchMany } from '../test/support/site-traffic';
import { ReferenceProcess } from './site/reference-process';
import { measureRound, summarize, VIP, type RoundOptions, type RoundResult, type Summary } from './site/round';
import { fmt, formatTable, numberArg } from './site/table';
import { SITE_VARIANTS, siteVariant } from './site/variants';

type Runs = Map<string, RoundResult[]>;

function push(runs: Runs, key: string, r: RoundResult): void {
  const list = runs.get(key);
  if (list) list.push(r);
  else runs.set(key, [r]);
}

const HEAD = ['run', 'conn/s', 'p50 ms', 'p99 ms', 'residence p50 us', 'p99 us', 'PACKET_IN/conn', 'upcalls/conn', 'FLOW_REMOVED/conn', 'log lines/conn', 'CPU us/conn', 'runq wait us', 'Redis write first', 'its lead us'];

function row(key: string, s: Summary): string[] {
  return [
    key, fmt(s.perSecond, 0), fmt(s.p50Ms, 2), fmt(s.p99Ms, 2), fmt(s.residenceP50Us, 0), fmt(s.residenceP99Us, 0),
    fmt(s.packetInsPerConnection, 3), fmt(s.upcallsPerConnection, 2), fmt(s.flowRemovedPerConnection, 3), fmt(s.logLinesPerConnection, 3),
    fmt(s.cpuUsPerConnection, 0), fmt(s.runQueueWaitUsPerSlice, 0), fmt(s.redisWriteBeforeShare, 3), fmt(s.redisWriteLeadP50Us, 0),
  ];
}

async function runVariant(name: string, round: Omit<RoundOptions, 'capturePorts'>, rounds: number, runs: Runs): Promise<void> {
  const site = await startSite({ name: `bench-causes-${name}`, ...siteVariant(name) });
  const mine = new Map<string, RoundResult[]>();
  const record = (key: string, r: RoundResult): void => {
    push(runs, key, r);
    push(mine, key, r);
  };
  const refs: [string, ReferenceProcess][] = [];
  try {
    await fetchMany(site.net, 'c1', `http://${VIP}/`, { count: 50, concurrency: 2, connectOnly: true });
    if (name === 'default') {
      refs.push(['reference, SYN rule', await ReferenceProcess.start(site, VIP)]);
      refs.push(['reference, no SYN rule', await ReferenceProcess.start(site, VIP, ['--no-syn-rule'])]);
    }
    for (let i = 0; i < rounds; i++) {
      record(`slr ${name}`, await measureRound(site, { ...round, capturePorts: [site.controller.port], controllerPid: site.controller.pid, sidePort: site.redis?.port }));
      for (const [key, ref] of refs) {
        await ref.takeOver(site);
        try {
          record(key, await measureRound(site, { ...round, capturePorts: [ref.port], controllerPid: ref.pid }));
        } finally {
          await ref.giveBack(site);
        }
      }
    }
  } finally {
    for (const [, ref] of refs) await ref.stop();
    await site.stop();
  }
  // This site's figures now, so a later failure loses nothing.
  process.stdout.write(`${formatTable(HEAD, [...mine].map(([k, v]) => row(k, summarize(v))))}\n`);
}

async function main(): Promise<void> {
  const round = {
    connections: numberArg('--connections', 2000),
    latencyConnections: numberArg('--latency-connections', 300),
    concurrency: numberArg('--concurrency', 8),
  };
  const rounds = numberArg('--rounds', 2);
  const repeat = numberArg('--repeat', 1);
  const runs: Runs = new Map();
  for (let i = 0; i < repeat; i++) {
    for (const name of Object.keys(SITE_VARIANTS)) {
      try {
        await runVariant(name, round, rounds, runs);
      } catch (err) {
        process.stdout.write(`variant ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }
  const summaries = new Map<string, Summary>([...runs].map(([k, v]) => [k, summarize(v)]));
  const rows = [...summaries].map(([k, s]) => row(k, s));
  process.stdout.write(`bench:site-causes  ${round.connections} connections x ${round.concurrency} connectors, ${round.latencyConnections} sequential, ` +
    `${rounds} rounds per site, ${repeat} pass(es)\n`);
  for (const [name, v] of Object.entries(SITE_VARIANTS)) process.stdout.write(`  slr ${name}: ${v.what}\n`);
  process.stdout.write(`${formatTable(HEAD, rows)}\n`);
  const result = Object.fromEntries([...summaries].map(([k, s]) => [k, {
    perSecond: Math.round(s.perSecond), p50Ms: s.p50Ms, p99Ms: s.p99Ms, residenceP50Us: s.residenceP50Us, residenceP99Us: s.residenceP99Us,
    packetInsPerConnection: s.packetInsPerConnection, upcallsPerConnection: s.upcallsPerConnection,
    flowRemovedPerConnection: s.flowRemovedPerConnection, logLinesPerConnection: s.logLinesPerConnection,
    cpuUsPerConnection: s.cpuUsPerConnection, runQueueWaitUsPerSlice: s.runQueueWaitUsPerSlice,
    redisWriteBeforeShare: s.redisWriteBeforeShare, redisWriteLeadP50Us: s.redisWriteLeadP50Us,
  }]));
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:site-causes: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
