// npm run bench:site — new TCP connections through the site SLR, against the simplest
// possible reactive controller (bench/reference) and against pre-installed static flows
// (the controller not involved: the switch's own limit), on the same Mininet network in
// the same run, alternating rounds. Measured from client c1 with
// testbed-servers/fetch_many.py --connect-only:
//   - connections/s with --concurrency parallel connectors (best round),
//   - connect() time p50/p99 of one connector at a time (best round): the first packet's
//     added latency is the difference to the static column,
//   - the controller's residence time from outside the process: tcpdump on loopback
//     captures the OpenFlow channel and each PACKET_IN is paired with the PACKET_OUT
//     that sends its packet back out (percentiles over every pair of all rounds),
//   - packet-ins and datapath upcalls per connection, FLOW_REMOVEDs per connection.
// Options: --connections N (2000), --latency-connections N (300), --rounds N (2),
// --concurrency N (8), --variant NAME (site config, see site/variants.ts),
// --no-reference, --profile (CPU profile of the controller, see profile:site),
// --strace (system calls per connection of slr and the reference; slows them down),
// --controller-nice N (the event-loop thread of slr and of the reference runs at this
// nice value, e.g. -10: how much of the residence time is waiting for a CPU).
// Ends with one line RESULT {json}.
import { mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../test/support/artifacts';
import { startSite, type Site } from '../test/support/site-harness';
import { fetchMany } from '../test/support/site-traffic';
import { ReferenceProcess } from './site/reference-process';
import { measureRound, summarize, VIP, type RoundOptions, type RoundResult, type Summary } from './site/round';
import { formatProfile, summarizeProfile } from './profile/cpuprofile-summary';
import { fmt, formatTable, numberArg, stringArg } from './site/table';
import { siteVariant } from './site/variants';

const STATIC_COOKIE = '0x5157';

/** Static flows: the VIP's connections spread over the servers by two bits of the client port. */
async function addStaticFlows(site: Site): Promise<void> {
  const servers = site.layout.servers.filter((s) => !s.spare);
  for (let bits = 0; bits < 4; bits++) {
    const s = servers[bits % servers.length]!;
    const flow = `cookie=${STATIC_COOKIE},priority=2000,tcp,nw_dst=${VIP},tp_dst=80,tp_src=${bits}/3,actions=mod_dl_dst:${s.mac},output:${s.port}`;
    await site.net.ofctl('s2', ['add-flow', flow]);
  }
}

async function removeStaticFlows(site: Site): Promise<void> {
  await site.net.ofctl('s2', ['del-flows', `cookie=${STATIC_COOKIE}/-1`]);
}

function profileDir(): string {
  const dir = path.join(REPO_ROOT, '.run', 'profile', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

function printResults(title: string, s: Summary, ref: Summary | undefined, st: Summary): void {
  const ratio = (a: number | null, b: number | null, d = 2): string => (a === null || b === null || b === 0 ? '-' : (a / b).toFixed(d));
  const row = (name: string, pick: (x: Summary) => number | null, digits: number, withRatio: boolean): string[] => [
    name, fmt(pick(s), digits), ref ? fmt(pick(ref), digits) : '-', fmt(pick(st), digits),
    withRatio ? ratio(pick(s), pick(st)) : '-', withRatio && ref ? ratio(pick(ref), pick(st)) : '-',
  ];
  const rows = [
    row('new TCP connections/s', (x) => x.perSecond, 0, true),
    row('connect p50 (ms)', (x) => x.p50Ms, 2, true),
    row('connect p99 (ms)', (x) => x.p99Ms, 2, true),
    row('controller residence p50 (us)', (x) => x.residenceP50Us, 0, false),
    row('controller residence p99 (us)', (x) => x.residenceP99Us, 0, false),
    row('packet-ins per connection (capture)', (x) => x.packetInsPerConnection, 3, false),
    row('packet-ins per connection (slr metric)', (x) => x.slrPacketInsPerConnection, 3, false),
    row('datapath upcalls per connection', (x) => x.upcallsPerConnection, 2, false),
    row('FLOW_REMOVED per connection', (x) => x.flowRemovedPerConnection, 3, false),
    row('slr log lines per connection', (x) => x.logLinesPerConnection, 3, false),
    row('controller CPU per connection (us)', (x) => x.cpuUsPerConnection, 0, false),
    row('  on the event loop thread', (x) => x.mainCpuUsPerConnection, 0, false),
    row('  user (us, 10 ms ticks)', (x) => x.userUsPerConnection, 0, false),
    row('  kernel', (x) => x.systemUsPerConnection, 0, false),
    row('event loop thread: run-queue wait per wake-up (us)', (x) => x.runQueueWaitUsPerSlice, 0, false),
    row('event loop thread: wake-ups per connection', (x) => x.slicesPerConnection, 2, false),
    row('answers preceded by a Redis write (share)', (x) => x.redisWriteBeforeShare, 3, false),
    row('  that write\'s lead on the PACKET_OUT p50 (us)', (x) => x.redisWriteLeadP50Us, 0, false),
  ];
  process.stdout.write(`${title}\n${formatTable(['metric', 'slr', 'reference', 'static flows', 'slr/static', 'ref/static'], rows)}\n`);
  process.stdout.write(`first-packet added latency through slr: p50 ${(s.p50Ms - st.p50Ms).toFixed(2)} ms, p99 ${(s.p99Ms - st.p99Ms).toFixed(2)} ms` +
    (ref ? `; through the reference: p50 ${(ref.p50Ms - st.p50Ms).toFixed(2)} ms, p99 ${(ref.p99Ms - st.p99Ms).toFixed(2)} ms` : '') + '\n');
}

function brief(x: Summary): object {
  const r1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
  return { perSecond: Math.round(x.perSecond), p50Ms: x.p50Ms, p99Ms: x.p99Ms, residenceP50Us: x.residenceP50Us, residenceP99Us: x.residenceP99Us,
    packetInsPerConnection: x.packetInsPerConnection, upcallsPerConnection: x.upcallsPerConnection, flowRemovedPerConnection: x.flowRemovedPerConnection,
    cpuUsPerConnection: r1(x.cpuUsPerConnection), mainCpuUsPerConnection: r1(x.mainCpuUsPerConnection), userUsPerConnection: r1(x.userUsPerConnection),
    systemUsPerConnection: r1(x.systemUsPerConnection), redisWriteBeforeShare: x.redisWriteBeforeShare,
    redisWriteLeadP50Us: x.redisWriteLeadP50Us, runQueueWaitUsPerSlice: r1(x.runQueueWaitUsPerSlice), slicesPerConnection: r1(x.slicesPerConnection) };
}

async function main(): Promise<void> {
  const round: Omit<RoundOptions, 'capturePorts'> = {
    connections: numberArg('--connections', 2000),
    latencyConnections: numberArg('--latency-connections', 300),
    concurrency: numberArg('--concurrency', 8),
  };
  const rounds = numberArg('--rounds', 2);
  const variant = stringArg('--variant', 'default');
  const withReference = !process.argv.includes('--no-reference');
  const profile = process.argv.includes('--profile') ? profileDir() : undefined;
  const strace = process.argv.includes('--strace');
  const nice = Number(stringArg('--controller-nice', '0'));
  if (!Number.isInteger(nice) || nice < -20 || nice > 19) throw new Error('--controller-nice: an integer from -20 to 19');
  const site = await startSite({
    name: 'bench-site', ...siteVariant(variant),
    controllerNodeArgs: profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : undefined,
  });
  let reference: ReferenceProcess | undefined;
  const viaSlr: RoundResult[] = [];
  const viaRef: RoundResult[] = [];
  const viaStatic: RoundResult[] = [];
  try {
    reference = withReference ? await ReferenceProcess.start(site, VIP) : undefined;
    // setpriority on a pid moves that one thread (Linux): the main thread, the event loop's.
    if (nice !== 0) for (const pid of [site.controller.pid, reference?.pid]) if (pid !== undefined) os.setPriority(pid, nice);
    // Warm-up: ARP for the VIP and the L2 flows of the return path.
    await fetchMany(site.net, 'c1', `http://${VIP}/`, { count: 50, concurrency: 2, connectOnly: true });
    const slrPort = site.controller.port;
    for (let i = 0; i < rounds; i++) {
      viaSlr.push(await measureRound(site, { ...round, capturePorts: [slrPort], controllerPid: site.controller.pid, strace, sidePort: site.redis?.port }));
      if (reference) {
        await reference.takeOver(site);
        try {
          viaRef.push(await measureRound(site, { ...round, capturePorts: [reference.port], controllerPid: reference.pid, strace }));
        } finally {
          await reference.giveBack(site);
        }
      }
      await addStaticFlows(site);
      try {
        viaStatic.push(await measureRound(site, { ...round, capturePorts: [slrPort] }));
      } finally {
        await removeStaticFlows(site);
      }
    }
  } finally {
    await reference?.stop();
    await site.stop();
  }
  const a = summarize(viaSlr);
  const r = viaRef.length > 0 ? summarize(viaRef) : undefined;
  const b = summarize(viaStatic);
  const dropped = [...viaSlr, ...viaRef].reduce((n, x) => n + Math.max(0, x.droppedByKernel ?? 0), 0);
  printResults(`bench:site (variant ${variant}${nice !== 0 ? `, controllers at nice ${nice}` : ''})  ${round.connections} connections x ${round.concurrency} connectors, ` +
    `${round.latencyConnections} sequential for latency, best of ${rounds} rounds; capture dropped ${dropped} packets`, a, r, b);
  if (strace) {
    for (const [who, list] of [['slr', viaSlr], ['reference', viaRef]] as const) {
      const r = list[0];
      if (r?.syscalls === undefined) continue;
      const top = r.syscalls.slice(0, 8).map((c) => `${c.name} ${(c.calls / r.connections).toFixed(2)}`).join(', ');
      process.stdout.write(`system calls per connection, ${who} (strace, round 1): ${top}\n`);
    }
  }
  if (profile) {
    const files = readdirSync(profile).filter((f) => f.endsWith('.cpuprofile'));
    process.stdout.write(`controller CPU profile: ${files.map((f) => path.join(profile, f)).join(', ') || `none written in ${profile}`}\n`);
    for (const f of files) process.stdout.write(`${formatProfile(summarizeProfile(path.join(profile, f), 25))}\n`);
  }
  const result = {
    variant,
    controllerNice: nice,
    slr: { perSecond: Math.round(a.perSecond), p50Ms: a.p50Ms, p99Ms: a.p99Ms },
    reference: r ? { perSecond: Math.round(r.perSecond), p50Ms: r.p50Ms, p99Ms: r.p99Ms } : null,
    static: { perSecond: Math.round(b.perSecond), p50Ms: b.p50Ms, p99Ms: b.p99Ms },
    ratioVsStatic: Number((a.perSecond / b.perSecond).toFixed(3)),
    referenceRatioVsStatic: r ? Number((r.perSecond / b.perSecond).toFixed(3)) : null,
    addedLatencyP50Ms: Number((a.p50Ms - b.p50Ms).toFixed(3)),
    addedLatencyP99Ms: Number((a.p99Ms - b.p99Ms).toFixed(3)),
    controllerResidenceP50Us: a.residenceP50Us === null ? null : Math.round(a.residenceP50Us),
    controllerResidenceP99Us: a.residenceP99Us === null ? null : Math.round(a.residenceP99Us),
    referenceResidenceP50Us: r?.residenceP50Us == null ? null : Math.round(r.residenceP50Us),
    referenceResidenceP99Us: r?.residenceP99Us == null ? null : Math.round(r.residenceP99Us),
    packetInsPerConnection: a.packetInsPerConnection,
    details: { slr: brief(a), reference: r ? brief(r) : null, static: brief(b), captureDropped: dropped },
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:site: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
